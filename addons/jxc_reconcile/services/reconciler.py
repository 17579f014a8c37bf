# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The set-based comparison of a legacy snapshot with Odoo.

Per check, one statement: a legacy aggregate (the batch's ``jxc_legacy_*`` rows, or
temporary tables filled by COPY from a newly read legacy file) FULL OUTER JOINed with
an Odoo aggregate read from quants, lots, locations, valuation layers, journal items
and orders. The statement returns the totals per warehouse (counts and sums of both
sides, the number of mismatching keys) and the mismatching keys only, at most the
run's cap of them, largest difference first. Python then classifies those (≤ cap)
keys with the engine and stores them; nothing loops over the rows that agree.

The lot-level aggregates of both sides are built once into temporary tables, which
the quantity, value and count checks then read.
"""

import datetime
import io
import json
import logging
import time
from collections import defaultdict
from decimal import Decimal

from psycopg2 import sql

from ..engine import CHECKS_BY_CODE, checks, classify, legacy_file, summary
from ..engine.tolerance import as_decimal, exceeds, sql_exceeds

_logger = logging.getLogger(__name__)

LEGACY_TABLES = {
    "stock": "jxc_legacy_stock_line",
    "partner": "jxc_legacy_partner_balance",
    "order": "jxc_legacy_order_line",
}
# Temporary tables of a legacy file read for a run (same columns as the models').
SOURCE_TABLES = {
    "stock": "jxc_rc_src_stock",
    "partner": "jxc_rc_src_partner",
    "order": "jxc_rc_src_order",
}
TEMP_TABLES = ("jxc_rc_whl", "jxc_rc_l_stock", "jxc_rc_o_stock", "jxc_rc_o_value")


def _decimal_rows(text):
    return json.loads(text, parse_float=Decimal) if text else []


class CheckOutcome:
    """What one check found: result lines (one per warehouse or one for the company)
    and the classified differences."""

    def __init__(self, code):
        self.code = code
        self.results = []
        self.differences = []
        self.started = time.monotonic()
        self.duration = 0.0

    def done(self):
        self.duration = time.monotonic() - self.started
        return self


class Reconciler:
    def __init__(self, env, company, warehouses, batch, parameters, source=None):
        """``source``: None to compare the batch's staged snapshot, or a
        :class:`LegacySource` holding a newly read legacy file."""
        self.env = env
        self.cr = env.cr
        self.company = company
        self.warehouses = warehouses
        self.batch = batch
        self.params = dict(checks.DEFAULT_PARAMETERS, **(parameters or {}))
        self.source = source
        self.cap = int(self.params["cap"])
        self.rounding = Decimal(str(company.currency_id.rounding))
        batch_id = batch.id if source is None else 0
        tables = LEGACY_TABLES if source is None else SOURCE_TABLES
        self.sql_params = {
            "batch": batch_id,
            "company": company.id,
            "wh": warehouses.ids or [0],
            "cap": self.cap,
            "qty_abs": self.params["qty_abs"],
            "qty_rel": self.params["qty_rel"],
            "value_abs": self.params["value_abs"],
            "value_rel": self.params["value_rel"],
        }
        self.t = {kind: sql.Identifier(name) for kind, name in tables.items()}
        self._rejected = None
        self._products = {}
        self._wh_codes = {w.id: w.jxc_legacy_code or w.code for w in warehouses.sudo()}
        self.totals = {}
        # (warehouse, product) → [(cause, qty difference)] of the lot-level differences
        self._lot_details = defaultdict(list)

    # ------------------------------------------------------------------ helpers

    def _execute(self, query, params=None):
        self.cr.execute(query, dict(self.sql_params, **(params or {})))

    def _json_query(self, ctes, joined, totals, order):
        """One statement: the totals of each side by warehouse (``totals``, over the
        aggregates, with ``wh``), and the mismatching keys of the FULL OUTER JOIN
        (``joined`` selects a boolean ``mm``; only the rows where it holds are kept):
        their number by warehouse, and the first ``cap`` of them in ``order``."""
        query = sql.SQL(
            "WITH {ctes}, m AS MATERIALIZED (SELECT * FROM ({joined}) j WHERE mm) "
            "SELECT (SELECT json_agg(t)::text FROM ({totals}) t),"
            " (SELECT json_agg(c)::text FROM (SELECT wh, COUNT(*) AS mc FROM m GROUP BY wh) c),"
            " (SELECT json_agg(x)::text FROM (SELECT * FROM m ORDER BY {order}"
            " LIMIT %(cap)s) x)"
        ).format(ctes=ctes, joined=joined, totals=totals, order=order)
        self._execute(query)
        totals_text, counts_text, rows_text = self.cr.fetchone()
        totals = _decimal_rows(totals_text)
        counts = {c["wh"]: c["mc"] for c in _decimal_rows(counts_text)}
        for total in totals:
            total["mc"] = counts.pop(total.get("wh"), 0)
        totals.extend({"wh": wh, "mc": mc} for wh, mc in counts.items())
        return totals, _decimal_rows(rows_text)

    def _drop_temp(self):
        for name in TEMP_TABLES:
            self.cr.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(name)))

    def rejected_keys(self):
        """{entity: {key}} of the rows the import rejected."""
        if self._rejected is None:
            if self.source is not None:
                self._rejected = self.source.rejected
            else:
                self.cr.execute(
                    "SELECT entity, key FROM jxc_import_issue WHERE batch_id = %s"
                    " AND severity = 'reject' AND key IS NOT NULL",
                    [self.batch.id],
                )
                rejected = defaultdict(set)
                for entity, key in self.cr.fetchall():
                    rejected[entity].add(key)
                self._rejected = rejected
        return self._rejected

    def _load_products(self, ids):
        """Code, 换算率, unit rounding, costing method and tracking of the products of
        the mismatching keys (≤ cap of them), in two statements."""
        ids = [i for i in set(ids) if i and i not in self._products]
        if not ids:
            return
        self.cr.execute(
            "SELECT pp.id, COALESCE(pt.jxc_legacy_code, pp.default_code, '#' || pp.id),"
            " u.rounding, CASE WHEN po.factor > 0 AND u.factor > 0"
            " THEN u.factor / po.factor END, pt.categ_id, pt.tracking"
            " FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id"
            " JOIN uom_uom u ON u.id = pt.uom_id LEFT JOIN uom_uom po ON po.id = pt.uom_po_id"
            " WHERE pp.id = ANY(%s)",
            [ids],
        )
        rows = self.cr.fetchall()
        categories = self.env["product.category"].sudo().with_company(self.company).browse(
            {row[4] for row in rows if row[4]})
        methods = {c.id: c.property_cost_method for c in categories}
        for pid, code, rounding, ratio, categ, tracking in rows:
            self._products[pid] = {
                "code": code,
                "rounding": Decimal(str(rounding or "0.01")),
                "ratio": Decimal(ratio).quantize(Decimal("0.000001")).normalize()
                if ratio else None,
                "cost_method": methods.get(categ),
                "tracking": tracking,
            }

    def _product(self, pid):
        return self._products.get(pid) or {"code": "", "rounding": Decimal("0.01"),
                                           "ratio": None, "cost_method": None}

    def _wh_code(self, wh_id):
        if wh_id not in self._wh_codes:
            warehouse = self.env["stock.warehouse"].sudo().browse(wh_id)
            self._wh_codes[wh_id] = warehouse.jxc_legacy_code or warehouse.code
        return self._wh_codes[wh_id]

    def _difference(self, code, row, mismatch, verdict, **vals):
        legacy_qty, odoo_qty = mismatch.legacy_qty, mismatch.odoo_qty
        legacy_value, odoo_value = mismatch.legacy_value, mismatch.odoo_value
        result = {
            "check_code": code,
            "warehouse_id": row.get("wh"),
            "product_id": row.get("product_id"),
            "legacy_qty": legacy_qty,
            "odoo_qty": odoo_qty,
            "qty_diff": None if legacy_qty is None and odoo_qty is None
            else as_decimal(odoo_qty) - as_decimal(legacy_qty),
            "legacy_value": legacy_value,
            "odoo_value": odoo_value,
            "value_diff": None if legacy_value is None and odoo_value is None
            else as_decimal(odoo_value) - as_decimal(legacy_value),
            "legacy_count": mismatch.legacy_count,
            "odoo_count": mismatch.odoo_count,
            "legacy_date": mismatch.legacy_date,
            "odoo_date": mismatch.odoo_date,
            "cause": verdict.cause,
            "blocking": verdict.blocking,
            "note": verdict.note or None,
        }
        result.update(vals)
        return result

    def _mismatch(self, code, **kw):
        qty_tol = checks.tolerances(self.params, "stock_lot")
        value_tol = checks.tolerances(self.params, "partner_ar")
        return classify.Mismatch(check=code, currency_rounding=self.rounding,
                                 qty_tol=qty_tol, value_tol=value_tol, **kw)

    def _result(self, outcome, warehouse_id, legacy, odoo, legacy_count=None,
                odoo_count=None, mismatch_count=0, aggregate_ok=True, entity=None, note=None,
                derived=False, differences=None):
        """One result line. ``derived``: a total whose differences another check lists
        (it reports, the detailed check blocks)."""
        diffs = [d for d in (outcome.differences if differences is None else differences)
                 if warehouse_id is None or d.get("warehouse_id") == warehouse_id]
        stored = len(diffs)
        blocking = sum(1 for d in diffs if d["blocking"])
        passed = summary.result_passed(mismatch_count, blocking, stored, aggregate_ok)
        outcome.results.append({
            "derived": derived,
            "check_code": outcome.code,
            "entity": entity,
            "warehouse_id": warehouse_id,
            "legacy_value": legacy,
            "odoo_value": odoo,
            "diff": None if legacy is None and odoo is None
            else as_decimal(odoo) - as_decimal(legacy),
            "legacy_count": legacy_count,
            "odoo_count": odoo_count,
            "mismatch_count": int(mismatch_count or 0),
            "stored_count": stored,
            "blocking_count": blocking + max(0, int(mismatch_count or 0) - stored),
            "passed": passed,
            "note": note,
        })

    # ------------------------------------------------------------------ prepare

    def snapshot_hash(self):
        """A fingerprint of the legacy rows compared: for the batch's snapshot, per kind
        of rows, the count, the XOR and the sum of a 64-bit hash of each row (the
        snapshot is a set: row order does not change it, any changed row does); for a
        file read for the run, the SHA-256 of its cleaned rows."""
        if self.source is not None:
            return self.source.hash
        parts = []
        for kind, columns in (
            ("stock", "warehouse_code, product_code, lot_name, expiry_date, qty, value"),
            ("partner", "partner_code, receivable, payable"),
            ("order", "number, product_code, warehouse_code, open_qty, price"),
        ):
            self._execute(sql.SQL(
                "SELECT COUNT(*), COALESCE(bit_xor(h), 0), COALESCE(SUM(h::numeric), 0)"
                " FROM (SELECT hashtextextended(concat_ws('|', {cols}), 0) AS h FROM {t}"
                " WHERE batch_id = %(batch)s) s"
            ).format(cols=sql.SQL(columns), t=self.t[kind]))
            count, xor, total = self.cr.fetchone()
            parts.append("%d.%016x.%x" % (count, xor & 0xFFFFFFFFFFFFFFFF,
                                          int(total) & (2 ** 80 - 1)))
        return "h64:" + "-".join(parts)

    def prepare(self):
        """The temporary lot-level aggregates both sides' stock checks read."""
        self._drop_temp()
        # The lot-level aggregates of 1M lines hash about 500 MB of groups.
        self.cr.execute("SET LOCAL work_mem = '512MB'")
        self._execute(sql.SQL(
            "CREATE TEMP TABLE jxc_rc_whl AS"
            " SELECT loc.id AS location_id, w.id AS warehouse_id,"
            " w.id = ANY(%(wh)s) AS in_scope"
            " FROM stock_warehouse w JOIN stock_location v ON v.id = w.view_location_id"
            " JOIN stock_location loc ON loc.parent_path LIKE v.parent_path || '%%'"
            " WHERE w.company_id = %(company)s AND loc.usage = 'internal'"
        ))
        self._execute(sql.SQL(
            "CREATE TEMP TABLE jxc_rc_l_stock AS"
            " SELECT s.warehouse_id, s.product_id, s.product_code,"
            " CASE WHEN COALESCE(pt.tracking, 'none') <> 'none'"
            " THEN COALESCE(s.lot_name, '') ELSE '' END AS lot,"
            " SUM(s.qty) AS qty, SUM(COALESCE(s.value, 0)) AS value,"
            " MAX(s.expiry_date) AS expiry, COUNT(*) AS lines"
            " FROM {stock} s LEFT JOIN product_product pp ON pp.id = s.product_id"
            " LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id"
            " WHERE s.batch_id = %(batch)s AND s.warehouse_id = ANY(%(wh)s)"
            " GROUP BY 1, 2, 3, 4"
        ).format(stock=self.t["stock"]))
        self.cr.execute(
            "CREATE TEMP TABLE jxc_rc_o_stock AS"
            " SELECT w.warehouse_id, q.product_id, COALESCE(l.name, '') AS lot,"
            " SUM(q.quantity) AS qty, MAX(l.expiration_date)::date AS expiry,"
            " MIN(q.lot_id) AS lot_id, MIN(q.id) AS quant_id, COUNT(*) AS quants"
            " FROM stock_quant q JOIN jxc_rc_whl w ON w.location_id = q.location_id"
            " AND w.in_scope LEFT JOIN stock_lot l ON l.id = q.lot_id"
            " GROUP BY 1, 2, 3 HAVING SUM(q.quantity) <> 0"
        )
        self._execute(sql.SQL(
            "CREATE TEMP TABLE jxc_rc_o_value AS"
            " SELECT COALESCE(CASE WHEN svl.quantity >= 0 THEN d.warehouse_id"
            " ELSE s.warehouse_id END, d.warehouse_id, s.warehouse_id) AS warehouse_id,"
            " svl.product_id, SUM(svl.value) AS value, SUM(svl.quantity) AS qty,"
            " COUNT(*) AS layers"
            " FROM stock_valuation_layer svl"
            " LEFT JOIN stock_move m ON m.id = svl.stock_move_id"
            " LEFT JOIN jxc_rc_whl d ON d.location_id = m.location_dest_id"
            " LEFT JOIN jxc_rc_whl s ON s.location_id = m.location_id"
            " WHERE svl.company_id = %(company)s"
            " GROUP BY 1, 2"
        ))
        for name in TEMP_TABLES:
            self.cr.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(name)))

    # ------------------------------------------------------------------- checks

    def run(self):
        """Every check, in catalogue order; returns {code: CheckOutcome}."""
        started = time.monotonic()
        self.prepare()
        prepared = time.monotonic() - started
        outcomes = {}
        for code in ("stock_lot", "stock_product", "value_product", "value_company",
                     "partner_ar", "partner_ap", "open_orders", "legacy_totals", "counts"):
            outcome = CheckOutcome(code)
            getattr(self, "_check_%s" % code)(outcome)
            outcomes[code] = outcome.done()
            if code == "stock_lot":
                outcome.duration += prepared
            if code == "value_product":
                outcomes["value_warehouse"] = self.value_warehouse
        self._drop_temp()
        return {code: outcomes[code] for code in checks.CHECK_CODES if code in outcomes}

    def _check_stock_lot(self, outcome):
        joined = sql.SQL(
            "SELECT COALESCE(l.warehouse_id, o.warehouse_id) AS wh,"
            " COALESCE(l.product_id, o.product_id) AS product_id, l.product_code,"
            " COALESCE(l.lot, o.lot) AS lot, l.qty AS lq, o.qty AS oq, l.expiry AS le,"
            " o.expiry AS oe, l.lines, o.lot_id, o.quant_id,"
            " l.warehouse_id IS NOT NULL AS lp, o.warehouse_id IS NOT NULL AS op,"
            " ({exceeds} OR (l.expiry IS NOT NULL AND o.warehouse_id IS NOT NULL"
            " AND o.expiry IS DISTINCT FROM l.expiry)) AS mm"
            " FROM jxc_rc_l_stock l FULL JOIN jxc_rc_o_stock o"
            " ON o.warehouse_id = l.warehouse_id AND o.product_id = l.product_id"
            " AND o.lot = l.lot"
        ).format(exceeds=sql.SQL(sql_exceeds("l.qty", "o.qty", "qty_abs", "qty_rel")))
        totals, rows = self._json_query(
            sql.SQL("x AS (SELECT 1)"), joined,
            sql.SQL("SELECT wh, SUM(lc) AS lc, SUM(oc) AS oc, SUM(lv) AS lv, SUM(ov) AS ov,"
                    " SUM(llots) AS llots, SUM(olots) AS olots FROM ("
                    "SELECT warehouse_id AS wh, COUNT(*) FILTER (WHERE qty <> 0) AS lc, 0 AS oc,"
                    " SUM(qty) AS lv, 0 AS ov, COUNT(*) FILTER (WHERE lot <> '' AND qty <> 0)"
                    " AS llots, 0 AS olots FROM jxc_rc_l_stock GROUP BY 1 UNION ALL"
                    " SELECT warehouse_id, 0, COUNT(*), 0, SUM(qty), 0, COUNT(lot_id)"
                    " FROM jxc_rc_o_stock GROUP BY 1) s GROUP BY wh"),
            sql.SQL("ABS(COALESCE(oq, 0) - COALESCE(lq, 0)) DESC, wh, product_id, lot"),
        )
        self._load_products(r["product_id"] for r in rows)
        rejected = self.rejected_keys().get("stock", set())
        for row in rows:
            product = self._product(row["product_id"])
            code = row["product_code"] or product["code"]
            key = "%s/%s/%s" % (self._wh_code(row["wh"]), code, row["lot"] or "")
            mismatch = self._mismatch(
                "stock_lot", legacy_present=row["lp"], odoo_present=row["op"],
                legacy_qty=row["lq"] if row["lp"] else None,
                odoo_qty=row["oq"] if row["op"] else None,
                legacy_date=_date(row["le"]), odoo_date=_date(row["oe"]),
                lines=row["lines"] or 1, ratio=product["ratio"],
                qty_rounding=product["rounding"], rejected=key in rejected,
            )
            verdict = classify.classify(mismatch)
            self._lot_details[(row["wh"], row["product_id"])].append(
                (verdict.cause, as_decimal(row["oq"]) - as_decimal(row["lq"])))
            outcome.differences.append(self._difference(
                "stock_lot", row, mismatch, verdict, key=key, lot_id=row["lot_id"],
                lot_name=row["lot"] or None,
                res_model="stock.quant" if row["quant_id"] else "product.product",
                res_id=row["quant_id"] or row["product_id"],
            ))
        for warehouse in self.warehouses:
            total = _find(totals, warehouse.id)
            self._result(outcome, warehouse.id, total.get("lv") or 0, total.get("ov") or 0,
                         total.get("lc") or 0, total.get("oc") or 0, total.get("mc") or 0)
            self.totals.setdefault("stock_position", {})[warehouse.id] = (
                total.get("lc") or 0, total.get("oc") or 0)
            self.totals.setdefault("lot", {})[warehouse.id] = (
                total.get("llots") or 0, total.get("olots") or 0)

    def _check_stock_product(self, outcome):
        ctes = sql.SQL(
            "l AS (SELECT warehouse_id, product_id, product_code, SUM(qty) AS qty,"
            " SUM(lines) AS lines FROM jxc_rc_l_stock GROUP BY 1, 2, 3"
            " HAVING SUM(qty) <> 0),"
            " o AS (SELECT warehouse_id, product_id, SUM(qty) AS qty FROM jxc_rc_o_stock"
            " GROUP BY 1, 2 HAVING SUM(qty) <> 0)"
        )
        joined = sql.SQL(
            "SELECT COALESCE(l.warehouse_id, o.warehouse_id) AS wh,"
            " COALESCE(l.product_id, o.product_id) AS product_id, l.product_code,"
            " l.qty AS lq, o.qty AS oq, l.lines,"
            " l.warehouse_id IS NOT NULL AS lp, o.warehouse_id IS NOT NULL AS op,"
            " {exceeds} AS mm"
            " FROM l FULL JOIN o ON o.warehouse_id = l.warehouse_id"
            " AND o.product_id = l.product_id"
        ).format(exceeds=sql.SQL(sql_exceeds("l.qty", "o.qty", "qty_abs", "qty_rel")))
        totals, rows = self._json_query(
            ctes, joined,
            sql.SQL("SELECT wh, SUM(lc) AS lc, SUM(oc) AS oc, SUM(lv) AS lv, SUM(ov) AS ov"
                    " FROM (SELECT warehouse_id AS wh, COUNT(*) AS lc, 0 AS oc, SUM(qty) AS lv,"
                    " 0 AS ov FROM l GROUP BY 1 UNION ALL SELECT warehouse_id, 0, COUNT(*), 0,"
                    " SUM(qty) FROM o GROUP BY 1) s GROUP BY wh"),
            sql.SQL("ABS(COALESCE(oq, 0) - COALESCE(lq, 0)) DESC, wh, product_id"),
        )
        self._load_products(r["product_id"] for r in rows)
        rejected = self.rejected_keys().get("stock", set())
        for row in rows:
            product = self._product(row["product_id"])
            code = row["product_code"] or product["code"]
            key = "%s/%s" % (self._wh_code(row["wh"]), code)
            mismatch = self._mismatch(
                "stock_product", legacy_present=row["lp"], odoo_present=row["op"],
                legacy_qty=row["lq"] if row["lp"] else None,
                odoo_qty=row["oq"] if row["op"] else None, ratio=product["ratio"],
                qty_rounding=product["rounding"],
                rejected=any(k.startswith(key + "/") for k in rejected),
            )
            verdict = None
            if row["lp"] and row["op"]:
                verdict = classify.from_details(
                    as_decimal(row["oq"]) - as_decimal(row["lq"]),
                    self._lot_details.get((row["wh"], row["product_id"])))
            verdict = verdict or classify.classify(mismatch)
            outcome.differences.append(self._difference(
                "stock_product", row, mismatch, verdict, key=key,
                res_model="product.product", res_id=row["product_id"]))
        for warehouse in self.warehouses:
            total = _find(totals, warehouse.id)
            self._result(outcome, warehouse.id, total.get("lv") or 0, total.get("ov") or 0,
                         total.get("lc") or 0, total.get("oc") or 0, total.get("mc") or 0)

    def _check_value_product(self, outcome):
        ctes = sql.SQL(
            "l AS (SELECT warehouse_id, product_id, product_code, SUM(qty) AS qty,"
            " SUM(value) AS value, SUM(lines) AS lines FROM jxc_rc_l_stock GROUP BY 1, 2, 3),"
            " o AS (SELECT warehouse_id, product_id, SUM(qty) AS qty, SUM(value) AS value"
            " FROM jxc_rc_o_value WHERE warehouse_id = ANY(%(wh)s) GROUP BY 1, 2"
            " HAVING SUM(value) <> 0 OR SUM(qty) <> 0)"
        )
        joined = sql.SQL(
            "SELECT COALESCE(l.warehouse_id, o.warehouse_id) AS wh,"
            " COALESCE(l.product_id, o.product_id) AS product_id, l.product_code,"
            " l.qty AS lq, o.qty AS oq, l.value AS lv, o.value AS ov, l.lines,"
            " l.warehouse_id IS NOT NULL AS lp, o.warehouse_id IS NOT NULL AS op,"
            " ({vexceeds} OR {qexceeds}) AS mm"
            " FROM l FULL JOIN o ON o.warehouse_id = l.warehouse_id"
            " AND o.product_id = l.product_id"
        ).format(vexceeds=sql.SQL(sql_exceeds("l.value", "o.value", "value_abs", "value_rel")),
                 qexceeds=sql.SQL(sql_exceeds("l.qty", "o.qty", "qty_abs", "qty_rel")))
        totals, rows = self._json_query(
            ctes, joined,
            sql.SQL("SELECT wh, SUM(lc) AS lc, SUM(oc) AS oc, SUM(lv) AS lv, SUM(ov) AS ov"
                    " FROM (SELECT warehouse_id AS wh, COUNT(*) AS lc, 0 AS oc, SUM(value) AS lv,"
                    " 0 AS ov FROM l GROUP BY 1 UNION ALL SELECT warehouse_id, 0, COUNT(*), 0,"
                    " SUM(value) FROM o GROUP BY 1) s GROUP BY wh"),
            sql.SQL("ABS(COALESCE(ov, 0) - COALESCE(lv, 0)) DESC, wh, product_id"),
        )
        self._load_products(r["product_id"] for r in rows)
        for row in rows:
            product = self._product(row["product_id"])
            code = row["product_code"] or product["code"]
            mismatch = self._mismatch(
                "value_product", legacy_present=row["lp"], odoo_present=row["op"],
                legacy_qty=row["lq"], odoo_qty=row["oq"], legacy_value=row["lv"],
                odoo_value=row["ov"], lines=row["lines"] or 1, ratio=product["ratio"],
                qty_rounding=product["rounding"], cost_method=product["cost_method"],
            )
            outcome.differences.append(self._difference(
                "value_product", row, mismatch, classify.classify(mismatch),
                key="%s/%s" % (self._wh_code(row["wh"]), code),
                res_model="product.product", res_id=row["product_id"]))
        # value_warehouse: the totals of the same statement, no rows of its own.
        warehouse_outcome = CheckOutcome("value_warehouse")
        value_tol = checks.tolerances(self.params, "value_warehouse")
        self.totals["value"] = {}
        for warehouse in self.warehouses:
            total = _find(totals, warehouse.id)
            legacy, odoo = total.get("lv") or 0, total.get("ov") or 0
            self._result(outcome, warehouse.id, legacy, odoo, total.get("lc") or 0,
                         total.get("oc") or 0, total.get("mc") or 0)
            # Off by more than the tolerance, the total still passes when every product
            # difference of the warehouse is explained (rounding adds up).
            details = [d for d in outcome.differences if d["warehouse_id"] == warehouse.id]
            ok = not exceeds(legacy, odoo, *value_tol) or (
                len(details) >= (total.get("mc") or 0)
                and not any(d["blocking"] for d in details))
            self._result(warehouse_outcome, warehouse.id, legacy, odoo,
                         mismatch_count=0 if ok else 1, aggregate_ok=ok, differences=[],
                         note=None if ok else "see %s" % CHECKS_BY_CODE["value_product"].name)
            self.totals["value"][warehouse.id] = (legacy, odoo)
        self.value_warehouse = warehouse_outcome.done()
        self.value_warehouse_blocking = any(d["blocking"] for d in outcome.differences) or \
            any(not r["passed"] for r in warehouse_outcome.results)

    def _check_value_company(self, outcome):
        """Layers that no warehouse explains (revaluations, landed costs, moves outside
        every warehouse), per product; the company total adds the warehouses'."""
        ctes = sql.SQL(
            "o AS (SELECT product_id, SUM(qty) AS qty, SUM(value) AS value, SUM(layers) AS n"
            " FROM jxc_rc_o_value WHERE warehouse_id IS NULL GROUP BY 1"
            " HAVING SUM(value) <> 0 OR SUM(qty) <> 0)"
        )
        joined = sql.SQL(
            "SELECT NULL::int AS wh, product_id, qty AS oq, value AS ov, n,"
            " ({vexceeds} OR {qexceeds}) AS mm FROM o"
        ).format(vexceeds=sql.SQL(sql_exceeds("0", "value", "value_abs", "value_rel")),
                 qexceeds=sql.SQL(sql_exceeds("0", "qty", "qty_abs", "qty_rel")))
        totals, rows = self._json_query(
            ctes, joined,
            sql.SQL("SELECT NULL::int AS wh, SUM(value) AS ov FROM o"),
            sql.SQL("ABS(ov) DESC, product_id"),
        )
        self._load_products(r["product_id"] for r in rows)
        for row in rows:
            product = self._product(row["product_id"])
            mismatch = self._mismatch(
                "value_company", legacy_present=False, odoo_qty=row["oq"],
                odoo_value=row["ov"], cost_method=product["cost_method"])
            outcome.differences.append(self._difference(
                "value_company", row, mismatch, classify.classify(mismatch),
                key="%s/%s" % (self.company.name, product["code"]),
                note=("%s; %s" % (classify.classify(mismatch).note,
                                  "layers without a warehouse: %s" % row["n"])),
                res_model="product.product", res_id=row["product_id"]))
        total = _find(totals, None)
        unattributed = as_decimal(total.get("ov") or 0)
        values = self.totals.get("value", {})
        legacy = sum((as_decimal(v[0]) for v in values.values()), Decimal(0))
        odoo = sum((as_decimal(v[1]) for v in values.values()), Decimal(0)) + unattributed
        self.totals["company_value"] = (legacy, odoo)
        ok = not exceeds(legacy, odoo, *checks.tolerances(self.params, "value_company")) or \
            not self.value_warehouse_blocking
        self._result(outcome, None, legacy, odoo,
                     mismatch_count=total.get("mc") or 0,
                     aggregate_ok=ok,
                     note="of which without warehouse: %s" % unattributed)

    def _check_partner(self, outcome, column, account_type, sign):
        ctes = sql.SQL(
            "l AS (SELECT partner_id, partner_code, SUM({col}) AS v FROM {partner}"
            " WHERE batch_id = %(batch)s AND company_id = %(company)s GROUP BY 1, 2"
            " HAVING SUM({col}) <> 0),"
            " o AS (SELECT COALESCE(p.commercial_partner_id, aml.partner_id) AS partner_id,"
            " {sign} * SUM(aml.balance) AS v, COUNT(*) AS n"
            " FROM account_move_line aml JOIN account_account a ON a.id = aml.account_id"
            " LEFT JOIN res_partner p ON p.id = aml.partner_id"
            " WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'"
            " AND a.account_type = {atype} GROUP BY 1 HAVING SUM(aml.balance) <> 0)"
        ).format(col=sql.Identifier(column), partner=self.t["partner"],
                 sign=sql.Literal(sign), atype=sql.Literal(account_type))
        joined = sql.SQL(
            "SELECT NULL::int AS wh, COALESCE(l.partner_id, o.partner_id) AS partner_id,"
            " l.partner_code, l.v AS lv, o.v AS ov, l.partner_code IS NOT NULL AS lp,"
            " o.v IS NOT NULL AS op, {exceeds} AS mm"
            " FROM l FULL JOIN o ON o.partner_id = l.partner_id"
        ).format(exceeds=sql.SQL(sql_exceeds("l.v", "o.v", "value_abs", "value_rel")))
        totals, rows = self._json_query(
            ctes, joined,
            sql.SQL("SELECT NULL::int AS wh, (SELECT COUNT(*) FROM l) AS lc,"
                    " (SELECT COUNT(*) FROM o) AS oc, (SELECT SUM(v) FROM l) AS lv,"
                    " (SELECT SUM(v) FROM o) AS ov"),
            sql.SQL("ABS(COALESCE(ov, 0) - COALESCE(lv, 0)) DESC, partner_id"),
        )
        partner_codes = self._partner_codes(r["partner_id"] for r in rows)
        rejected = self.rejected_keys().get("partner", set())
        for row in rows:
            code = row["partner_code"] or partner_codes.get(row["partner_id"]) or \
                "#%s" % (row["partner_id"] or "-")
            mismatch = self._mismatch(
                outcome.code, legacy_present=row["lp"], odoo_present=row["op"],
                legacy_value=row["lv"] if row["lp"] else None,
                odoo_value=row["ov"] if row["op"] else None, rejected=code in rejected)
            outcome.differences.append(self._difference(
                outcome.code, row, mismatch, classify.classify(mismatch), key=code,
                partner_id=row["partner_id"], product_id=None,
                res_model="res.partner" if row["partner_id"] else None,
                res_id=row["partner_id"]))
        total = _find(totals, None)
        self._result(outcome, None, total.get("lv") or 0, total.get("ov") or 0,
                     total.get("lc") or 0, total.get("oc") or 0, total.get("mc") or 0)
        self.totals.setdefault("partner_balance", {})[outcome.code] = (
            total.get("lc") or 0, total.get("oc") or 0)
        self.totals.setdefault("amount", {})[outcome.code] = (
            total.get("lv") or 0, total.get("ov") or 0)

    def _partner_codes(self, ids):
        ids = [i for i in set(ids) if i]
        if not ids:
            return {}
        self.cr.execute(
            "SELECT id, COALESCE(jxc_legacy_code, ref, name) FROM res_partner"
            " WHERE id = ANY(%s)", [ids])
        return dict(self.cr.fetchall())

    def _check_partner_ar(self, outcome):
        self._check_partner(outcome, "receivable", "asset_receivable", 1)

    def _check_partner_ap(self, outcome):
        self._check_partner(outcome, "payable", "liability_payable", -1)

    def _check_open_orders(self, outcome):
        ctes = sql.SQL(
            "l AS (SELECT warehouse_id, kind, partner_id, partner_code,"
            " COUNT(DISTINCT number) AS n, SUM(open_qty) AS q, SUM(open_qty * price) AS v"
            " FROM {orders} WHERE batch_id = %(batch)s AND warehouse_id = ANY(%(wh)s)"
            " AND open_qty > 0 GROUP BY 1, 2, 3, 4),"
            " o AS (SELECT so.warehouse_id, 'sale'::varchar AS kind,"
            " COALESCE(p.commercial_partner_id, so.partner_id) AS partner_id,"
            " COUNT(DISTINCT so.id) AS n,"
            " SUM((sol.product_uom_qty - sol.qty_delivered) / lu.factor * pu.factor) AS q,"
            " SUM((sol.product_uom_qty - sol.qty_delivered) * sol.price_unit"
            " * (1 - COALESCE(sol.discount, 0) / 100)) AS v, MIN(so.id) AS order_id,"
            " array_agg(DISTINCT so.jxc_legacy_number) AS numbers"
            " FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id"
            " JOIN product_product pp ON pp.id = sol.product_id"
            " JOIN product_template pt ON pt.id = pp.product_tmpl_id"
            " JOIN uom_uom lu ON lu.id = sol.product_uom JOIN uom_uom pu ON pu.id = pt.uom_id"
            " LEFT JOIN res_partner p ON p.id = so.partner_id"
            " WHERE so.state = 'sale' AND so.company_id = %(company)s"
            " AND so.warehouse_id = ANY(%(wh)s) AND sol.display_type IS NULL"
            " AND sol.product_uom_qty > sol.qty_delivered GROUP BY 1, 2, 3"
            " UNION ALL"
            " SELECT spt.warehouse_id, 'purchase'::varchar,"
            " COALESCE(p.commercial_partner_id, po.partner_id), COUNT(DISTINCT po.id),"
            " SUM((pol.product_qty - pol.qty_received) / lu.factor * pu.factor),"
            " SUM((pol.product_qty - pol.qty_received) * pol.price_unit"
            " * (1 - COALESCE(pol.discount, 0) / 100)), MIN(po.id),"
            " array_agg(DISTINCT po.jxc_legacy_number)"
            " FROM purchase_order_line pol JOIN purchase_order po ON po.id = pol.order_id"
            " JOIN stock_picking_type spt ON spt.id = po.picking_type_id"
            " JOIN product_product pp ON pp.id = pol.product_id"
            " JOIN product_template pt ON pt.id = pp.product_tmpl_id"
            " JOIN uom_uom lu ON lu.id = pol.product_uom JOIN uom_uom pu ON pu.id = pt.uom_id"
            " LEFT JOIN res_partner p ON p.id = po.partner_id"
            " WHERE po.state IN ('purchase', 'done') AND po.company_id = %(company)s"
            " AND spt.warehouse_id = ANY(%(wh)s) AND pol.display_type IS NULL"
            " AND pol.product_qty > pol.qty_received GROUP BY 1, 2, 3)"
        ).format(orders=self.t["order"])
        joined = sql.SQL(
            "SELECT COALESCE(l.warehouse_id, o.warehouse_id) AS wh,"
            " COALESCE(l.kind, o.kind) AS kind,"
            " COALESCE(l.partner_id, o.partner_id) AS partner_id, l.partner_code,"
            " l.n AS ln, o.n AS on_, l.q AS lq, o.q AS oq, l.v AS lv, o.v AS ov,"
            " o.order_id, o.numbers, l.kind IS NOT NULL AS lp, o.kind IS NOT NULL AS op,"
            " ({qexceeds} OR {vexceeds} OR l.n IS DISTINCT FROM o.n) AS mm"
            " FROM l FULL JOIN o ON o.warehouse_id = l.warehouse_id AND o.kind = l.kind"
            " AND o.partner_id = l.partner_id"
        ).format(qexceeds=sql.SQL(sql_exceeds("l.q", "o.q", "qty_abs", "qty_rel")),
                 vexceeds=sql.SQL(sql_exceeds("l.v", "o.v", "value_abs", "value_rel")))
        totals, rows = self._json_query(
            ctes, joined,
            sql.SQL("SELECT wh, SUM(lc) AS lc, SUM(oc) AS oc, SUM(lv) AS lv, SUM(ov) AS ov"
                    " FROM (SELECT warehouse_id AS wh, SUM(n) AS lc, 0 AS oc, SUM(v) AS lv,"
                    " 0 AS ov FROM l GROUP BY 1 UNION ALL SELECT warehouse_id, 0, SUM(n), 0,"
                    " SUM(v) FROM o GROUP BY 1) s GROUP BY wh"),
            sql.SQL("ABS(COALESCE(ov, 0) - COALESCE(lv, 0)) DESC, wh, kind, partner_id"),
        )
        partner_codes = self._partner_codes(r["partner_id"] for r in rows)
        rejected_numbers = {key.split("/", 1)[0]
                            for key in self.rejected_keys().get("order", set())}
        for row in rows:
            code = row["partner_code"] or partner_codes.get(row["partner_id"]) or "-"
            numbers = set(row["numbers"] or ()) - {None}
            mismatch = self._mismatch(
                "open_orders", legacy_present=row["lp"], odoo_present=row["op"],
                legacy_qty=row["lq"], odoo_qty=row["oq"], legacy_value=row["lv"],
                odoo_value=row["ov"], legacy_count=row["ln"], odoo_count=row["on_"],
                rejected=bool(numbers) and numbers <= rejected_numbers,
            )
            model = "sale.order" if row["kind"] == "sale" else "purchase.order"
            outcome.differences.append(self._difference(
                "open_orders", row, mismatch, classify.classify(mismatch),
                key="%s/%s/%s" % (self._wh_code(row["wh"]), row["kind"], code),
                partner_id=row["partner_id"], product_id=None,
                res_model=model if row["order_id"] else "res.partner",
                res_id=row["order_id"] or row["partner_id"]))
        self.totals["open_order"] = {}
        for warehouse in self.warehouses:
            total = _find(totals, warehouse.id)
            self._result(outcome, warehouse.id, total.get("lv") or 0, total.get("ov") or 0,
                         total.get("lc") or 0, total.get("oc") or 0, total.get("mc") or 0)
            self.totals["open_order"][warehouse.id] = (total.get("lc") or 0,
                                                       total.get("oc") or 0)

    # ------------------------------------------------------------------- 合计

    def _batch_warehouses(self):
        self._execute(sql.SQL(
            "SELECT DISTINCT warehouse_id FROM {stock} WHERE batch_id = %(batch)s"
        ).format(stock=self.t["stock"]))
        return {row[0] for row in self.cr.fetchall()}

    def _check_legacy_totals(self, outcome):
        """The legacy file's 合计 → the rows read → the rows kept → what Odoo holds."""
        entries = self.source.totals if self.source is not None else self._batch_totals()
        if not entries:
            return
        full_scope = self._batch_warehouses() <= set(self.warehouses.ids)
        self._execute(sql.SQL(
            "SELECT COALESCE(SUM(qty), 0) FROM {stock} WHERE batch_id = %(batch)s"
        ).format(stock=self.t["stock"]))
        base_qty = as_decimal(self.cr.fetchone()[0])
        for entry in entries:
            field = entry.get("field")
            legacy = as_decimal(entry["legacy_total"])
            read = as_decimal(entry["read_total"])
            kept = as_decimal(entry["staged_total"])
            imported, base_total, rounding = None, None, self.rounding
            if full_scope and field in ("stock.qty", "stock.value", "partner.ar",
                                        "partner.ap"):
                if field == "stock.qty":
                    imported, base_total = self._odoo_on_hand(), base_qty
                    rounding = Decimal("0.01")
                elif field == "stock.value":
                    imported = self.totals["company_value"][1]
                else:
                    amount = self.totals.get("amount", {}).get(
                        "partner_ar" if field == "partner.ar" else "partner_ap")
                    imported = as_decimal(amount[1]) if amount else None
            label = "%s %s" % (entry["file"], entry["column"])
            stages = [("read", legacy, read), ("kept", read, kept)]
            if imported is not None:
                stages.append(("imported", kept, imported))
            for stage, left, right in stages:
                if stage == "read" and entry.get("ok"):
                    continue
                verdict = classify.classify_total(
                    stage, left, right, rounding=rounding,
                    base_total=base_total if stage == "imported" else None)
                if verdict is None:
                    continue
                outcome.differences.append({
                    "check_code": "legacy_totals",
                    "warehouse_id": None,
                    "key": "%s: %s" % (label, {"read": "合计 → read", "kept": "read → kept",
                                               "imported": "kept → Odoo"}[stage]),
                    "legacy_value": left,
                    "odoo_value": right,
                    "value_diff": right - left,
                    "cause": verdict.cause,
                    "blocking": verdict.blocking,
                    "note": verdict.note or None,
                    "res_model": "jxc.import.batch" if self.batch else None,
                    "res_id": self.batch.id or None,
                })
            entry_diffs = [d for d in outcome.differences if d["key"].startswith(label + ":")]
            blocking = sum(1 for d in entry_diffs if d["blocking"])
            outcome.results.append({
                "check_code": "legacy_totals",
                "entity": label,
                "warehouse_id": None,
                "legacy_value": legacy,
                "odoo_value": imported if imported is not None else kept,
                "diff": (imported if imported is not None else kept) - legacy,
                "mismatch_count": len(entry_diffs),
                "stored_count": len(entry_diffs),
                "blocking_count": blocking,
                "passed": not blocking,
                "note": "合计 %s / read %s / kept %s / Odoo %s%s" % (
                    legacy, read, kept, "-" if imported is None else imported,
                    "" if full_scope else " (the run covers part of the file's warehouses:"
                    " Odoo not compared)"),
            })

    def _odoo_on_hand(self):
        self.cr.execute("SELECT COALESCE(SUM(qty), 0) FROM jxc_rc_o_stock")
        return as_decimal(self.cr.fetchone()[0])

    def _batch_totals(self):
        """The batch's 合计 entries, each with the field its column holds."""
        from odoo.addons.jxc_upgrade.engine.readers import column_map

        batch = self.batch
        if not batch or not batch.totals:
            return []
        profile = batch.profile_id._to_engine_dict()
        tables = {(t.get("file"), t.get("sheet") or ""): t for t in batch.tables or []}
        entries = []
        for total in batch.totals:
            entry = dict(total)
            table = tables.get((total.get("file"), total.get("sheet") or ""))
            entry["field"] = _column_field(column_map, table, total.get("column"), profile)
            entries.append(entry)
        return entries

    # ------------------------------------------------------------------- counts

    def _master_counts(self, outcome, entity, model, table):
        """Records the import made (its done rows) against the records Odoo holds with a
        legacy code, key by key."""
        if self.source is not None:
            return  # a file read for the run made no import rows to count
        company_filter = sql.SQL("")
        if table != "product_template":
            company_filter = sql.SQL(" AND (r.company_id IS NULL OR r.company_id = %(company)s)")
        self._execute(sql.SQL(
            "WITH l AS (SELECT DISTINCT res_id FROM jxc_import_row WHERE batch_id = %(batch)s"
            " AND state = 'done' AND res_model = %(model)s),"
            " o AS (SELECT r.id, r.jxc_legacy_code FROM {table} r"
            " WHERE r.jxc_legacy_code IS NOT NULL{company}),"
            " j AS MATERIALIZED (SELECT COALESCE(l.res_id, o.id) AS id, o.jxc_legacy_code AS code,"
            " l.res_id IS NOT NULL AS lp, o.id IS NOT NULL AS op"
            " FROM l FULL JOIN o ON o.id = l.res_id)"
            " SELECT (SELECT json_agg(t)::text FROM (SELECT COUNT(*) FILTER (WHERE lp) AS lc,"
            " COUNT(*) FILTER (WHERE op) AS oc, COUNT(*) FILTER (WHERE lp <> op) AS mc"
            " FROM j) t), (SELECT json_agg(m)::text FROM (SELECT * FROM j WHERE lp <> op"
            " ORDER BY id LIMIT %(cap)s) m)"
        ).format(table=sql.Identifier(table), company=company_filter), {"model": model})
        totals_text, rows_text = self.cr.fetchone()
        total = _decimal_rows(totals_text)[0]
        rows = _decimal_rows(rows_text)
        rejected = self.rejected_keys().get(entity, set())
        for row in rows:
            mismatch = self._mismatch("counts", legacy_present=row["lp"],
                                      odoo_present=row["op"], legacy_count=1 if row["lp"]
                                      else 0, odoo_count=1 if row["op"] else 0,
                                      rejected=(row["code"] or "") in rejected)
            outcome.differences.append(self._difference(
                "counts", {"wh": None}, mismatch, classify.classify(mismatch),
                key="%s/%s" % (entity, row["code"] or "#%s" % row["id"]),
                product_id=None, res_model=model if row["op"] else None,
                res_id=row["id"] if row["op"] else None))
        self._count_result(outcome, entity, None, total["lc"], total["oc"],
                           mismatch_count=total["mc"])

    def _count_result(self, outcome, entity, warehouse_id, legacy, odoo, mismatch_count=None):
        """Master data (mismatch_count given) is compared key by key and blocks; the
        other entities total what a detailed check lists and blocks (derived)."""
        legacy, odoo = int(legacy or 0), int(odoo or 0)
        derived = mismatch_count is None
        if derived:
            mismatch_count = 0 if legacy == odoo else 1
        diffs = [d for d in outcome.differences
                 if d["key"].startswith(entity + "/") and
                 (warehouse_id is None or d.get("warehouse_id") == warehouse_id)]
        blocking = sum(1 for d in diffs if d["blocking"])
        if derived:
            ok = legacy == odoo
        else:
            ok = summary.result_passed(mismatch_count, blocking, len(diffs))
        outcome.results.append({
            "derived": derived,
            "check_code": "counts",
            "entity": entity,
            "warehouse_id": warehouse_id,
            "legacy_value": legacy,
            "odoo_value": odoo,
            "diff": odoo - legacy,
            "legacy_count": legacy,
            "odoo_count": odoo,
            "mismatch_count": int(mismatch_count),
            "stored_count": len(diffs),
            "blocking_count": blocking + max(0, int(mismatch_count) - len(diffs)),
            "passed": bool(ok),
        })

    def _check_counts(self, outcome):
        self._master_counts(outcome, "product", "product.template", "product_template")
        self._master_counts(outcome, "partner", "res.partner", "res_partner")
        self._warehouse_counts(outcome)
        for entity in ("stock_position", "lot", "open_order"):
            for warehouse in self.warehouses:
                legacy, odoo = self.totals.get(entity, {}).get(warehouse.id, (0, 0))
                self._count_result(outcome, entity, warehouse.id, legacy, odoo)
        balances = self.totals.get("partner_balance", {})
        legacy = sum(int(v[0]) for v in balances.values())
        odoo = sum(int(v[1]) for v in balances.values())
        self._count_result(outcome, "partner_balance", None, legacy, odoo)

    def _warehouse_counts(self, outcome):
        """The warehouses of the snapshot (its codes) against Odoo's warehouses of the
        company carrying those legacy codes."""
        self._execute(sql.SQL(
            "SELECT code, bool_or(resolved) FROM (SELECT warehouse_code AS code,"
            " warehouse_id IS NOT NULL AS resolved FROM {stock} WHERE batch_id = %(batch)s"
            " UNION ALL SELECT warehouse_code, warehouse_id IS NOT NULL FROM {orders}"
            " WHERE batch_id = %(batch)s) s GROUP BY code"
        ).format(stock=self.t["stock"], orders=self.t["order"]))
        codes = dict(self.cr.fetchall())
        missing = sorted(code for code, resolved in codes.items() if not resolved)
        for code in missing:
            mismatch = self._mismatch("counts", odoo_present=False, legacy_count=1,
                                      odoo_count=0)
            outcome.differences.append(self._difference(
                "counts", {"wh": None}, mismatch, classify.classify(mismatch),
                key="warehouse/%s" % code, product_id=None))
        self._count_result(outcome, "warehouse", None, len(codes), len(codes) - len(missing),
                           mismatch_count=len(missing))


def _find(totals, warehouse_id):
    return next((t for t in totals if t.get("wh") == warehouse_id), {})


def _date(value):
    if not value:
        return None
    return datetime.date.fromisoformat(str(value)[:10])


def _column_field(column_map, table, column, profile):
    """'entity.field' of a 合计 column, from the staged table's header and the profile."""
    if not table or not table.get("entity") or column is None:
        return None
    header = table.get("header") or []
    try:
        mapping = column_map(header, profile, table["entity"])
    except (KeyError, ValueError):
        return None
    for index, field in mapping.items():
        if index < len(header) and header[index] == column:
            return "%s.%s" % (table["entity"], field)
    return None


class LegacySource:
    """A legacy export read for a run, in temporary tables filled by COPY."""

    def __init__(self, env, company, profile, paths, as_of):
        self.env = env
        self.company = company
        self.profile = profile
        self.paths = paths
        self.as_of = as_of
        self.rejected = defaultdict(set)
        self.totals = []
        self.hash = None
        self.counts = {}

    def _known_products(self):
        """code → units of the products Odoo holds, so that stock rows of products the
        file does not describe are converted to the base unit as the import did."""
        self.env.cr.execute(
            "SELECT pt.jxc_legacy_code, u.name ->> 'en_US', po.name ->> 'en_US',"
            " CASE WHEN po.factor > 0 THEN u.factor / po.factor END"
            " FROM product_template pt JOIN uom_uom u ON u.id = pt.uom_id"
            " LEFT JOIN uom_uom po ON po.id = pt.uom_po_id"
            " WHERE pt.jxc_legacy_code IS NOT NULL"
        )
        known = {}
        for code, uom, aux, ratio in self.env.cr.fetchall():
            aux_name = (aux or "").split("(")[0] or None
            known[code] = {"uom": uom, "aux_uom": aux_name if aux != uom else None,
                           "ratio": ratio if aux != uom else None}
        return known

    def load(self):
        from odoo.addons.jxc_upgrade import engine as upgrade_engine
        from odoo.addons.jxc_upgrade.engine.readers import column_map

        cr = self.env.cr
        profile = self.profile._to_engine_dict()
        tables = upgrade_engine.load_sources(list(self.paths), profile)
        cr.execute("SELECT jxc_legacy_code FROM res_partner WHERE jxc_legacy_code IS NOT NULL"
                   " AND (company_id IS NULL OR company_id = %s)", [self.company.id])
        partners = {code for (code,) in cr.fetchall()}
        result = upgrade_engine.clean(tables, profile, as_of=self.as_of,
                                      known_product_codes=self._known_products(),
                                      known_partner_codes=partners)
        for issue in result.issues:
            if issue.severity == "reject" and issue.key:
                self.rejected[issue.entity].add(issue.key)
        metas = {(t.file, t.sheet or ""): {"entity": t.entity, "header": t.header}
                 for t in tables}
        for total in result.totals:
            entry = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in total.items()}
            entry["field"] = _column_field(column_map, metas.get(
                (total["file"], total.get("sheet") or "")), total["column"], profile)
            self.totals.append(entry)
        texts = []
        for kind, rows, columns in (
            ("stock", legacy_file.stock_rows(result.records.get("stock", [])),
             legacy_file.STOCK_COLUMNS),
            ("partner", legacy_file.partner_rows(result.records.get("partner", [])),
             legacy_file.PARTNER_COLUMNS),
            ("order", legacy_file.order_rows(result.records.get("order", [])),
             legacy_file.ORDER_COLUMNS),
        ):
            text = legacy_file.copy_text(rows)
            texts.append(text)
            self._copy(kind, columns, text)
        self.hash = "sha256:" + legacy_file.snapshot_hash(*texts)
        self._resolve()
        return self

    def _copy(self, kind, columns, text):
        cr = self.env.cr
        table = sql.Identifier(SOURCE_TABLES[kind])
        cr.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        ddl = {
            "stock": "warehouse_code varchar, product_code varchar, lot_name varchar,"
                     " expiry_date date, qty numeric, unit_cost numeric, value numeric,"
                     " file_name varchar, row_number int, warehouse_id int, product_id int",
            "partner": "partner_code varchar, receivable numeric, payable numeric,"
                       " file_name varchar, row_number int, partner_id int",
            "order": "number varchar, kind varchar, partner_code varchar,"
                     " warehouse_code varchar, product_code varchar, qty numeric,"
                     " done_qty numeric, open_qty numeric, price numeric, file_name varchar,"
                     " row_number int, partner_id int, warehouse_id int, product_id int",
        }[kind]
        cr.execute(sql.SQL("CREATE TEMP TABLE {} (id serial, batch_id int DEFAULT 0,"
                           " company_id int DEFAULT %s, " + ddl + ")").format(table),
                   [self.company.id])
        cr.copy_expert(sql.SQL("COPY {} ({}) FROM STDIN").format(
            table, sql.SQL(", ").join(sql.Identifier(c) for c in columns)).as_string(cr._obj),
            io.StringIO(text))
        self.counts[kind] = text.count("\n")

    def _resolve(self):
        cr = self.env.cr
        for kind in ("stock", "order"):
            table = sql.Identifier(SOURCE_TABLES[kind])
            cr.execute(sql.SQL(
                "UPDATE {t} l SET product_id = pp.id FROM product_template pt"
                " JOIN product_product pp ON pp.product_tmpl_id = pt.id"
                " WHERE pt.jxc_legacy_code = l.product_code").format(t=table))
            cr.execute(sql.SQL(
                "UPDATE {t} l SET warehouse_id = w.id FROM stock_warehouse w"
                " WHERE w.jxc_legacy_code = l.warehouse_code AND w.company_id = %s"
            ).format(t=table), [self.company.id])
        for kind in ("partner", "order"):
            cr.execute(sql.SQL(
                "UPDATE {t} l SET partner_id = p.id FROM res_partner p"
                " WHERE p.jxc_legacy_code = l.partner_code"
            ).format(t=sql.Identifier(SOURCE_TABLES[kind])))
        for name in SOURCE_TABLES.values():
            cr.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(name)))

    def warehouse_ids(self):
        self.env.cr.execute("SELECT DISTINCT warehouse_id FROM jxc_rc_src_stock"
                            " WHERE warehouse_id IS NOT NULL")
        return [row[0] for row in self.env.cr.fetchall()]

    def drop(self):
        for name in SOURCE_TABLES.values():
            self.env.cr.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(
                sql.Identifier(name)))


