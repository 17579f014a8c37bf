# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        # Before core's wizards (backorder, immediate transfer): the user is told at once.
        self._jxc_check_rollout_lock()
        return super().button_validate()

    def _action_done(self):
        self._jxc_check_rollout_lock()
        return super()._action_done()

    def _jxc_check_rollout_lock(self):
        # The moves carry the picking's type and locations: one rule, in stock.move.
        self.move_ids._jxc_check_rollout_lock()
