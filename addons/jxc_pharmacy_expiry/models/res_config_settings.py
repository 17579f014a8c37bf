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

    def _jxc_recommended_settings(self):
        """The GSP rules a pharmacy runs with, offered by jxc_upgrade's setup wizard
        (this addon does not depend on it: the chain is asked if there is one)."""
        parent = getattr(super(), "_jxc_recommended_settings", dict)
        return dict(parent(), gsp_expiry_lock=True, gsp_receipt_control=True)

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
