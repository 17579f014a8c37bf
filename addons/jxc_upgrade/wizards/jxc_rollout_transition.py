# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

TRANSITIONS = [
    ("freeze", "Freeze (take the legacy snapshot)"),
    ("load", "Load opening data"),
    ("mark_reconciled", "Mark reconciled"),
    ("golive", "Go live"),
    ("rollback", "Roll back to legacy"),
]


class JxcRolloutTransition(models.TransientModel):
    """Asks why before a warehouse changes its cutover state."""

    _name = "jxc.rollout.transition"
    _description = "Warehouse Cutover Transition"

    warehouse_id = fields.Many2one("stock.warehouse", required=True, readonly=True)
    current_state = fields.Selection(related="warehouse_id.jxc_cutover_state")
    transition = fields.Selection(TRANSITIONS, required=True)
    reason = fields.Text(required=True)
    dependents = fields.Text(
        compute="_compute_dependents",
        help="What would refuse the rollback now: later transactions on migrated data.",
    )

    @api.depends("warehouse_id", "transition")
    def _compute_dependents(self):
        for wizard in self:
            wizard.dependents = False
            warehouse = wizard.warehouse_id._origin
            if wizard.transition == "rollback" and warehouse.jxc_migrated:
                try:
                    found = warehouse.jxc_rollback_dependents()
                except UserError as exc:
                    found = [str(exc)]
                wizard.dependents = "\n".join(found) or False

    def action_confirm(self):
        self.ensure_one()
        method = getattr(self.warehouse_id, "action_jxc_%s" % self.transition)
        method(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
