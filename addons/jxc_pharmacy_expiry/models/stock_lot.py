# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time

from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import api, fields, models

from ..engine import levels

_logger = logging.getLogger(__name__)

EXPIRY_STATES = [
    ("normal", "Normal"),
    ("near_1", "Near Expiry: Level 1"),
    ("near_2", "Near Expiry: Level 2"),
    ("near_3", "Near Expiry: Level 3"),
    ("expired", "Expired"),
]
ALERT_STATES = ("near_1", "near_2", "near_3", "expired")
THRESHOLD_TABLE = "gsp_scan_threshold"
CHANGED_TABLE = "gsp_scan_changed"
NEW_ALERTS_TABLE = "gsp_scan_new_alert"
SCAN_LOCK_KEY = 0x6A78_6365  # advisory lock serialising expiry scans ("jxce")


class StockLot(models.Model):
    _inherit = "stock.lot"

    # Same definition as in jxc_upgrade (which writes it without depending on us).
    production_date = fields.Date(  # pylint: disable=attribute-string-redundant
        string="Production Date", help="The date the lot was manufactured (生产日期)."
    )
    gsp_expiry_month_precision = fields.Boolean(
        string="Expiry by Month",
        help="The package gives the expiry as a month only (有效期至 2026-05): the expiry "
        "date is read as the last day of that month.",
    )
    gsp_expiry_state = fields.Selection(
        EXPIRY_STATES,
        string="Expiry Alert",
        compute="_compute_gsp_expiry_state",
        search="_search_gsp_expiry_state",
        help="Stored per lot (model gsp.lot.expiry); refreshed when the lot's dates change "
        "and every day by the expiry scan.",
    )
    gsp_days_to_expiry = fields.Integer(
        string="Days to Expiry", compute="_compute_gsp_days_to_expiry"
    )
    gsp_supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        index="btree_not_null",
        help="The vendor of the receipt that brought this lot in.",
    )

    @api.depends("expiration_date")
    def _compute_gsp_days_to_expiry(self):
        today = fields.Date.today()
        for lot in self:
            lot.gsp_days_to_expiry = (
                (lot.expiration_date.date() - today).days if lot.expiration_date else 0
            )

    def _compute_gsp_expiry_state(self):
        states = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT id, state FROM gsp_lot_expiry WHERE id = ANY(%s)",
                [list(self.ids)],
            )
            states = dict(self.env.cr.fetchall())
        for lot in self:
            lot.gsp_expiry_state = states.get(lot.id) or False

    def _search_gsp_expiry_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        values = [value] if operator in ("=", "!=") else list(value)
        positive = operator in ("=", "in")
        wanted = [v for v in values if v]
        clauses = []
        if wanted:
            clauses.append(("state", "in", wanted))
        if len(wanted) < len(values):  # False among the values: no state at all
            with_state = self.env["gsp.lot.expiry"]._search([("state", "!=", False)])
            no_state = [("id", "not in", with_state.subselect("id"))]
            if not wanted:
                return no_state if positive else ["!"] + no_state
            matching = self.env["gsp.lot.expiry"]._search(clauses[0:1])
            domain = ["|", ("id", "in", matching.subselect("id"))] + no_state
            return domain if positive else ["!"] + domain
        matching = self.env["gsp.lot.expiry"]._search(clauses)
        return [("id", "in" if positive else "not in", matching.subselect("id"))]

    def _gsp_states_python(self, today=None):
        """{lot id: state} computed in Python with engine.levels (the scan does the same
        in SQL, for all lots at once)."""
        today = today or fields.Date.today()
        thresholds = self.env["gsp.expiry.threshold"].sudo()
        by_scope_cache = {}
        result = {}
        for lot in self:
            if not lot.product_id.use_expiration_date or not lot.expiration_date:
                result[lot.id] = None
                continue
            company = lot.company_id or self.env.company
            if company.id not in by_scope_cache:
                by_scope_cache[company.id] = thresholds._gsp_thresholds_by_scope(company)
            template = lot.product_id.product_tmpl_id.sudo()
            expiry = lot.expiration_date.date()
            shelf = None
            if lot.production_date and expiry > lot.production_date:
                shelf = (expiry - lot.production_date).days
            shelf = shelf or template._gsp_shelf_life_days()
            days = levels.level_days(
                template._gsp_thresholds(company, by_scope_cache[company.id]), shelf
            )
            result[lot.id] = levels.state_for(expiry, today, days)
        return result

    def _gsp_refresh_states(self):
        """Store the state of these lots now (after a change of their dates)."""
        lots = self.exists()
        if not lots:
            return
        today = fields.Date.today()
        states = lots._gsp_states_python(today)
        execute_values(
            self.env.cr._obj,
            """
            INSERT INTO gsp_lot_expiry (id, state, state_date, alert_pending) VALUES %s
            ON CONFLICT (id) DO UPDATE
               SET state = EXCLUDED.state, state_date = EXCLUDED.state_date,
                   alert_pending = EXCLUDED.alert_pending
             WHERE gsp_lot_expiry.state IS DISTINCT FROM EXCLUDED.state
            """,
            [
                (lot_id, state, today, state in ALERT_STATES)
                for lot_id, state in states.items()
            ],
        )
        lots.invalidate_recordset(["gsp_expiry_state"])

    # -- month precision -----------------------------------------------------------------
    @api.model
    def _gsp_month_end(self, value):
        value = fields.Datetime.to_datetime(value)
        return value and value.replace(day=levels.end_of_month(value.date()).day)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("gsp_expiry_month_precision") and vals.get("expiration_date"):
                vals["expiration_date"] = self._gsp_month_end(vals["expiration_date"])
        lots = super().create(vals_list)
        lots._gsp_refresh_states()
        return lots

    def write(self, vals):
        if vals.get("expiration_date") and (
            vals.get("gsp_expiry_month_precision")
            or ("gsp_expiry_month_precision" not in vals
                and all(self.mapped("gsp_expiry_month_precision")) and self)
        ):
            vals = dict(vals, expiration_date=self._gsp_month_end(vals["expiration_date"]))
        res = super().write(vals)
        if vals.get("gsp_expiry_month_precision") and "expiration_date" not in vals:
            for lot in self.filtered("expiration_date"):
                end = self._gsp_month_end(lot.expiration_date)
                if end != lot.expiration_date:
                    lot.expiration_date = end
        if {"expiration_date", "production_date", "product_id"} & set(vals):
            self._gsp_refresh_states()
        return res

    def unlink(self):
        ids = list(self.ids)
        res = super().unlink()
        # gsp.lot.expiry and gsp.expiry.alert reference lots without a foreign key.
        self.env.cr.execute("DELETE FROM gsp_lot_expiry WHERE id = ANY(%s)", [ids])
        self.env.cr.execute("DELETE FROM gsp_expiry_alert WHERE lot_ref = ANY(%s)", [ids])
        return res

    # -- lock ----------------------------------------------------------------------------
    def _gsp_is_expired(self):
        """True once the expiry day is reached (the expiry day counts as expired)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return bool(self.expiration_date) and self.expiration_date < company._gsp_expired_before()

    # -- the daily scan ------------------------------------------------------------------
    @api.model
    def _gsp_fill_threshold_table(self, cr):
        """A temporary table of the thresholds of every (company, product template) that
        uses expiration dates: the resolution product → category → company is done once
        per template here, the per-lot work in SQL."""
        companies = self.env["res.company"].sudo().search([])
        by_scope = self.env["gsp.expiry.threshold"].sudo()._gsp_thresholds_by_scope(companies)
        templates = (
            self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search([("use_expiration_date", "=", True)])
        )
        rows = []
        for template in templates:
            shelf = template._gsp_shelf_life_days()
            for company in companies:
                values = {}
                for level, value, unit in template._gsp_thresholds(company, by_scope):
                    if unit == levels.PERCENT:
                        values["p%d" % level] = value
                    else:
                        values["d%d" % level] = levels.threshold_days(value, unit)
                rows.append(
                    (company.id, template.id, shelf)
                    + tuple(values.get(key) for key in ("d1", "p1", "d2", "p2", "d3", "p3"))
                )
        table = sql.Identifier(THRESHOLD_TABLE)
        cr.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        cr.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE {} (company_id int, tmpl_id int, shelf_days int, "
                "d1 int, p1 numeric, d2 int, p2 numeric, d3 int, p3 numeric, "
                "PRIMARY KEY (tmpl_id, company_id)) ON COMMIT DROP"
            ).format(table)
        )
        if rows:
            execute_values(
                cr._obj,
                sql.SQL("INSERT INTO {} VALUES %s").format(table).as_string(cr._obj),
                rows,
                page_size=1000,
            )
        cr.execute(sql.SQL("ANALYZE {}").format(table))
        return len(rows)

    @api.model
    def _gsp_scan_sql(self, cr, today, lot_ids=None, notify=True):
        """The set-based core of the scan, a few statements:

        1. compute the state of every lot (or of ``lot_ids``) from its expiry date, today
           and the thresholds, keeping only those that differ from the stored state;
        2. write those into gsp_lot_expiry (unchanged lots are not written);
        3. for the lots that changed into a near-expiry or expired state (in this scan,
           or since the last one when their dates were edited) and are in internal
           stock, the alerts not raised yet: one per (lot, level, warehouse);
        4. one digest per (company, warehouse, level) of new alerts, then the alerts
           themselves. Scans are serialised (advisory lock), so step 3 sees every alert
           already raised and a plain INSERT suffices; the unique index on (lot, level,
           warehouse) still guarantees that no alert is ever raised twice.

        Returns ({new state: lots}, new alerts, digests)."""
        params = {"today": today, "company": self.env.company.id, "states": ALERT_STATES}
        where = sql.SQL("")
        if lot_ids is not None:
            where = sql.SQL("WHERE l.id = ANY(%(ids)s)")
            params["ids"] = list(lot_ids)
        # One scan at a time (the cron, a manual run, the command line): until commit.
        cr.execute("SELECT pg_advisory_xact_lock(%s)", [SCAN_LOCK_KEY])
        changed_table = sql.Identifier(CHANGED_TABLE)
        new_table = sql.Identifier(NEW_ALERTS_TABLE)
        cr.execute(sql.SQL("DROP TABLE IF EXISTS {}, {}").format(changed_table, new_table))
        # Hash joins over all lots: room to do them in memory, for this transaction only.
        cr.execute("SET LOCAL work_mem = '128MB'")
        cr.execute(
            sql.SQL(
                """
                CREATE TEMPORARY TABLE {changed} ON COMMIT DROP AS
                WITH base AS (
                    SELECT l.id, l.expiration_date, t.tmpl_id,
                           t.d1, t.p1, t.d2, t.p2, t.d3, t.p3,
                           l.expiration_date::date - %(today)s::date AS remaining,
                           COALESCE(
                               CASE WHEN l.production_date < l.expiration_date::date
                                    THEN l.expiration_date::date - l.production_date END,
                               t.shelf_days) AS shelf
                      FROM stock_lot l
                      JOIN product_product pp ON pp.id = l.product_id
                 LEFT JOIN {thresholds} t ON t.tmpl_id = pp.product_tmpl_id
                                         AND t.company_id = COALESCE(l.company_id, %(company)s)
                    {where}
                ), computed AS (
                    SELECT id,
                           CASE
                               WHEN tmpl_id IS NULL OR expiration_date IS NULL THEN NULL
                               WHEN remaining <= 0 THEN 'expired'
                               WHEN remaining <= COALESCE(d3, CEIL(shelf * p3 / 100.0))
                                    THEN 'near_3'
                               WHEN remaining <= COALESCE(d2, CEIL(shelf * p2 / 100.0))
                                    THEN 'near_2'
                               WHEN remaining <= COALESCE(d1, CEIL(shelf * p1 / 100.0))
                                    THEN 'near_1'
                               ELSE 'normal'
                           END::varchar AS state
                      FROM base
                )
                SELECT c.id AS lot_id, c.state, e.id IS NULL AS is_new
                  FROM computed c
             LEFT JOIN gsp_lot_expiry e ON e.id = c.id
                 WHERE e.id IS NULL OR e.state IS DISTINCT FROM c.state
                """
            ).format(
                changed=changed_table, thresholds=sql.Identifier(THRESHOLD_TABLE), where=where
            ),
            params,
        )
        cr.execute(sql.SQL("ANALYZE {}").format(changed_table))
        cr.execute(
            sql.SQL("SELECT COALESCE(state, 'none'), count(*) FROM {} GROUP BY 1").format(
                changed_table
            )
        )
        changed = dict(cr.fetchall())
        # New lots are inserted, changed ones updated: no conflict is possible here.
        cr.execute(
            sql.SQL(
                """
                INSERT INTO gsp_lot_expiry (id, state, state_date, alert_pending)
                SELECT lot_id, state, %(today)s, false FROM {changed} WHERE is_new;
                UPDATE gsp_lot_expiry e
                   SET state = c.state, state_date = %(today)s, alert_pending = false
                  FROM {changed} c
                 WHERE e.id = c.lot_id AND NOT c.is_new;
                """
            ).format(changed=changed_table),
            params,
        )
        digests = self.env["gsp.expiry.digest"]
        if not notify:
            cr.execute(sql.SQL("DROP TABLE {}").format(changed_table))
            cr.execute("RESET work_mem")
            return changed, 0, digests
        cr.execute(
            sql.SQL(
                """
                CREATE TEMPORARY TABLE {new} ON COMMIT DROP AS
                SELECT u.lot_id, u.state AS level, sl.warehouse_id, q.company_id,
                       MIN(q.expiration_date) AS expiration_date, SUM(q.quantity) AS quantity
                  FROM (SELECT lot_id, state FROM {changed}
                         UNION
                        SELECT id, state FROM gsp_lot_expiry WHERE alert_pending) u
                  JOIN stock_quant q ON q.lot_id = u.lot_id
                  JOIN stock_location sl ON sl.id = q.location_id
                 WHERE u.state IN %(states)s AND sl.usage = 'internal' AND q.quantity > 0
                   AND NOT EXISTS (
                       SELECT 1 FROM gsp_expiry_alert a
                        WHERE a.lot_ref = u.lot_id AND a.level = u.state
                          AND a.warehouse_ref = COALESCE(sl.warehouse_id, 0))
              GROUP BY u.lot_id, u.state, sl.warehouse_id, q.company_id;
                UPDATE gsp_lot_expiry SET alert_pending = false WHERE alert_pending;
                ANALYZE {new};
                """
            ).format(new=new_table, changed=changed_table),
            params,
        )
        cr.execute(
            sql.SQL(
                "SELECT company_id, warehouse_id, level FROM {} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
            ).format(new_table)
        )
        groups = cr.fetchall()
        new_alerts = 0
        if groups:
            digests = digests.sudo().create(
                [
                    {
                        "company_id": company_id or self.env.company.id,
                        "warehouse_id": warehouse_id,
                        "level": level,
                        "scan_date": today,
                    }
                    for company_id, warehouse_id, level in groups
                ]
            )
            digests.flush_recordset()
            mapping = [
                (company_id or 0, warehouse_id or 0, level, digest.id)
                for (company_id, warehouse_id, level), digest in zip(groups, digests, strict=True)
            ]
            query = sql.SQL(
                """
                INSERT INTO gsp_expiry_alert
                       (lot_ref, level, warehouse_ref, expiration_date, quantity, scan_date,
                        digest_ref)
                SELECT n.lot_id, n.level, COALESCE(n.warehouse_id, 0), n.expiration_date,
                       n.quantity, {today}, v.digest_id
                  FROM {new} n
                  JOIN (VALUES %s) AS v(company_id, warehouse_id, level, digest_id)
                    ON COALESCE(n.company_id, 0) = v.company_id
                   AND COALESCE(n.warehouse_id, 0) = v.warehouse_id
                   AND n.level = v.level
                """
            ).format(new=new_table, today=sql.Literal(today))
            execute_values(cr._obj, query.as_string(cr._obj), mapping)
            new_alerts = cr.rowcount
        cr.execute(sql.SQL("DROP TABLE {}, {}").format(changed_table, new_table))
        cr.execute("RESET work_mem")
        return changed, new_alerts, digests

    @api.model
    def _gsp_scan_expiry(self, today=None, lot_ids=None, notify=True):
        """The expiry scan, in sets: thresholds resolved once per product template, then
        a few SQL statements for the states of all lots (only changed rows are written)
        and the alerts of the lots in stock that changed level, then one digest with one
        activity per (warehouse, level) for the new alerts only."""
        started = time.monotonic()
        today = today or fields.Date.today()
        cr = self.env.cr
        self.env.flush_all()
        self._gsp_fill_threshold_table(cr)
        changed, alerts, digests = self._gsp_scan_sql(cr, today, lot_ids, notify)
        self.invalidate_model(["gsp_expiry_state"])
        self.env["gsp.lot.expiry"].invalidate_model()
        self.env["gsp.expiry.alert"].invalidate_model()
        digests._gsp_notify()
        cr.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(THRESHOLD_TABLE)))
        result = {
            "date": str(today),
            "changed": sum(changed.values()),
            "changed_by_state": changed,
            "new_alerts": alerts,
            "digests": len(digests),
            "seconds": round(time.monotonic() - started, 3),
        }
        _logger.info("GSP expiry scan: %s", result)
        return result

    @api.model
    def _gsp_stock_summary(self):
        """Lots in internal stock per alert state: {state: {'lots': n, 'quantity': q}}."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT COALESCE(e.state, 'none'), count(DISTINCT q.lot_id), SUM(q.quantity)
              FROM stock_quant q
              JOIN stock_location sl ON sl.id = q.location_id
         LEFT JOIN gsp_lot_expiry e ON e.id = q.lot_id
             WHERE sl.usage = 'internal' AND q.quantity > 0 AND q.lot_id IS NOT NULL
          GROUP BY 1
            """
        )
        summary = {state: {"lots": 0, "quantity": 0.0} for state, _label in EXPIRY_STATES}
        for state, lots, quantity in self.env.cr.fetchall():
            summary[state] = {"lots": lots, "quantity": float(quantity or 0.0)}
        return summary

    @api.model
    def _gsp_cron_expiry_scan(self):
        return self._gsp_scan_expiry()

    def action_gsp_run_expiry_scan(self):
        result = self._gsp_scan_expiry()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Expiry scan done"),
                "message": self.env._(
                    "%(changed)s lots changed state, %(alerts)s new alerts, %(digests)s "
                    "activities.",
                    changed=result["changed"],
                    alerts=result["new_alerts"],
                    digests=result["digests"],
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
