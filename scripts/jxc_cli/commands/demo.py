"""``jxc demo``: a complete, working demonstration database from the project's own data."""

import time

from ..errors import CliError
from ..odoo_env import SUITE, check_postgres, configure, database_exists
from ..serve import serve

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
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    started = time.monotonic()
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.module.module"].update_list()
        wanted = list(EXTRA_MODULES + SUITE)
        modules = env["ir.module.module"].search([("name", "in", wanted)])
        missing = set(wanted) - set(modules.mapped("name"))
        if missing:
            raise CliError("Addons not found on the addons path: %s" % ", ".join(sorted(missing)))
        to_install = modules.filtered(lambda m: m.state != "installed")
        if to_install:
            to_install.button_immediate_install()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # Users work in Chinese and English: both languages stay active.
        env["res.lang"]._activate_lang("en_US")
    steps.append(
        {"step": "install", "result": ", ".join(wanted),
         "seconds": round(time.monotonic() - started, 1)}
    )


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
STEPS = [_create_database, _install_suite]


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
