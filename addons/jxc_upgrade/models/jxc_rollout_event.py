# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .stock_warehouse import CUTOVER_STATES


class JxcRolloutEvent(models.Model):
    """Append-only log of the warehouses' cutover transitions: who, when, why."""

    _name = "jxc.rollout.event"
    _description = "Rollout Event"
    _order = "date desc, id desc"
    _rec_name = "warehouse_id"

    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="warehouse_id.company_id", store=True, index=True, readonly=True
    )
    wave_id = fields.Many2one("jxc.rollout.wave", readonly=True, ondelete="set null")
    from_state = fields.Selection(CUTOVER_STATES, readonly=True)
    to_state = fields.Selection(CUTOVER_STATES, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, readonly=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    reason = fields.Text(readonly=True)
    details = fields.Json(readonly=True)

    def write(self, vals):
        if self:
            raise UserError(self.env._(
                "上线记录不可修改 Rollout events cannot be changed: they are the audit trail."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._(
            "上线记录不可删除 Rollout events cannot be deleted: they are the audit trail."))
