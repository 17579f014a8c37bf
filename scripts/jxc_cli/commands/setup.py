"""``jxc setup``: the suite's setup wizard from the command line.

Lists the settings of the installed addons of the suite that change Odoo's own
behaviour (off by default) and switches them to the value a migrating company runs
with, through the same wizard (``jxc.suite.setup``) as the web client. ``--off``
switches them back to Odoo's standard behaviour; ``--list`` changes nothing.
"""

from ..errors import CliError
from ..odoo_env import check_postgres, configure, environment

HELP = (
    "Switch on the suite's rules that change Odoo's behaviour (warehouse lock of the "
    "rollout, expiry lock, receipt control) for a company; --off switches them off."
)
MODULES = ("jxc_upgrade",)


def add_arguments(parser):
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--off", action="store_true",
                      help="switch the settings off (Odoo's standard behaviour)")
    what.add_argument("--list", action="store_true", help="show the settings, change nothing")
    parser.add_argument("--company", help="company name (default: the main company)")


def apply_setup(env, company=None, off=False, dry=False):
    """Run the setup wizard in ``env``; returns the settings before and after."""
    company = company or env.company
    wizard = env["jxc.suite.setup"].with_company(company).create(
        {"company_id": company.id, "mode": "standard" if off else "recommended"})
    before = {line.name: line.current for line in wizard.line_ids}
    changes = wizard.line_ids.filtered("apply")
    if not dry and changes:
        wizard.action_apply()
    after = env["jxc.suite.setup"].with_company(company).create(
        {"company_id": company.id}).line_ids
    return {
        "company": company.name,
        "changed": 0 if dry else len(changes),
        "settings": [
            {"setting": line.name, "label": line.label, "before": before[line.name],
             "now": line.current, "recommended": line.recommended}
            for line in after
        ],
    }


def run(args):
    odoo = configure(args)
    check_postgres(odoo)
    with environment(odoo, args.db, modules=MODULES) as env:
        company = env.company
        if args.company:
            company = env["res.company"].search([("name", "=", args.company)], limit=1)
            if not company:
                raise CliError("No company named %r in %r." % (args.company, args.db))
        return {"database": args.db, **apply_setup(env, company, off=args.off,
                                                   dry=args.list)}
