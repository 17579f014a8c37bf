#!/usr/bin/env python3
"""Benchmark: opening stock with lots, our loader against Odoo's own way.

A generated 金蝶KIS-style set (by default at least 200,000 stock lines — 202,370 — with
lots over 4 warehouses)
is imported (master data) first. Then, in the same database and the same run:

* Odoo's way on the first ``--native-lines`` lines — lots created, one inventory-mode
  quant per line (``stock.quant`` inventory import), ``action_apply_inventory`` —
  timed and rolled back (at 200,000 lines it would take hours: its rate is measured on
  the sample and the full time extrapolated, as printed);
* ``OpeningStockLoader`` on every line of every warehouse.

Both rates are printed side by side, with the check that our quants and valuation
layers hold the legacy quantity and value.

  python3 scripts/bench_opening_stock.py [--lines 200000] [--native-lines 5000] [--keep]
"""

# pylint: disable=print-used

import argparse
import datetime
import math
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from jxc_cli.bench import create_database, drop_database, print_table, timer
from jxc_cli.odoo_env import add_connection_arguments, check_postgres, configure

DB = "jxc_bench_stock"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200000,
                        help="at least this many stock lines (default 200000)")
    parser.add_argument("--native-lines", type=int, default=5000,
                        help="lines given to Odoo's own way (default 5000)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    add_connection_arguments(parser)
    args = parser.parse_args()
    odoo = configure(args)
    check_postgres(odoo)
    print("creating database %s …" % DB, flush=True)
    create_database(args, DB, ["jxc_upgrade"])

    from jxc_cli.commands.import_cmd import run_import

    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    from odoo.addons.jxc_upgrade.engine import samples
    from odoo.addons.jxc_upgrade.services.opening_stock import OpeningStockLoader

    # 4 warehouses, 3/4 of the product × warehouse pairs stocked, with (1+L)/2 lots each
    # for the 85% of products tracked by lot and one line for the others; 1% more
    # products for the randomness (at least --lines lines are generated).
    lots_per_product = 26
    per_product = 4 * 0.75 * (0.85 * (1 + lots_per_product) / 2 + 0.15)
    products = max(10, math.ceil(args.lines * 1.01 / per_product))
    folder = tempfile.mkdtemp(prefix="jxc-bench-")
    results = {}
    try:
        data = samples.build(products=products, partners=10, warehouses=4,
                             lots_per_product=lots_per_product, dirty=False, orders=0)
        while len(data["stock"]) < args.lines:  # a short draw: a larger set instead
            products += math.ceil((args.lines - len(data["stock"])) / per_product)
            data = samples.build(products=products, partners=10, warehouses=4,
                                 lots_per_product=lots_per_product, dirty=False, orders=0)
        expected = samples.expected(data)
        samples.write_kingdee(data, folder, stock_format="csv")
        lines = len(data["stock"])
        print("%d products, %d stock lines, %d lots; importing master data …"
              % (products, lines, expected["lots"]), flush=True)
        registry = Registry(DB)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            with timer(results, "import"):
                batch = run_import(env, "kingdee_kis", [folder], as_of=data["as_of"])
            print("import %s: %.0fs" % (batch.name, results["import"]), flush=True)
            warehouses = env["stock.warehouse"].search([("jxc_legacy_code", "!=", False)])
            stock_lines = env["jxc.legacy.stock.line"].search(
                [("batch_id", "=", batch.id)], order="id")

            # Odoo's way on a sample, rolled back.
            sample = stock_lines[:args.native_lines]
            started = time.monotonic()
            lot_vals = {}
            for line in sample:
                if line.lot_name and line.product_id.tracking != "none":
                    lot_vals.setdefault((line.product_id.id, line.lot_name), {
                        "name": line.lot_name, "product_id": line.product_id.id,
                        "company_id": env.company.id,
                        "expiration_date": datetime.datetime.combine(
                            line.expiry_date, datetime.time.min) if line.expiry_date else False,
                    })
            lots = env["stock.lot"].create(list(lot_vals.values()))
            lot_of = {(lot.product_id.id, lot.name): lot.id for lot in lots}
            quants = env["stock.quant"].with_context(inventory_mode=True).create([
                {"product_id": line.product_id.id,
                 "location_id": line.warehouse_id.lot_stock_id.id,
                 "lot_id": lot_of.get((line.product_id.id, line.lot_name), False),
                 "inventory_quantity": line.qty}
                for line in sample
            ])
            quants.action_apply_inventory()
            env.flush_all()
            results["native"] = time.monotonic() - started
            cr.rollback()
            print("Odoo's way: %d lines in %.1fs" % (len(sample), results["native"]),
                  flush=True)

            started = time.monotonic()
            loaded = 0
            for warehouse in warehouses:
                loaded += OpeningStockLoader(env, warehouse).load()["lines"]
            env.flush_all()
            results["ours"] = time.monotonic() - started
            cr.execute(
                "SELECT COALESCE(SUM(q.quantity), 0) FROM stock_quant q"
                " JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal'")
            qty = cr.fetchone()[0]
            cr.execute("SELECT COALESCE(SUM(value), 0) FROM stock_valuation_layer")
            value = cr.fetchone()[0]
            cr.commit()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if not args.keep:
            drop_database(args, DB)

    native_rate = len(sample) / results["native"]
    ours_rate = loaded / results["ours"]
    print_table(
        "Opening stock: %d lines with lots in %d warehouses" % (lines, 4),
        [
            ("Odoo quant import + apply (sample)", len(sample), "%.1f" % results["native"],
             "%.0f" % native_rate),
            ("  same, extrapolated to all lines", lines, "%.0f" % (lines / native_rate),
             "%.0f" % native_rate),
            ("OpeningStockLoader (all lines)", loaded, "%.1f" % results["ours"],
             "%.0f" % ours_rate),
        ],
    )
    expected_qty = sum(v["qty"] for v in expected["per_warehouse"].values())
    print("  speed-up: %.1fx (target 10x)" % (ours_rate / native_rate))
    print("  on hand %s (legacy %s), value %.2f (legacy %s)"
          % (qty, expected_qty, value, expected["value_total"]))
    return 0 if abs(qty - expected_qty) < 0.001 else 1


if __name__ == "__main__":
    sys.exit(main())
