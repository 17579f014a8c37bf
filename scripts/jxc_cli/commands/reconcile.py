"""``jxc reconcile``: compare the legacy snapshot with Odoo, from the command line.

  jxc reconcile --db DB                        every warehouse of the latest snapshot
  jxc reconcile --db DB --warehouse CK01       one warehouse (repeat for more)
  jxc reconcile --db DB --batch IMP/2026/0003  a given import batch
  jxc reconcile --db DB --file PATH --profile kingdee_kis   a newer legacy export
  jxc reconcile --db DB --warehouse CK01 --sign-off "counted with the store manager"

Exit status 0 when every blocking check passes, 1 when differences remain (the run
is kept either way: it is the history of the rounds), 2 on a usage error.
"""

import os
import time

from ..errors import CliError
from ..odoo_env import check_postgres, configure, environment

HELP = (
    "Reconcile the legacy snapshot with Odoo (counts, stock per product and lot with "
    "expiry, value, AR/AP, open orders, 合计): exit 0 when every blocking check passes, "
    "1 when differences remain."
)
PILOT_WAREHOUSE = "CK01"
SAMPLE_DIFFERENCES = 20


def add_arguments(parser):
    parser.add_argument("--warehouse", action="append", metavar="CODE", default=[],
                        help="a warehouse's legacy (or Odoo) code; repeat for several; "
                        "default: every warehouse of the snapshot")
    parser.add_argument("--batch", metavar="ID_OR_NAME",
                        help="the import batch to compare (default: the warehouses' "
                        "snapshot, else the latest imported batch)")
    parser.add_argument("--file", action="append", metavar="PATH", default=[],
                        help="compare a newly read legacy export instead of a staged batch")
    parser.add_argument("--profile", default="guanjiapo",
                        help="mapping profile of --file (default guanjiapo)")
    parser.add_argument("--qty-tol", type=float, default=0.0,
                        help="absolute quantity tolerance, base unit (default 0)")
    parser.add_argument("--qty-rel", type=float, default=0.0,
                        help="relative quantity tolerance, e.g. 0.001 (default 0)")
    parser.add_argument("--value-tol", type=float, default=0.0,
                        help="absolute amount tolerance, company currency (default 0)")
    parser.add_argument("--value-rel", type=float, default=0.0,
                        help="relative amount tolerance (default 0)")
    parser.add_argument("--cap", type=int, default=10000,
                        help="differences kept per check (default 10000)")
    parser.add_argument("--informational", action="store_true",
                        help="report only: nothing blocks, the run cannot be signed off")
    parser.add_argument("--sign-off", metavar="NOTE",
                        help="sign the run off with this note when it passes")


def _warehouses(env, codes):
    from .rollout import find_warehouse

    warehouses = env["stock.warehouse"]
    for code in codes:
        warehouses |= find_warehouse(env, code)
    return warehouses


def _batch(env, ref):
    if not ref:
        return env["jxc.import.batch"]
    Batch = env["jxc.import.batch"]
    batch = Batch.browse(int(ref)).exists() if ref.isdigit() else Batch.search(
        [("name", "=", ref)], limit=1)
    if not batch:
        raise CliError("No import batch %r." % ref)
    return batch


def reconcile(env, warehouses=None, batch=None, paths=None, profile=None, params=None,
              sign_off=None):
    """Run (and commit) one reconciliation; shared by ``jxc reconcile`` and the demo."""
    from odoo.exceptions import AccessError, UserError

    vals = {
        "warehouse_ids": [(6, 0, (warehouses or env["stock.warehouse"]).ids)],
        "batch_id": batch.id if batch else False,
        "source": "file" if paths else "batch",
    }
    if paths:
        found = env["jxc.import.profile"].search([("code", "=", profile)], limit=1)
        if not found:
            raise CliError("Unknown profile %r." % profile)
        vals["profile_id"] = found.id
    vals.update(params or {})
    run = env["jxc.reconcile.run"].create(vals)
    try:
        run.action_run(paths=paths or None)
        env.cr.commit()
    except (UserError, AccessError) as exc:
        env.cr.rollback()
        raise CliError(str(exc.args[0] if exc.args else exc), exit_code=1) from exc
    signed = None
    if sign_off is not None:
        if run.passed:
            run.action_sign_off(note=sign_off)
            env.cr.commit()
            signed = True
        else:
            signed = False
    return run, signed


def report(run, signed=None):
    """The run as the command prints it."""
    causes = dict(run.env["jxc.reconcile.difference"]._fields["cause"]._description_selection(
        run.env))
    checks = [
        {
            "check": result.name,
            "warehouse": result.warehouse_id.jxc_legacy_code or result.warehouse_id.code
            or "company",
            "legacy": round(result.legacy_value, 4),
            "odoo": round(result.odoo_value, 4),
            "diff": round(result.diff, 4),
            "mismatches": result.mismatch_count,
            "blocking": result.blocking_count if result.blocking else 0,
            "passed": result.passed,
        }
        for result in run.result_ids
    ]
    differences = run.difference_ids.filtered("blocking")[:SAMPLE_DIFFERENCES]
    result = {
        "run": run.name,
        "run_id": run.id,
        "passed": run.passed,
        "state": run.state,
        "batch": run.batch_id.name,
        "warehouses": run.warehouse_ids.mapped(lambda w: w.jxc_legacy_code or w.code),
        "snapshot_hash": run.snapshot_hash,
        "checks": checks,
        "differences": run.difference_count,
        "blocking_differences": run.blocking_count,
        "mismatching_keys": run.mismatch_count,
        "by_cause": {causes.get(code, code): count
                     for code, count in (run.cause_summary or {}).items() if count},
        "first_blocking": [
            {"check": d.check_code, "key": d.key, "cause": d.cause,
             "legacy": d.legacy_qty if d.legacy_qty or d.odoo_qty else d.legacy_value,
             "odoo": d.odoo_qty if d.legacy_qty or d.odoo_qty else d.odoo_value,
             "note": d.note or ""}
            for d in differences
        ],
        "seconds": round(run.duration, 2),
    }
    if run.previous_run_id:
        result["previous_round"] = {"run": run.previous_run_id.name,
                                    "fixed": run.fixed_count, "new": run.new_count,
                                    "still_open": run.open_count}
    if signed is not None:
        result["signed_off"] = signed
        if not signed:
            result["sign_off_refused"] = "the run has blocking differences"
    return result


def run(args):
    missing = [p for p in args.file if not os.path.exists(p)]
    if missing:
        raise CliError("No such file or folder: %s" % ", ".join(missing))
    if args.cap < 1:
        raise CliError("--cap must be at least 1.")
    for name in ("qty_tol", "qty_rel", "value_tol", "value_rel"):
        if getattr(args, name) < 0:
            raise CliError("--%s cannot be negative." % name.replace("_", "-"))
    if args.qty_rel >= 1 or args.value_rel >= 1:
        raise CliError("A relative tolerance is a fraction below 1 (0.001 = 0.1 %).")
    if args.sign_off is not None and not args.sign_off.strip():
        raise CliError("--sign-off needs a note: what was checked, why it is accepted.")
    odoo = configure(args)
    check_postgres(odoo)
    params = {
        "qty_abs_tol": args.qty_tol, "qty_rel_tol": args.qty_rel,
        "value_abs_tol": args.value_tol, "value_rel_tol": args.value_rel,
        "cap": args.cap, "informational": args.informational,
    }
    started = time.monotonic()
    with environment(odoo, args.db, modules=("jxc_upgrade", "jxc_reconcile")) as env:
        warehouses = _warehouses(env, args.warehouse)
        batch = _batch(env, args.batch)
        reconciliation, signed = reconcile(
            env, warehouses, batch, [os.path.abspath(p) for p in args.file], args.profile,
            params, args.sign_off)
        result = {"database": args.db, **report(reconciliation, signed),
                  "total_seconds": round(time.monotonic() - started, 1)}
        if not reconciliation.passed:
            result["_exit_code"] = 1
        return result


def demo_step(odoo, args, steps):
    """``jxc demo``: reconcile the pilot warehouse; sign the run off when it passes.

    Safe to run again: each run is a new round, compared with the previous one.
    """
    started = time.monotonic()
    with environment(odoo, args.db, modules=("jxc_upgrade", "jxc_reconcile")) as env:
        warehouse = env["stock.warehouse"].search(
            [("jxc_legacy_code", "=", PILOT_WAREHOUSE)], limit=1)
        step = "reconcile pilot %s" % PILOT_WAREHOUSE
        if not warehouse or warehouse.jxc_cutover_state in ("legacy", "frozen"):
            steps.append({"step": step, "result": "skipped: the pilot is not loaded (%s)"
                          % (warehouse.jxc_cutover_state if warehouse else "missing")})
            return
        reconciliation, signed = reconcile(
            env, warehouse, sign_off="jxc demo: the pilot's figures match the legacy "
            "snapshot (automatic sign-off of the demonstration)")
        counts = report(reconciliation, signed)
        steps.append({
            "step": step,
            "result": "%s: %s, %s blocking of %s differences (%s)%s" % (
                reconciliation.name,
                "passed" if reconciliation.passed else "NOT passed",
                reconciliation.blocking_count, reconciliation.difference_count,
                ", ".join("%s %s" % kv for kv in counts["by_cause"].items()) or "none",
                ", signed off" if signed else ""),
            "seconds": round(time.monotonic() - started, 1),
        })
