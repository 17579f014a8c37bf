# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    jxc_rollout_lock = fields.Boolean(related="company_id.jxc_rollout_lock", readonly=False)

    def _jxc_recommended_settings(self):
        """Settings of the suite that change Odoo's own behaviour, off by default, and the
        value a migrating company should run with: the setup wizard (``jxc.suite.setup``)
        and ``jxc setup`` offer them. Each addon of the suite adds its own; none depends
        on another for it, so each asks the next one in the chain if there is one."""
        parent = getattr(super(), "_jxc_recommended_settings", dict)
        return dict(parent(), jxc_rollout_lock=True)
