# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    gsp_show_override = fields.Boolean(
        string="Show Override", compute="_compute_gsp_show_override"
    )
    gsp_override_log_ids = fields.One2many(
        "gsp.expiry.override.log", "picking_id", string="Expiry Overrides"
    )

    @api.depends("state", "company_id", "move_line_ids.lot_id")
    def _compute_gsp_show_override(self):
        for picking in self:
            picking.gsp_show_override = bool(
                picking.state not in ("done", "cancel")
                and (picking.company_id.gsp_expiry_lock or picking.company_id.gsp_receipt_control)
            )

    def _gsp_lines_to_check(self):
        return self.move_line_ids.filtered(lambda ml: ml.quantity > 0)

    def _pre_action_done_hook(self):
        # Before Odoo's own expiry confirmation: a locked lot is an error, not a question.
        lines = self._gsp_lines_to_check()
        lines._gsp_check_expiry_lock()
        lines._gsp_check_receipt()
        return super()._pre_action_done_hook()

    def action_gsp_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Expiry Lock"),
            "res_model": "gsp.expiry.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    def action_gsp_scan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scan"),
            "res_model": "stock.picking.gsp.scan",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }
