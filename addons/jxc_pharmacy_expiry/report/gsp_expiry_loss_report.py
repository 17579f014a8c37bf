# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import fields, models, tools


class GspExpiryLossReport(models.Model):
    """Expired lots scrapped (write-offs and any other scrap of an expired lot), valued
    with the stock valuation of the scrap move."""

    _name = "gsp.expiry.loss.report"
    _description = "Expiry Losses"
    _auto = False
    _order = "date desc, id desc"

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
    writeoff_id = fields.Many2one("gsp.writeoff", string="Write-off", readonly=True)
    expiration_date = fields.Datetime(readonly=True)
    quantity = fields.Float(readonly=True)
    value = fields.Float(string="Loss Value", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            sql.SQL(
                """
                CREATE OR REPLACE VIEW {view} AS (
                    SELECT ml.id, ml.date, ml.company_id, src.warehouse_id, pt.categ_id,
                           ml.product_id, ml.lot_id, l.gsp_supplier_id AS supplier_id,
                           sc.gsp_writeoff_id AS writeoff_id, l.expiration_date,
                           ml.quantity_product_uom AS quantity,
                           CASE WHEN COALESCE(svl.quantity, 0) <> 0
                                THEN ABS(svl.value) * ml.quantity_product_uom / ABS(svl.quantity)
                                ELSE 0 END AS value
                      FROM stock_move_line ml
                      JOIN stock_move m ON m.id = ml.move_id
                      JOIN stock_location src ON src.id = ml.location_id
                      JOIN stock_location dst ON dst.id = ml.location_dest_id
                      JOIN stock_lot l ON l.id = ml.lot_id
                      JOIN product_product pp ON pp.id = ml.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 LEFT JOIN stock_scrap sc ON sc.id = m.scrap_id
                 LEFT JOIN (
                           SELECT stock_move_id, SUM(value) AS value, SUM(quantity) AS quantity
                             FROM stock_valuation_layer
                         GROUP BY stock_move_id
                           ) svl ON svl.stock_move_id = m.id
                     WHERE ml.state = 'done' AND dst.scrap_location AND src.usage = 'internal'
                       AND l.expiration_date IS NOT NULL
                       AND (l.expiration_date::date <= ml.date::date
                            OR sc.gsp_writeoff_id IS NOT NULL)
                )
                """
            ).format(view=sql.Identifier(self._table))
        )
