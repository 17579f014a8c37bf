#!/usr/bin/env python3
"""Benchmark the GSP expiry scan of jxc_pharmacy_expiry against Odoo's own alert job.

  scripts/bench_expiry_scan.py                 1,000,000 lots with stock (about 4 min)
  scripts/bench_expiry_scan.py --lots 20000    a quick run
  scripts/bench_expiry_scan.py --keep          keep the database jxc_bench_expiry

It creates its own database (jxc_bench_expiry), installs jxc_pharmacy_expiry, generates
the lots with plain SQL (200 products in two categories, one lot = one quant in WH/Stock,
expiry dates spread from 100 days ago to 1000 days ahead, half the lots with a production
date; one category has thresholds in % of shelf life), then times, on the same data:

  * our scan (stock.lot._gsp_scan_expiry): first run (every lot gets its state, every
    near-expiry/expired lot in stock its alert), a re-run the same day (nothing changes),
    and a run 30 days later (the lots that cross a level);
  * Odoo's product_expiry job (stock.lot._alert_date_exceeded), which schedules one
    activity per lot through the ORM. At 1M lots it would take hours, so it runs on a
    sample of the lots it would process (--odoo-sample, default 2,000) and the time is
    extrapolated linearly to all of them; the output says so.

The database is dropped at the end unless --keep.
"""

# pylint: disable=print-used
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from jxc_cli.errors import CliError  # noqa: E402
from jxc_cli.odoo_env import (  # noqa: E402
    add_connection_arguments,
    check_postgres,
    configure,
    odoo_argv,
)

DEFAULT_DB = "jxc_bench_expiry"
PRODUCTS = 200


def log(message):
    print("[bench] %s" % message, file=sys.stderr, flush=True)


def drop_db(odoo, dbname):
    from odoo.service import db as db_service

    if dbname in db_service.list_dbs(force=True):
        db_service.exp_drop(dbname)


def install(args):
    cmd = [sys.executable, "-m", "odoo"] + odoo_argv(
        args,
        [
            "-d", args.db, "-i", "jxc_pharmacy_expiry", "--without-demo", "all",
            "--stop-after-init", "--max-cron-threads", "0", "--http-port", "0",
        ],
    )
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise CliError("installing jxc_pharmacy_expiry failed:\n%s" % proc.stderr[-3000:], 1)


def generate(env, lots):
    """Products through the ORM (few), lots and quants with plain SQL (many)."""
    cr = env.cr
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    categories = env["product.category"].create(
        [{"name": "Bench Tablets"}, {"name": "Bench Injections"}]
    )
    env["gsp.expiry.threshold"].create(
        [
            {"categ_id": categories[1].id, "level": level, "value": value, "unit": "percent"}
            for level, value in (("1", 50), ("2", 25), ("3", 10))
        ]
    )
    products = env["product.product"].create(
        [
            {
                "name": "Bench drug %03d" % index,
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "expiration_time": 730,
                "alert_time": 180,
                "gsp_shelf_life": 24,
                "gsp_shelf_life_unit": "months",
                "categ_id": categories[index % 2].id,
                "standard_price": 1.0 + index % 17,
            }
            for index in range(PRODUCTS)
        ]
    )
    env.flush_all()
    product_ids = products.ids
    started = time.monotonic()
    # Lots: expiry from -100 to +999 days, spread by a multiplicative hash of the row.
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, expiration_date, alert_date,
                               production_date, product_expiry_reminded,
                               create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH-' || g, (%(products)s::int[])[1 + g %% %(nproducts)s], %(company)s,
               e.expiry, e.expiry - interval '180 days',
               CASE WHEN g %% 2 = 0 THEN (e.expiry - interval '730 days')::date END,
               false, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(lots)s) g,
               LATERAL (SELECT date_trunc('day', now() AT TIME ZONE 'UTC')
                               + ((g::bigint * 7919) %% 1100 - 100) * interval '1 day'
                               + interval '12 hours' AS expiry) e
        """,
        {"products": product_ids, "nproducts": len(product_ids), "company": company.id,
         "lots": lots},
    )
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
                                 reserved_quantity, in_date, expiration_date,
                                 create_uid, write_uid, create_date, write_date)
        SELECT l.product_id, l.company_id, %(location)s, l.id, 1 + l.id %% 50, 0,
               now() AT TIME ZONE 'UTC', l.expiration_date, 1, 1,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM stock_lot l
         WHERE l.name LIKE 'BENCH-%%'
        """,
        {"location": warehouse.lot_stock_id.id},
    )
    cr.execute("ANALYZE stock_lot; ANALYZE stock_quant")
    env.invalidate_all()
    return round(time.monotonic() - started, 1)


def timed(registry, function):
    """Run ``function(env)`` in its own transaction (committed) and time it."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.monotonic()
        result = function(env)
        env.flush_all()
        seconds = time.monotonic() - started
    return seconds, result


def bench_odoo_job(registry, sample):
    """Odoo's _alert_date_exceeded on ``sample`` of the lots it would process; rolled back."""
    from odoo import SUPERUSER_ID, api, fields

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        today = fields.Date.today()
        cr.execute(
            """
            SELECT l.id FROM stock_lot l
             WHERE l.alert_date <= %s AND NOT COALESCE(l.product_expiry_reminded, false)
               AND EXISTS (SELECT 1 FROM stock_quant q JOIN stock_location sl
                              ON sl.id = q.location_id
                            WHERE q.lot_id = l.id AND q.quantity > 0
                              AND sl.usage = 'internal')
          ORDER BY l.id
            """,
            (today,),
        )
        eligible = [row[0] for row in cr.fetchall()]
        chosen = eligible[:sample]
        if len(chosen) < len(eligible):
            # The others count as reminded already: the job processes the sample only.
            cr.execute(
                "UPDATE stock_lot SET product_expiry_reminded = true "
                "WHERE alert_date <= %s AND id <> ALL(%s)",
                (today, chosen),
            )
        env.invalidate_all()
        started = time.monotonic()
        env["stock.lot"]._alert_date_exceeded()
        env.flush_all()
        seconds = time.monotonic() - started
        cr.execute(
            "SELECT count(*) FROM mail_activity WHERE res_model = 'stock.lot' "
            "AND activity_type_id = %s",
            (env.ref("product_expiry.mail_activity_type_alert_date_reached").id,),
        )
        activities = cr.fetchone()[0]
        cr.rollback()
    return seconds, len(chosen), len(eligible), activities


def rate(count, seconds):
    return round(count / seconds) if seconds else 0


def main():
    parser = argparse.ArgumentParser(
        prog="scripts/bench_expiry_scan.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--lots", type=int, default=1_000_000, help="lots with stock")
    parser.add_argument("--odoo-sample", type=int, default=2000,
                        help="lots on which Odoo's own job is timed (then extrapolated)")
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_connection_arguments(parser)
    args = parser.parse_args()
    try:
        odoo = configure(args)
        check_postgres(odoo)
    except CliError as exc:
        print("bench: cannot run: %s" % exc.message, file=sys.stderr)
        return 2
    from odoo.modules.registry import Registry

    figures = {"lots": args.lots, "database": args.db}
    try:
        drop_db(odoo, args.db)
        started = time.monotonic()
        log("installing jxc_pharmacy_expiry in %s" % args.db)
        install(args)
        figures["install_seconds"] = round(time.monotonic() - started, 1)
        registry = Registry(args.db)
        log("generating %d lots with stock" % args.lots)
        seconds, gen_seconds = timed(registry, lambda env: generate(env, args.lots))
        figures["generate_seconds"] = gen_seconds
        from odoo import fields

        today = fields.Date.today()
        runs = []
        for label, day in (
            ("first run (all lots new)", today),
            ("re-run, same day", today),
            ("30 days later", today + datetime.timedelta(days=30)),
        ):
            log("our scan: %s" % label)
            seconds, result = timed(
                registry, lambda env, day=day: env["stock.lot"]._gsp_scan_expiry(today=day)
            )
            runs.append({"run": label, "seconds": round(seconds, 2),
                         "lots_per_s": rate(args.lots, seconds),
                         "changed": result["changed"], "new_alerts": result["new_alerts"],
                         "digests": result["digests"]})
        figures["ours"] = runs
        figures["load_average"] = round(os.getloadavg()[0], 1)
        _s, summary = timed(registry, lambda env: env["stock.lot"]._gsp_stock_summary())
        figures["states_after_30_days"] = {k: v["lots"] for k, v in summary.items()}
        log("Odoo's _alert_date_exceeded on a sample of %d lots" % args.odoo_sample)
        seconds, sampled, eligible, activities = bench_odoo_job(registry, args.odoo_sample)
        per_lot = seconds / sampled if sampled else 0.0
        figures["odoo"] = {
            "lots_eligible": eligible,
            "lots_timed": sampled,
            "seconds_timed": round(seconds, 2),
            "lots_per_s": rate(sampled, seconds),
            "activities_created": activities,
            "extrapolated": sampled < eligible,
            "seconds_for_all_eligible": round(per_lot * eligible, 1),
        }
    except CliError as exc:
        print("bench: %s" % exc.message, file=sys.stderr)
        return exc.exit_code
    finally:
        if args.keep:
            log("database kept: %s" % args.db)
        else:
            Registry.delete(args.db)
            drop_db(odoo, args.db)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    odoo_fig = figures["odoo"]
    print("\nGSP expiry scan benchmark: %d lots with stock (database %s)"
          % (args.lots, args.db))
    print("  machine: %d CPU(s), load average %.1f at the end (other work on the machine "
          "slows every figure alike)" % (os.cpu_count() or 0, os.getloadavg()[0]))
    print("  generated with SQL in %.1fs; install %.1fs" % (
        figures["generate_seconds"], figures["install_seconds"]))
    print("\n  %-46s %10s %12s  %s" % ("job", "seconds", "lots/s", "what it did"))
    for run in figures["ours"]:
        print("  %-46s %10.2f %12d  %d states changed, %d alerts, %d digests" % (
            "ours: " + run["run"], run["seconds"], run["lots_per_s"], run["changed"],
            run["new_alerts"], run["digests"]))
    if odoo_fig["extrapolated"]:
        print("  %-46s %10.1f %12d  %s" % (
            "Odoo _alert_date_exceeded (extrapolated)", odoo_fig["seconds_for_all_eligible"],
            odoo_fig["lots_per_s"],
            "timed on %d of the %d lots it would process (%.2fs), then scaled linearly"
            % (odoo_fig["lots_timed"], odoo_fig["lots_eligible"], odoo_fig["seconds_timed"])))
    else:
        print("  %-46s %10.2f %12d  %d lots, one activity each" % (
            "Odoo _alert_date_exceeded", odoo_fig["seconds_timed"], odoo_fig["lots_per_s"],
            odoo_fig["lots_timed"]))
    print("\n  lots in stock per state after the runs: %s" % ", ".join(
        "%s=%d" % item for item in figures["states_after_30_days"].items()))
    first = figures["ours"][0]["seconds"]
    print("  target: under 10 s for 1M lots — first run %.2fs for %d lots: %s" % (
        first, args.lots, "met" if first * 1_000_000 / max(args.lots, 1) < 10 else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
