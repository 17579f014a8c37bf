# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _gsp_check_expired_lots(self):
        for order in self.filtered("company_id.gsp_expiry_lock"):
            for line in order.order_line.filtered("gsp_lot_id"):
                if line.product_id.use_expiration_date and line.gsp_lot_id._gsp_is_expired():
                    raise UserError(
                        self.env._(
                            "%(order)s cannot be confirmed: lot %(lot)s of %(product)s expired "
                            "on %(date)s and is locked under GSP. Choose another lot.",
                            order=order.name,
                            lot=line.gsp_lot_id.name,
                            product=line.product_id.display_name,
                            date=fields.Date.to_string(line.gsp_lot_id.expiration_date.date()),
                        )
                    )

    def action_confirm(self):
        self._gsp_check_expired_lots()
        return super().action_confirm()
