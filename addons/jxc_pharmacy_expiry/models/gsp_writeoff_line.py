# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GspWriteoffLine(models.Model):
    _name = "gsp.writeoff.line"
    _description = "Expiry Write-off Line"
    _check_company_auto = True

    writeoff_id = fields.Many2one("gsp.writeoff", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="writeoff_id.company_id", store=True)
    product_id = fields.Many2one(
        "product.product", required=True, check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    lot_id = fields.Many2one(
        "stock.lot", check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    expiration_date = fields.Datetime(related="lot_id.expiration_date")
    gsp_expiry_state = fields.Selection(related="lot_id.gsp_expiry_state")
    location_id = fields.Many2one("stock.location", required=True, check_company=True)
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="product_id.uom_id")
    currency_id = fields.Many2one(related="writeoff_id.currency_id")
    value = fields.Monetary(
        compute="_compute_value", store=True, readonly=False,
        help="Estimated at the product's cost; the scrap's valuation once done.",
    )
    scrap_id = fields.Many2one("stock.scrap", readonly=True)

    @api.depends("product_id", "quantity")
    def _compute_value(self):
        for line in self:
            if not line.scrap_id:
                line.value = line.quantity * line.product_id.with_company(
                    line.company_id
                ).standard_price

    @api.constrains("quantity")
    def _check_quantity(self):
        if any(line.quantity < 0 for line in self):
            raise ValidationError(self.env._("Write-off quantities cannot be negative."))
