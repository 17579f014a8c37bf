# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

QUALITY_GROUP = "jxc_pharmacy_expiry.group_gsp_quality_manager"


class GspExpiryOverrideLog(models.Model):
    """Append-only: entries are created by the override wizard and never changed."""

    _name = "gsp.expiry.override.log"
    _description = "GSP Expiry Override Log"
    _order = "date desc, id desc"
    _rec_name = "reference"

    reference = fields.Char(readonly=True, default="/")
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.user,
        ondelete="restrict",
    )
    kind = fields.Selection(
        [("lock", "Expired lot released"), ("receipt", "Short shelf life accepted")],
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    picking_id = fields.Many2one("stock.picking", readonly=True, index=True, ondelete="set null")
    move_id = fields.Many2one("stock.move", readonly=True, index=True, ondelete="set null")
    operation = fields.Char(readonly=True, help="The transfer's reference when logged.")
    product_id = fields.Many2one("product.product", required=True, readonly=True,
                                 ondelete="restrict")
    lot_id = fields.Many2one("stock.lot", readonly=True, ondelete="restrict")
    lot_name = fields.Char(string="Lot Number", required=True, readonly=True, index=True)
    expiration_date = fields.Datetime(readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    reason = fields.Text(required=True, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group(QUALITY_GROUP):
            raise AccessError(
                self.env._("Only a GSP quality manager can override an expiry control.")
            )
        for vals in vals_list:
            if not (vals.get("reason") or "").strip():
                raise UserError(self.env._("An override needs a written reason."))
            vals["reference"] = self.env["ir.sequence"].sudo().next_by_code(
                "gsp.expiry.override.log"
            ) or "/"
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(
                self.env._("The expiry override log is append-only: entries cannot be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The expiry override log is append-only: entries cannot "
                                   "be deleted."))
