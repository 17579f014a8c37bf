"""``jxc rollout``: move one warehouse through its cutover, from the command line.

  jxc rollout --db DB --warehouse CK01 status
  jxc rollout --db DB --warehouse CK01 freeze
  jxc rollout --db DB --warehouse CK01 load [PATH...]   (imports PATH first, freezes if
                                                        still legacy, then loads)
  jxc rollout --db DB --warehouse CK01 golive          (through the reconciliation gate)
  jxc rollout --db DB --warehouse CK01 rollback --reason "stock count off by 3%"

A load commits as it goes: killed, it is finished by running ``load`` again.
"""

import time

from ..arguments import cutover_date, existing_paths
from ..errors import CliError
from ..odoo_env import check_postgres, configure, environment

HELP = (
    "Roll a warehouse out: freeze it (legacy snapshot), load its opening stock, open "
    "orders and balances, put it live through the reconciliation gate, or roll it back."
)
ACTIONS = ("status", "freeze", "load", "golive", "rollback")
PILOT_WAREHOUSE = "CK01"


def add_arguments(parser):
    parser.add_argument(
        "--warehouse", required=True, metavar="CODE",
        help="the warehouse's legacy code (or its Odoo code)",
    )
    parser.add_argument("--reason", help="why (recorded with the transition)")
    parser.add_argument(
        "--profile", default="guanjiapo",
        help="mapping profile of the PATHs given to load (default guanjiapo)",
    )
    parser.add_argument("--as-of", help="cut-over date of the PATHs given to load (YYYY-MM-DD)")
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="load only: legacy files or folders to import first")


def find_warehouse(env, code):
    Warehouse = env["stock.warehouse"].with_context(active_test=False)
    warehouse = Warehouse.search([("jxc_legacy_code", "=", code)])
    if not warehouse:
        warehouse = Warehouse.search([("code", "=", code)])
    if len(warehouse) != 1:
        known = Warehouse.search([("jxc_legacy_code", "!=", False)]).mapped("jxc_legacy_code")
        raise CliError(
            "No single warehouse with the code %r%s." % (
                code, "; legacy codes: %s" % ", ".join(sorted(known)) if known else ""),
            exit_code=1,
        )
    return warehouse


def status(warehouse):
    company = warehouse.company_id
    return {
        "warehouse": warehouse.jxc_legacy_code or warehouse.code,
        "name": warehouse.name,
        "state": warehouse.jxc_cutover_state,
        "snapshot": warehouse.jxc_snapshot_batch_id.name or None,
        "holds_migrated_data": warehouse.jxc_migrated,
        "wave": warehouse.jxc_wave_id.name or None,
        "rollout_lock": company.jxc_rollout_lock,
        "opening_balances": company.jxc_opening_move_id.name or None,
        "history": [
            {"date": event.date, "from": event.from_state, "to": event.to_state,
             "user": event.user_id.login, "reason": event.reason or ""}
            for event in warehouse.jxc_rollout_event_ids[:10]
        ],
    }


def _user_error(env, exc, warehouse_id):
    env.cr.rollback()
    env.invalidate_all()
    warehouse = env["stock.warehouse"].browse(warehouse_id)
    raise CliError(str(exc.args[0] if exc.args else exc), exit_code=1,
                   details={"status": status(warehouse)}) from exc


def freeze(env, warehouse, reason):
    warehouse.action_jxc_freeze(reason=reason)
    env.cr.commit()


def load(env, warehouse, reason):
    """Freeze if still legacy, then load; the load commits its finished parts."""
    if warehouse.jxc_cutover_state == "legacy":
        freeze(env, warehouse, reason)
    result = warehouse.action_jxc_load(reason=reason, commit_chunks=True)
    env.cr.commit()
    return result


def golive(env, warehouse, reason):
    """loaded → reconciled (the reconciliation's gate) → live."""
    steps = []
    if warehouse.jxc_cutover_state == "loaded":
        warehouse.action_jxc_mark_reconciled(reason=reason)
        env.cr.commit()
        steps.append("reconciled")
    warehouse.action_jxc_golive(reason=reason)
    env.cr.commit()
    steps.append("live")
    return steps


def run(args):
    from .import_cmd import _batch_report, run_import

    if args.paths and args.action != "load":
        raise CliError("PATHs are read by `load` only.")
    paths = existing_paths(args.paths)
    as_of = cutover_date(args.as_of)
    reason = args.reason or "jxc rollout %s" % args.action
    odoo = configure(args)
    check_postgres(odoo)
    from odoo.exceptions import AccessError, UserError

    started = time.monotonic()
    with environment(odoo, args.db, modules=("jxc_upgrade",)) as env:
        result = {"database": args.db, "action": args.action}
        if args.paths:
            batch = run_import(env, args.profile, paths,
                               as_of=as_of)
            result["import"] = _batch_report(batch, include_issues=False)
        warehouse = find_warehouse(env, args.warehouse)
        warehouse_id = warehouse.id
        try:
            if args.action == "freeze":
                freeze(env, warehouse, reason)
            elif args.action == "load":
                result["load"] = load(env, warehouse, reason)
                if args.paths and warehouse.jxc_snapshot_batch_id.name != batch.name:
                    result["note"] = (
                        "The warehouse stays frozen on its snapshot %s; the new import %s "
                        "is not loaded (roll back, then freeze again to use it)."
                        % (warehouse.jxc_snapshot_batch_id.name, batch.name))
            elif args.action == "golive":
                result["steps"] = golive(env, warehouse, reason)
            elif args.action == "rollback":
                result["rollback"] = warehouse.action_jxc_rollback(reason=reason)
                env.cr.commit()
        except (UserError, AccessError) as exc:
            _user_error(env, exc, warehouse_id)
        result["status"] = status(warehouse)
        result["seconds"] = round(time.monotonic() - started, 1)
        return result


def demo_step(odoo, args, steps):
    """``jxc demo``: freeze and load the pilot warehouse CK01 of the imported sample.

    Safe to run again: a loaded (or later) pilot is kept as it is.
    """
    from odoo.exceptions import UserError

    started = time.monotonic()
    with environment(odoo, args.db, modules=("jxc_upgrade",)) as env:
        warehouse = env["stock.warehouse"].search(
            [("jxc_legacy_code", "=", PILOT_WAREHOUSE)], limit=1)
        if not warehouse:
            raise CliError("The demo's import made no warehouse %s." % PILOT_WAREHOUSE)
        if warehouse.jxc_cutover_state not in ("legacy", "frozen"):
            steps.append({"step": "rollout pilot %s" % PILOT_WAREHOUSE,
                          "result": "already %s, kept" % warehouse.jxc_cutover_state})
            return
        reason = "jxc demo: pilot warehouse"
        try:
            result = load(env, warehouse, reason)
        except UserError as exc:
            env.cr.rollback()
            raise CliError("Rollout of the pilot %s failed: %s" % (PILOT_WAREHOUSE, exc),
                           exit_code=1) from exc
        stock, orders, balances = result["stock"], result["orders"], result["balances"]
        steps.append({
            "step": "rollout pilot %s" % PILOT_WAREHOUSE,
            "result": "%s: frozen on %s, loaded %s stock lines (qty %s, value %s), "
                      "%s open orders, opening balances %s" % (
                          warehouse.jxc_cutover_state, result["snapshot"], stock.get("lines"),
                          stock.get("qty"), stock.get("value"),
                          orders["orders_created"] + orders["orders_kept"],
                          balances.get("move") or "none"),
            "seconds": round(time.monotonic() - started, 1),
        })
