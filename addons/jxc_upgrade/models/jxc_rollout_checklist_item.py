# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class JxcRolloutChecklistItem(models.Model):
    """One point of a wave's go-live checklist; who ticked it and when is kept."""

    _name = "jxc.rollout.checklist.item"
    _description = "Rollout Checklist Item"
    _order = "wave_id, sequence, id"

    wave_id = fields.Many2one("jxc.rollout.wave", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    done = fields.Boolean()
    done_by = fields.Many2one("res.users", readonly=True)
    done_date = fields.Datetime(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("done"):
                vals.update(done_by=self.env.user.id, done_date=fields.Datetime.now())
        return super().create(vals_list)

    def write(self, vals):
        if "done" in vals:
            vals = dict(vals)
            if vals["done"]:
                vals.update(done_by=self.env.user.id, done_date=fields.Datetime.now())
            else:
                vals.update(done_by=False, done_date=False)
        return super().write(vals)
