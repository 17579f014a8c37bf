#!/usr/bin/env python3
"""Benchmark: the reconciliation of 1,000,000 legacy stock lines, and its accuracy.

In a database of its own (``jxc_bench_reconcile``, dropped at the end unless --keep):

1. the same data on both sides, written with plain SQL for speed (the import and the
   opening-stock load are bypassed: their own benchmarks measure them): 20,000
   lot-tracked products, 500,000 lots, 4 warehouses, 1,000,000 legacy stock lines
   (``jxc_legacy_stock_line`` of one import batch) and, on the Odoo side, one done
   move, one valuation layer and one quant per line; 500 partners with their
   receivables, posted through the ORM;
2. the full reconciliation (every check), timed — target: under 30 seconds;
3. Odoo's own way of the same job for comparison: ``stock.quant`` and the legacy lines
   read through the ORM's ``_read_group`` per warehouse × product × lot, lot expiry
   dates read through the ORM, compared in Python — on one warehouse (a quarter of
   the lines) and extrapolated, or on all of them with --native-full;
4. a known set of differences injected (quants changed, lots with a changed expiry,
   quants deleted, products' layers revalued, partner balances changed, quants
   counted in the wrong unit, rows the import rejected present in Odoo), the
   reconciliation run again, and every difference it reports checked against the
   injected set: all found, each with its cause, none invented.

  python3 scripts/bench_reconcile.py [--lines 1000000] [--native-full] [--keep]
"""

# pylint: disable=print-used

import argparse
import datetime
import os
import random
import sys
import time

from psycopg2 import sql

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from jxc_cli.bench import create_database, drop_database, print_table, timer
from jxc_cli.odoo_env import add_connection_arguments, check_postgres, configure

DB = "jxc_bench_reconcile"
WAREHOUSES = 4
LOTS = 25  # lots per product; a warehouse holds every other one (12 or 13)
PARTNERS = 500
RATIO = 12  # the products' 换算率: 1 箱 = 12 盒
AS_OF = datetime.date(2026, 11, 1)
INJECT = {"qty": 50, "expiry": 20, "deleted": 20, "revalued": 10, "partners": 5,
          "unit": 5, "rejected": 5}


def wh_code(w):
    return "CK%02d" % (w + 1)


def product_code(p):
    return "SP%06d" % p


def lot_name(i):
    return "L%02d" % i


# --------------------------------------------------------------------- the data

def build(env, products):
    """Both sides of the same data, in SQL; returns what the injections need."""
    cr = env.cr
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    category = env["product.category"].create(
        {"name": "Bench AVCO", "property_cost_method": "average"})
    unit = env.ref("uom.product_uom_unit")
    box = env["uom.uom"].create({"name": "箱(%d盒)" % RATIO, "category_id": unit.category_id.id,
                                 "uom_type": "bigger", "factor_inv": RATIO, "rounding": 0.01})
    warehouses = env["stock.warehouse"].create([
        {"name": "Bench %s" % wh_code(w), "code": "B%d" % (w + 1),
         "jxc_legacy_code": wh_code(w), "jxc_cutover_state": "loaded"}
        for w in range(WAREHOUSES)])
    profile = env["jxc.import.profile"].search([("code", "=", "guanjiapo")], limit=1)
    batch = env["jxc.import.batch"].create({"profile_id": profile.id, "as_of": AS_OF})
    env.flush_all()
    cr.execute("UPDATE jxc_import_batch SET state = 'done' WHERE id = %s", [batch.id])
    params = {"company": company.id, "categ": category.id, "unit": unit.id, "box": box.id,
              "n": products, "lots": LOTS, "batch": batch.id, "uid": env.uid}
    cr.execute(
        "INSERT INTO product_template (name, type, is_storable, tracking, categ_id, uom_id,"
        " uom_po_id, service_tracking, purchase_line_warn, sale_line_warn, active, sale_ok,"
        " purchase_ok, jxc_legacy_code, default_code, list_price, create_uid, create_date,"
        " write_uid, write_date)"
        " SELECT jsonb_build_object('en_US', 'Bench product ' || g), 'consu', true, 'lot',"
        " %(categ)s, %(unit)s, %(box)s, 'no', 'no-message', 'no-message', true, true, true,"
        " 'SP' || lpad(g::text, 6, '0'), 'SP' || lpad(g::text, 6, '0'), 10, %(uid)s,"
        " now() at time zone 'utc', %(uid)s, now() at time zone 'utc'"
        " FROM generate_series(1, %(n)s) g", params)
    cr.execute(
        "INSERT INTO product_product (product_tmpl_id, active, default_code, standard_price,"
        " create_uid, create_date, write_uid, write_date)"
        " SELECT id, true, default_code, jsonb_build_object(%(company)s::text,"
        " 5 + substr(default_code, 3)::int %% 200 + 0.25), %(uid)s, now() at time zone 'utc',"
        " %(uid)s, now() at time zone 'utc' FROM product_template"
        " WHERE jxc_legacy_code LIKE 'SP%%'", params)
    cr.execute(
        "INSERT INTO stock_lot (product_id, company_id, name, expiration_date, create_uid,"
        " create_date, write_uid, write_date)"
        " SELECT pp.id, %(company)s, 'L' || lpad(i::text, 2, '0'),"
        " timestamp '2027-01-01' + ((substr(pp.default_code, 3)::int * 7 + i * 13) %% 700)"
        " * interval '1 day', %(uid)s, now() at time zone 'utc', %(uid)s,"
        " now() at time zone 'utc'"
        " FROM product_product pp CROSS JOIN generate_series(0, %(lots)s - 1) i"
        " WHERE pp.default_code LIKE 'SP%%'", params)
    whs = [(w.id, w.jxc_legacy_code, w.lot_stock_id.id, idx) for idx, w in
           enumerate(warehouses)]
    cr.execute("CREATE TEMP TABLE bench_wh (id int, code varchar, location int, w int)")
    cr.executemany("INSERT INTO bench_wh VALUES (%s, %s, %s, %s)", whs)
    params["inventory"] = env["stock.location"].search(
        [("usage", "=", "inventory"), ("company_id", "in", (company.id, False))], limit=1).id
    cr.execute(
        "CREATE TEMP TABLE bench_rows AS"
        " SELECT row_number() OVER (ORDER BY w.w, pp.id, l.name) AS n, pp.id AS product_id,"
        " pp.default_code AS code, l.id AS lot_id, l.name AS lot, w.id AS wh_id,"
        " w.code AS wh_code, w.location,"
        " 1 + (substr(pp.default_code, 3)::int * 31 + substr(l.name, 2)::int * 17"
        " + w.w * 7) %% 400 AS qty,"
        " 5 + substr(pp.default_code, 3)::int %% 200 + 0.25 AS cost,"
        " l.expiration_date::date AS expiry"
        " FROM product_product pp JOIN stock_lot l ON l.product_id = pp.id"
        " CROSS JOIN bench_wh w"
        " WHERE pp.default_code LIKE 'SP%%' AND (substr(l.name, 2)::int + w.w) %% 2 = 0",
        params)
    cr.execute("SELECT COUNT(*) FROM bench_rows")
    lines = cr.fetchone()[0]
    cr.execute("SELECT nextval('stock_move_id_seq')")
    base = cr.fetchone()[0]
    cr.execute("SELECT setval('stock_move_id_seq', %s)", [base + lines + 1])
    params["base"] = base
    cr.execute(
        "INSERT INTO stock_move (id, name, reference, origin, company_id, product_id,"
        " product_uom, product_uom_qty, product_qty, quantity, location_id,"
        " location_dest_id, state, procure_method, picked, scrapped, is_inventory, priority,"
        " sequence, price_unit, date, create_uid, create_date, write_uid, write_date)"
        " SELECT %(base)s + n, 'Opening stock', 'Opening stock', 'JXC', %(company)s,"
        " product_id, %(unit)s, qty, qty, qty, %(inventory)s, location, 'done',"
        " 'make_to_stock', true, false, true, '0', 10, cost, now() at time zone 'utc',"
        " %(uid)s, now() at time zone 'utc', %(uid)s, now() at time zone 'utc'"
        " FROM bench_rows", params)
    cr.execute(
        "INSERT INTO stock_valuation_layer (company_id, product_id, categ_id, stock_move_id,"
        " description, quantity, unit_cost, value, remaining_qty, remaining_value,"
        " create_uid, create_date, write_uid, write_date)"
        " SELECT %(company)s, product_id, %(categ)s, %(base)s + n, 'Opening stock', qty,"
        " cost, qty * cost, qty, qty * cost, %(uid)s, now() at time zone 'utc', %(uid)s,"
        " now() at time zone 'utc' FROM bench_rows", params)
    cr.execute(
        "INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,"
        " reserved_quantity, in_date, inventory_quantity_set, create_uid, create_date,"
        " write_uid, write_date)"
        " SELECT product_id, %(company)s, location, lot_id, qty, 0, now() at time zone 'utc',"
        " false, %(uid)s, now() at time zone 'utc', %(uid)s, now() at time zone 'utc'"
        " FROM bench_rows", params)
    cr.execute(
        "INSERT INTO jxc_legacy_stock_line (batch_id, company_id, warehouse_code,"
        " warehouse_id, product_code, product_id, lot_name, lot_id, expiry_date, qty,"
        " unit_cost, value, expired, file_name, row_number, state, move_id)"
        " SELECT %(batch)s, %(company)s, wh_code, wh_id, code, product_id, lot, lot_id,"
        " expiry, qty, cost, qty * cost, false, '即时库存.csv', n + 1, 'loaded',"
        " %(base)s + n FROM bench_rows", params)
    cr.execute(
        "INSERT INTO jxc_import_row (batch_id, table_index, entity, file_name, row_number,"
        " state, res_model, res_id)"
        " SELECT %(batch)s, 0, 'product', '物料.csv', row_number() OVER (ORDER BY id) + 1,"
        " 'done', 'product.template', id FROM product_template WHERE jxc_legacy_code"
        " LIKE 'SP%%'", params)
    env.invalidate_all()
    partners = env["res.partner"].create([
        {"name": "Bench partner %d" % i, "is_company": True, "jxc_legacy_code": "WL%04d" % i}
        for i in range(1, PARTNERS + 1)])
    receivables = {p.id: round(1000 + (i * 37.13) % 5000, 2) for i, p in enumerate(partners)}
    post_receivables(env, partners, receivables, "Bench opening balances")
    env.flush_all()
    cr.execute(
        "INSERT INTO jxc_legacy_partner_balance (batch_id, company_id, partner_code,"
        " partner_id, receivable, payable, file_name, row_number)"
        " SELECT %s, %s, p.jxc_legacy_code, p.id, v.amount, 0, '往来余额.csv', v.n"
        " FROM res_partner p JOIN (SELECT unnest(%s::int[]) AS id, unnest(%s::numeric[])"
        " AS amount, generate_series(2, %s) AS n) v ON v.id = p.id",
        [batch.id, company.id, list(receivables), list(receivables.values()),
         len(receivables) + 1])
    cr.execute(
        "INSERT INTO jxc_import_row (batch_id, table_index, entity, file_name, row_number,"
        " state, res_model, res_id) SELECT %s, 1, 'partner', '往来余额.csv',"
        " row_number() OVER (ORDER BY id) + 1, 'done', 'res.partner', id FROM res_partner"
        " WHERE jxc_legacy_code LIKE 'WL%%'", [batch.id])
    cr.execute("UPDATE stock_warehouse SET jxc_snapshot_batch_id = %s, jxc_migrated = true"
               " WHERE id = ANY(%s)", [batch.id, warehouses.ids])
    for table in ("product_template", "product_product", "stock_lot", "stock_quant",
                  "stock_move", "stock_valuation_layer", "jxc_legacy_stock_line",
                  "jxc_import_row", "account_move_line", "res_partner"):
        cr.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
    env.invalidate_all()
    return {"lines": lines, "batch": batch, "warehouses": warehouses, "partners": partners,
            "lots": products * LOTS, "products": products}


def post_receivables(env, partners, amounts, ref):
    """One posted entry: each partner's receivable, against the undistributed profits."""
    company = env.company
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "general")], limit=1)
    equity = company.get_unaffected_earnings_account()
    lines = [(0, 0, {"partner_id": p.id, "balance": amounts[p.id], "name": ref,
                     "account_id": p.with_company(company).property_account_receivable_id.id})
             for p in partners]
    lines.append((0, 0, {"account_id": equity.id, "name": ref,
                         "balance": -round(sum(amounts[p.id] for p in partners), 2)}))
    move = env["account.move"].with_context(tracking_disable=True).create({
        "move_type": "entry", "journal_id": journal.id, "ref": ref, "line_ids": lines,
        "date": AS_OF})
    move.action_post()
    return move


# --------------------------------------------------------------- reconciliation

def reconcile(env, warehouses):
    run = env["jxc.reconcile.run"].create({"warehouse_ids": [(6, 0, warehouses.ids)]})
    started = time.monotonic()
    run.action_run()
    env.flush_all()
    return run, time.monotonic() - started


def check_times(run):
    times = {}
    for result in run.result_ids:
        times[result.check_code] = max(times.get(result.check_code, 0.0), result.duration)
    return times


# ----------------------------------------------------------------- Odoo's way

def native_compare(env, batch, warehouses):
    """The ORM's way: read groups on both sides, lot expiry dates through the ORM, and
    compare in Python. Returns (lines compared, mismatches, seconds)."""
    started = time.monotonic()
    mismatches = 0
    compared = 0
    Quant = env["stock.quant"]
    Line = env["jxc.legacy.stock.line"]
    for warehouse in warehouses:
        legacy = {}
        for product, lot, qty, expiry, count in Line._read_group(
                [("batch_id", "=", batch.id), ("warehouse_id", "=", warehouse.id)],
                ["product_id", "lot_name"], ["qty:sum", "expiry_date:max", "__count"]):
            legacy[(product.id, lot or "")] = (qty, expiry)
            compared += count
        odoo = {}
        groups = Quant._read_group(
            [("location_id", "child_of", warehouse.view_location_id.id),
             ("location_id.usage", "=", "internal")],
            ["product_id", "lot_id"], ["quantity:sum"])
        lots = env["stock.lot"].browse([lot.id for _p, lot, _q in groups if lot])
        expiry = {lot.id: lot.expiration_date for lot in lots}  # read through the ORM
        for product, lot, qty in groups:
            date = expiry.get(lot.id)
            odoo[(product.id, lot.name or "")] = (qty, date.date() if date else None)
        for key in set(legacy) | set(odoo):
            left, right = legacy.get(key), odoo.get(key)
            if left is None or right is None or abs(left[0] - right[0]) > 1e-6 or (
                    left[1] and left[1] != right[1]):
                mismatches += 1
        env.invalidate_all()
    return compared, mismatches, time.monotonic() - started


# ------------------------------------------------------------------ injection

def inject(env, data, rng):
    """Change Odoo behind the reconciliation's back; return the differences expected:
    {(check, key, cause)}."""
    cr = env.cr
    expected = set()
    products = rng.sample(range(1, data["products"] + 1), sum(INJECT.values()))
    take = iter(products)

    def quant_of(p, w, lot):
        cr.execute(
            "SELECT q.id, q.quantity FROM stock_quant q JOIN stock_lot l ON l.id = q.lot_id"
            " JOIN product_product pp ON pp.id = q.product_id"
            " JOIN stock_warehouse w ON w.lot_stock_id = q.location_id"
            " WHERE pp.default_code = %s AND l.name = %s AND w.jxc_legacy_code = %s",
            [product_code(p), lot_name(lot), wh_code(w)])
        return cr.fetchone()

    def held(w):
        return [i for i in range(LOTS) if (i + w) % 2 == 0]

    for _n in range(INJECT["qty"]):
        p, w = next(take), rng.randrange(WAREHOUSES)
        lot = rng.choice(held(w))
        quant_id, qty = quant_of(p, w, lot)
        delta = rng.randint(1, 9) * rng.choice((1, -1))
        if qty + delta <= 0:
            delta = abs(delta)
        cr.execute("UPDATE stock_quant SET quantity = quantity + %s WHERE id = %s",
                   [delta, quant_id])
        expected |= {("stock_lot", "%s/%s/%s" % (wh_code(w), product_code(p), lot_name(lot)),
                      "quantity"),
                     ("stock_product", "%s/%s" % (wh_code(w), product_code(p)), "quantity")}
    for _n in range(INJECT["unit"]):
        p, w = next(take), rng.randrange(WAREHOUSES)
        lot = rng.choice(held(w))
        quant_id, qty = quant_of(p, w, lot)
        cr.execute("UPDATE stock_quant SET quantity = quantity * %s WHERE id = %s",
                   [RATIO, quant_id])
        expected |= {("stock_lot", "%s/%s/%s" % (wh_code(w), product_code(p), lot_name(lot)),
                      "unit_conversion"),
                     ("stock_product", "%s/%s" % (wh_code(w), product_code(p)),
                      "unit_conversion")}
    for _n in range(INJECT["deleted"]):
        p, w = next(take), rng.randrange(WAREHOUSES)
        lot = rng.choice(held(w))
        quant_id, _qty = quant_of(p, w, lot)
        cr.execute("DELETE FROM stock_quant WHERE id = %s", [quant_id])
        expected |= {("stock_lot", "%s/%s/%s" % (wh_code(w), product_code(p), lot_name(lot)),
                      "missing_odoo"),
                     ("stock_product", "%s/%s" % (wh_code(w), product_code(p)), "quantity")}
    for _n in range(INJECT["expiry"]):
        p, lot = next(take), rng.randrange(LOTS)
        cr.execute(
            "UPDATE stock_lot l SET expiration_date = expiration_date + interval '10 days'"
            " FROM product_product pp WHERE pp.id = l.product_id AND pp.default_code = %s"
            " AND l.name = %s", [product_code(p), lot_name(lot)])
        for w in range(WAREHOUSES):
            if (lot + w) % 2 == 0:
                expected.add(("stock_lot", "%s/%s/%s" % (wh_code(w), product_code(p),
                                                         lot_name(lot)), "expiry"))
    for _n in range(INJECT["revalued"]):
        p = next(take)
        cr.execute(
            "UPDATE stock_valuation_layer v SET value = value + 7.77,"
            " remaining_value = remaining_value + 7.77 FROM product_product pp"
            " WHERE pp.id = v.product_id AND pp.default_code = %s", [product_code(p)])
        expected |= {("value_product", "%s/%s" % (wh_code(w), product_code(p)), "costing")
                     for w in range(WAREHOUSES)}
    for _n in range(INJECT["rejected"]):
        p, w = next(take), rng.randrange(WAREHOUSES)
        key = "%s/%s/RJ%02d" % (wh_code(w), product_code(p), _n)
        cr.execute(
            "INSERT INTO jxc_import_issue (batch_id, severity, severity_order, code, entity,"
            " key, file_name, row_number, message_zh, message_en) VALUES (%s, 'reject', 0,"
            " 'negative_qty', 'stock', %s, '即时库存.csv', %s, '数量为负', 'negative quantity')",
            [data["batch"].id, key, 2000000 + _n])
        cr.execute(
            "WITH lot AS (INSERT INTO stock_lot (product_id, company_id, name)"
            " SELECT id, %s, %s FROM product_product WHERE default_code = %s RETURNING id,"
            " product_id)"
            " INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,"
            " reserved_quantity, in_date) SELECT lot.product_id, %s, w.lot_stock_id, lot.id,"
            " 5, 0, now() FROM lot, stock_warehouse w WHERE w.jxc_legacy_code = %s",
            [env.company.id, "RJ%02d" % _n, product_code(p), env.company.id, wh_code(w)])
        expected |= {("stock_lot", key, "rejected"),
                     ("stock_product", "%s/%s" % (wh_code(w), product_code(p)), "rejected")}
    changed = rng.sample(list(data["partners"]), INJECT["partners"])
    env.invalidate_all()
    post_receivables(env, changed, {p.id: 100.0 for p in changed}, "Bench changed balances")
    expected |= {("partner_ar", p.jxc_legacy_code, "quantity") for p in changed}
    env.flush_all()
    env.invalidate_all()
    return expected


# ----------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1000000,
                        help="legacy stock lines (default 1000000)")
    parser.add_argument("--native-full", action="store_true",
                        help="run Odoo's way on every warehouse instead of one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--reuse", action="store_true",
                        help="use the kept database as it was created (before any data)")
    add_connection_arguments(parser)
    args = parser.parse_args()
    odoo = configure(args)
    check_postgres(odoo)
    products = max(10, round(args.lines / (WAREHOUSES * LOTS / 2)))
    print("creating database %s …" % DB, flush=True)
    results = {}
    ok = True
    try:
        if not args.reuse:
            results["create"] = create_database(args, DB, ["jxc_reconcile"])
        from odoo import SUPERUSER_ID, api
        from odoo.modules.registry import Registry

        registry = Registry(DB)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            with timer(results, "build"):
                data = build(env, products)
                cr.commit()
            print("%d legacy stock lines, %d products, %d lots, %d warehouses, %d partners:"
                  " both sides written in %.0fs" % (data["lines"], products, data["lots"],
                                                   WAREHOUSES, PARTNERS, results["build"]),
                  flush=True)
            warehouses = data["warehouses"]
            clean, seconds = reconcile(env, warehouses)
            cr.commit()
            results["clean"] = seconds
            print("clean run %s: %.1fs, passed %s, %d differences" % (
                clean.name, seconds, clean.passed, clean.difference_count), flush=True)
            ok &= clean.passed and clean.difference_count == 0

            sample = warehouses if args.native_full else warehouses[:1]
            compared, native_mismatches, native_seconds = native_compare(
                env, data["batch"], sample)
            print("Odoo's way on %d lines: %.1fs, %d mismatches" % (
                compared, native_seconds, native_mismatches), flush=True)

            expected = inject(env, data, random.Random(args.seed))
            cr.commit()
            dirty, seconds = reconcile(env, warehouses)
            cr.commit()
            results["dirty"] = seconds
            found = {(d.check_code, d.key, d.cause) for d in dirty.difference_ids}
            missing = expected - found
            invented = found - expected
            wrong_cause = {(c, k) for c, k, _x in missing} & {(c, k) for c, k, _x in invented}
            times = check_times(clean)
    finally:
        if not args.keep:
            drop_database(args, DB)

    lines = data["lines"]
    rate = lines / results["clean"]
    native_rate = compared / native_seconds if native_seconds else 0
    print_table(
        "Reconciliation of %d legacy stock lines (%d warehouses, %d lots)" % (
            lines, WAREHOUSES, data["lots"]),
        [
            ("jxc reconcile, every check (clean data)", lines, "%.1f" % results["clean"],
             "%.0f" % rate),
            ("jxc reconcile, every check (injected differences)", lines,
             "%.1f" % results["dirty"], "%.0f" % (lines / results["dirty"])),
            ("Odoo ORM read_group + Python compare (%s)" % (
                "all" if args.native_full else "1 warehouse"), compared,
             "%.1f" % native_seconds, "%.0f" % native_rate),
            ("  same, extrapolated to all lines" if not args.native_full else "  -", lines,
             "%.1f" % (lines / native_rate) if native_rate else "-", "%.0f" % native_rate),
        ],
    )
    print("  per check (s): " + ", ".join("%s %.2f" % kv for kv in sorted(
        times.items(), key=lambda kv: -kv[1])))
    print("  target: 1M lines under 30s: %s (%.1fs)" % (
        "met" if results["clean"] < 30 else "NOT met", results["clean"]))
    print("\nInjected: %s" % ", ".join("%s %d" % kv for kv in INJECT.items()))
    by_cause = {}
    for check, _key, cause in found:
        by_cause.setdefault((check, cause), 0)
        by_cause[(check, cause)] += 1
    print_table("Differences found by the second run",
                [(check, cause, count) for (check, cause), count in sorted(by_cause.items())],
                header=("check", "cause", "differences"))
    print("\n  expected %d, found %d: missing %d, invented %d, wrong cause %d"
          % (len(expected), len(found), len(missing), len(invented), len(wrong_cause)))
    for item in sorted(missing)[:10]:
        print("  missing:", item)
    for item in sorted(invented)[:10]:
        print("  invented:", item)
    ok &= not missing and not invented and results["clean"] < 30
    print("\n%s" % ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
