# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class JxcLegacyOrderLine(models.Model):
    """A line of a legacy open order (未完成订单), with its open quantity."""

    _name = "jxc.legacy.order.line"
    _description = "Legacy Open Order Line"
    _order = "batch_id, number, id"
    _log_access = False

    batch_id = fields.Many2one("jxc.import.batch", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    number = fields.Char(required=True, index=True, string="Legacy Number")
    kind = fields.Selection([("purchase", "Purchase"), ("sale", "Sale")], required=True)
    date = fields.Date()
    partner_code = fields.Char(required=True)
    partner_id = fields.Many2one("res.partner")
    warehouse_code = fields.Char(required=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", index=True)
    product_code = fields.Char(required=True)
    product_id = fields.Many2one("product.product")
    qty = fields.Float(digits="Product Unit of Measure")
    done_qty = fields.Float(digits="Product Unit of Measure")
    open_qty = fields.Float(digits="Product Unit of Measure")
    price = fields.Float(digits="Product Price")
    file_name = fields.Char()
    row_number = fields.Integer()
    purchase_line_id = fields.Many2one("purchase.order.line", index="btree_not_null")
    sale_line_id = fields.Many2one("sale.order.line", index="btree_not_null")
