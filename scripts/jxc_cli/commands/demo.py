"""``jxc demo``: a complete, working demonstration database from the project's own data."""

import os
import time

from ..errors import CliError
from ..odoo_env import SUITE, check_postgres, configure, database_exists, environment
from ..serve import STATE_DIR, serve

HELP = (
    "Create a database, install the suite with l10n_cn and zh_CN, run the sample "
    "migration and leave Odoo serving on http://localhost:8069."
)
DB_REQUIRED = False
DEFAULT_DB = "jxc_demo"
EXTRA_MODULES = ("l10n_cn",)


def add_arguments(parser):
    parser.set_defaults(db=DEFAULT_DB)
    parser.add_argument(
        "--reset", action="store_true", help="drop the database first if it exists"
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="build the database, do not start Odoo"
    )
    parser.add_argument("--http-port", type=int, default=8069)
    parser.add_argument(
        "--admin-password", default="admin", help="password of the 'admin' login (default admin)"
    )


def _create_database(odoo, args, steps):
    from odoo.service import db as db_service

    if database_exists(odoo, args.db):
        if not args.reset:
            steps.append({"step": "create database", "result": "exists, kept"})
            return
        db_service.exp_drop(args.db)
        steps.append({"step": "drop database", "result": "dropped (--reset)"})
    started = time.monotonic()
    # country CN makes `account` pick the Chinese chart of accounts (l10n_cn).
    db_service.exp_create_database(
        args.db, False, "zh_CN", user_password=args.admin_password, login="admin", country_code="CN"
    )
    steps.append(
        {"step": "create database", "result": "created, zh_CN, country CN",
         "seconds": round(time.monotonic() - started, 1)}
    )


def _install_suite(odoo, args, steps):
    """Install what is missing and upgrade what is there, as ``odoo -i/-u`` would.

    The registry is built with the update flags set, never loaded first: the code of an
    upgraded addon may have fields its tables do not have yet.
    """
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.sql_db import db_connect
    from odoo.tools import config

    started = time.monotonic()
    wanted = list(EXTRA_MODULES + SUITE)
    with db_connect(args.db).cursor() as cr:
        cr.execute("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [wanted])
        states = dict(cr.fetchall())
    config["init"] = {m: 1 for m in wanted if states.get(m) != "installed"}
    config["update"] = {m: 1 for m in SUITE if states.get(m) == "installed"}
    if any(m not in states for m in wanted):
        config["update"]["base"] = 1  # refreshes the module list, as `-u base` does
    try:
        registry = Registry.new(args.db, update_module=True)
    finally:
        config["init"], config["update"] = {}, {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        missing = [m for m in wanted if env["ir.module.module"].search_count(
            [("name", "=", m), ("state", "=", "installed")]) == 0]
        if missing:
            raise CliError("Could not install: %s (see Odoo's log above)" % ", ".join(missing))
        # Users work in Chinese and English: both languages stay active.
        env["res.lang"]._activate_lang("en_US")
    steps.append(
        {"step": "install", "result": ", ".join(wanted),
         "seconds": round(time.monotonic() - started, 1)}
    )


def _sample_folder(args):
    """The demo's legacy export: generated (the project ships no customer's data), dirty
    as real 管家婆 exports are, the same on every run."""
    from odoo.addons.jxc_upgrade.engine import samples

    folder = os.path.join(STATE_DIR, "samples", args.db)
    data = samples.build()
    samples.write_guanjiapo(data, os.path.join(folder, "guanjiapo"))
    return data, os.path.join(folder, "guanjiapo")


def _import_master_data(odoo, args, steps):
    from .import_cmd import run_import

    data, folder = _sample_folder(args)
    started = time.monotonic()
    with environment(odoo, args.db) as env:
        batch = run_import(env, "guanjiapo", [folder], as_of=data["as_of"])
        steps.append({
            "step": "import master data",
            "result": "%s: %s" % (batch.name, ", ".join(
                "%s %s" % (entity, "/".join("%s %s" % kv for kv in counts.items()))
                for entity, counts in (batch.result or {}).items())),
            "rejected": batch.reject_count,
            "flagged": batch.flag_count,
            "seconds": round(time.monotonic() - started, 1),
        })


def _switch_on_rules(odoo, args, steps):
    """The demo shows the suite as a customer runs it: the rules that change Odoo's own
    behaviour (off by default) are switched on by the setup wizard."""
    from .setup import apply_setup

    with environment(odoo, args.db) as env:
        result = apply_setup(env)
    steps.append({"step": "setup", "result": "on: %s" % ", ".join(
        setting["setting"] for setting in result["settings"] if setting["now"])})


def _rollout_pilot(odoo, args, steps):
    from . import rollout

    rollout.demo_step(odoo, args, steps)


def _reconcile_pilot(odoo, args, steps):
    from . import reconcile

    reconcile.demo_step(odoo, args, steps)


def _expiry_scan(odoo, args, steps):
    from . import expiry_scan

    expiry_scan.demo_step(odoo, args, steps)


def _summary(odoo, args):
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        modules = env["ir.module.module"].search(
            [("name", "in", list(SUITE + EXTRA_MODULES)), ("state", "=", "installed")]
        )
        return {
            "company": company.name,
            "chart_of_accounts": company.chart_template,
            "languages": env["res.lang"].search([]).mapped("code"),
            "installed": sorted(modules.mapped("name")),
        }


# Later capabilities append their step here (import, rollout, reconcile, expiry scan);
# each takes (odoo, args, steps) and must be safe to run again on the same database.
STEPS = [_create_database, _install_suite, _import_master_data, _switch_on_rules,
         _rollout_pilot, _reconcile_pilot, _expiry_scan]


def run(args):
    odoo = configure(args)
    check_postgres(odoo)
    steps = []
    for step in STEPS:
        step(odoo, args, steps)
    result = {"database": args.db, "steps": steps, "summary": _summary(odoo, args)}
    if not args.no_serve:
        result["odoo"] = serve(args, args.db, args.http_port)
        result["odoo"]["login"] = "admin / %s" % args.admin_password
    return result
