"""``jxc expiry-scan``: the GSP expiry scan of jxc_pharmacy_expiry, on demand.

It recomputes the alert state of every lot (normal / near expiry level 1-3 / expired) in
sets, raises the alerts and activities of new transitions only, and prints the lots in
stock per state. The same scan runs every day as a scheduled action.
"""

import datetime
import time

from ..errors import CliError
from ..odoo_env import check_postgres, configure, environment

HELP = (
    "Run the GSP expiry scan on a database (alert states, alerts and activities of new "
    "transitions) and print the lots in stock per state."
)
STATES = ("normal", "near_1", "near_2", "near_3", "expired")
MODULES = ("jxc_pharmacy_expiry",)


def add_arguments(parser):
    parser.add_argument(
        "--date",
        help="scan as of this day (YYYY-MM-DD; default today). A later date shows what "
        "the scan will find then; it writes the states and alerts of that day.",
    )


def _parse_date(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CliError("--date must be YYYY-MM-DD, not %r" % value) from exc


def scan(env, today=None):
    """Run the scan in ``env`` and return the scan figures and the summary per level."""
    if "gsp_expiry_state" not in env["stock.lot"]._fields:
        raise CliError("The addon jxc_pharmacy_expiry is not installed on this database.")
    lots = env["stock.lot"]
    result = lots._gsp_scan_expiry(today=today)
    summary = lots._gsp_stock_summary()
    return {
        "scan": result,
        "lots_in_stock": {state: summary.get(state, {"lots": 0, "quantity": 0.0})
                          for state in STATES},
    }


def run(args):
    today = _parse_date(args.date)
    odoo = configure(args)
    check_postgres(odoo)
    started = time.monotonic()
    with environment(odoo, args.db, modules=MODULES) as env:
        result = scan(env, today)
    return {
        "database": args.db,
        **result,
        "seconds": round(time.monotonic() - started, 2),
    }


def demo_step(odoo, args, steps):
    """For ``jxc demo``: switch the expiry lock and receipt control on for the demo
    company, run the scan and append its summary per level to ``steps``. Safe to run again."""
    started = time.monotonic()
    with environment(odoo, args.db, modules=MODULES) as env:
        company = env.company
        company.write({"gsp_expiry_lock": True, "gsp_receipt_control": True})
        company_name = company.name
        result = scan(env)
    step = {
        "step": "expiry scan",
        "result": "lock on for %s; %d lots changed state, %d new alerts"
        % (company_name, result["scan"]["changed"], result["scan"]["new_alerts"]),
    }
    for state in STATES:
        step[state] = result["lots_in_stock"][state]["lots"]
    step["seconds"] = round(time.monotonic() - started, 1)
    steps.append(step)
    return step
