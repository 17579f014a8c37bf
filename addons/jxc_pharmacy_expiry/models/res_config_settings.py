# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gsp_expiry_lock = fields.Boolean(related="company_id.gsp_expiry_lock", readonly=False)
    gsp_receipt_control = fields.Boolean(
        related="company_id.gsp_receipt_control", readonly=False
    )
    gsp_auto_quarantine = fields.Boolean(
        related="company_id.gsp_auto_quarantine", readonly=False
    )

    def action_gsp_open_thresholds(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Near-Expiry Thresholds"),
            "res_model": "gsp.expiry.threshold",
            "view_mode": "list",
            "domain": [("company_id", "=", self.company_id.id)],
            "context": {"default_company_id": self.company_id.id},
        }
