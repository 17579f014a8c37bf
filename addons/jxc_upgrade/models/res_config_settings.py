# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    jxc_rollout_lock = fields.Boolean(related="company_id.jxc_rollout_lock", readonly=False)
