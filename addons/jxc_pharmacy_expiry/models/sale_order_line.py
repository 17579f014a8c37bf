# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    gsp_lot_id = fields.Many2one(
        "stock.lot",
        string="Lot",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        help="The lot the customer ordered (e.g. from an imported open order). An expired "
        "lot blocks the confirmation when the expiry lock is on.",
    )
