# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class JxcLegacyStockLine(models.Model):
    """A cleaned legacy stock line: the legacy side of the opening stock.

    Written in bulk by ``jxc.import.batch._store_snapshot`` for every accepted stock row
    (rejected rows stay in the batch's issues); the opening-stock load reads it and ties
    each line to the move it made; the reconciliation compares it with Odoo in SQL.
    Quantities are in the product's base unit, unit costs per base unit.
    """

    _name = "jxc.legacy.stock.line"
    _description = "Legacy Stock Line"
    _order = "batch_id, warehouse_code, product_code, lot_name"
    _log_access = False

    batch_id = fields.Many2one("jxc.import.batch", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    warehouse_code = fields.Char(required=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", index=True)
    product_code = fields.Char(required=True, index=True)
    product_id = fields.Many2one("product.product", index=True)
    lot_name = fields.Char(string="Legacy Lot")
    lot_id = fields.Many2one("stock.lot")
    production_date = fields.Date()
    expiry_date = fields.Date()
    expiry_precision = fields.Selection([("day", "Day"), ("month", "Month")])
    qty = fields.Float(digits="Product Unit of Measure", required=True)
    unit_cost = fields.Float(digits="Product Price")
    value = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    expired = fields.Boolean()
    file_name = fields.Char()
    row_number = fields.Integer()
    state = fields.Selection(
        [("pending", "To Load"), ("loaded", "Loaded")], default="pending", required=True,
        index=True,
    )
    move_id = fields.Many2one("stock.move", string="Opening Move", index="btree_not_null")
