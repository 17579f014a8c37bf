#!/usr/bin/env python3
"""Benchmark: master-data import, our engine against Odoo's own base_import ``load()``.

20,000 products and 2,000 partners (a generated 金蝶KIS-style set) are loaded the Odoo
way — ``product.template.load()`` and ``res.partner.load()`` on the same rows, rolled
back — and by ``jxc import`` (read, stage, clean, validate, apply), in the same database
and the same run. Both figures are printed side by side.

  python3 scripts/bench_import.py [--products 20000] [--partners 2000] [--keep]
"""

# pylint: disable=print-used

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from jxc_cli.bench import create_database, drop_database, print_table, timer
from jxc_cli.odoo_env import add_connection_arguments, check_postgres, configure

DB = "jxc_bench_import"


def native_rows(data):
    """The same products and partners as base_import would receive them from a CSV."""
    product_fields = ["default_code", "name", "barcode", "categ_id", "standard_price",
                      "is_storable", "tracking", "use_expiration_date", "expiration_time",
                      "uom_id", "uom_po_id"]
    products = [
        [p["code"], p["name"], p["barcode"], "All / %s" % p["category"], "%.2f" % p["cost"],
         "True", "lot" if p["tracked"] else "none", "True" if p["tracked"] else "False",
         str(p["shelf_months"] * 30 if p["shelf_months"] else 0), "盒", "盒"]
        for p in data["products"]
    ]
    partner_fields = ["ref", "name", "is_company", "vat", "customer_rank", "supplier_rank"]
    partners = [
        [p["code"], p["name"], "True", p["vat"], "1" if p["kind"] != "供应商" else "0",
         "1" if p["kind"] != "客户" else "0"]
        for p in data["partners"]
    ]
    return product_fields, products, partner_fields, partners


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=20000)
    parser.add_argument("--partners", type=int, default=2000)
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

    folder = tempfile.mkdtemp(prefix="jxc-bench-")
    results = {}
    try:
        data = samples.build(products=args.products, partners=args.partners, warehouses=0,
                             dirty=False, orders=0)
        samples.write_kingdee(data, folder, stock_format="csv")
        os.remove(os.path.join(folder, "即时库存.csv"))
        registry = Registry(DB)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # Units and categories exist before either way runs: both then do the same job.
            env["uom.uom"].create({"name": "盒", "category_id": env.ref(
                "uom.product_uom_categ_unit").id, "uom_type": "bigger", "factor_inv": 1})
            root = env.ref("product.product_category_all")
            env["product.category"].create([{"name": c, "parent_id": root.id}
                                            for c in samples.CATEGORIES])
            cr.commit()
            product_fields, products, partner_fields, partners = native_rows(data)
            # Odoo's way, as base_import does it (import_compat context), then undone.
            native_env = env(context={"import_file": True, "tracking_disable": True})
            with timer(results, "native_products"):
                loaded = native_env["product.template"].load(product_fields, products)
            errors = [m for m in loaded["messages"] if m.get("type") == "error"]
            with timer(results, "native_partners"):
                loaded_partners = native_env["res.partner"].load(partner_fields, partners)
            errors += [m for m in loaded_partners["messages"] if m.get("type") == "error"]
            native_ok = len([i for i in loaded["ids"] or [] if i]) == len(products)
            cr.rollback()
            with timer(results, "ours"):
                batch = run_import(env, "kingdee_kis", [folder],
                                   as_of=datetime.date.today())
            summary = (batch.name, batch.result)
            counts = {
                "products": env["product.template"].search_count(
                    [("jxc_legacy_code", "!=", False)]),
                "partners": env["res.partner"].search_count([("jxc_legacy_code", "!=", False)]),
            }
            cr.commit()
            started = time.monotonic()
            again = run_import(env, "kingdee_kis", [folder], as_of=datetime.date.today())
            results["ours_rerun"] = time.monotonic() - started
            again_result = again.result
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if not args.keep:
            drop_database(args, DB)

    rows = args.products + args.partners
    native = results["native_products"] + results["native_partners"]
    print_table(
        "Master data: %d products + %d partners (金蝶KIS-style CSV)" % (args.products,
                                                                      args.partners),
        [
            ("Odoo base_import load()", rows, "%.1f" % native, "%.0f" % (rows / native)),
            ("jxc import (read+stage+clean+apply)", rows, "%.1f" % results["ours"],
             "%.0f" % (rows / results["ours"])),
            ("jxc import again (all unchanged)", rows, "%.1f" % results["ours_rerun"],
             "%.0f" % (rows / results["ours_rerun"])),
        ],
    )
    print("  speed-up: %.1fx (target 10x); native load errors: %d%s" % (
        native / results["ours"], len(errors), "" if native_ok else " (not every row loaded)"))
    print("  ours imported: %(products)d products, %(partners)d partners" % counts,
          "; batch %s result %s; rerun result %s" % (*summary, again_result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
