# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.osv import expression


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model
    def _get_gather_domain(
        self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False
    ):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        expired_before = self.env.context.get("gsp_exclude_expired_before")
        if expired_before:
            allowed = [
                "|",
                ("expiration_date", "=", False),
                ("expiration_date", ">=", expired_before),
            ]
            released = self.env.context.get("gsp_released_lot_ids")
            if released:
                allowed = expression.OR([allowed, [("lot_id", "in", released)]])
            domain = expression.AND([allowed, domain])
        return domain
