# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import fields, models, tools

from ..models.stock_lot import ALERT_STATES, EXPIRY_STATES


class GspExpiryRiskReport(models.Model):
    """Near-expiry and expired stock, with its value at the product's current cost."""

    _name = "gsp.expiry.risk.report"
    _description = "Near-Expiry Stock and Value at Risk"
    _auto = False
    _order = "expiration_date, id"

    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
    level = fields.Selection(EXPIRY_STATES, readonly=True)
    expiration_date = fields.Datetime(readonly=True)
    quantity = fields.Float(readonly=True)
    value = fields.Float(string="Value at Risk", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            sql.SQL(
                """
                CREATE OR REPLACE VIEW {view} AS (
                    SELECT q.id, q.company_id, sl.warehouse_id, q.location_id, pt.categ_id,
                           q.product_id, q.lot_id, l.gsp_supplier_id AS supplier_id,
                           e.state AS level, l.expiration_date, q.quantity,
                           q.quantity * COALESCE(
                               (pp.standard_price ->> q.company_id::text)::numeric, 0
                           ) AS value
                      FROM stock_quant q
                      JOIN stock_location sl ON sl.id = q.location_id
                      JOIN stock_lot l ON l.id = q.lot_id
                      JOIN gsp_lot_expiry e ON e.id = q.lot_id
                      JOIN product_product pp ON pp.id = q.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE sl.usage = 'internal' AND q.quantity > 0
                       AND e.state IN {states}
                )
                """
            ).format(
                view=sql.Identifier(self._table),
                states=sql.Literal(ALERT_STATES),
            )
        )
