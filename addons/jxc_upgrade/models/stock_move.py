# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        # Every way a stock operation is validated ends here (pickings, inventory
        # adjustments, scraps, code): the rollout lock is checked whatever the path.
        self._jxc_check_rollout_lock()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _jxc_check_rollout_lock(self):
        records = self.sudo()
        if not any(records.company_id.mapped("jxc_rollout_lock")):
            return  # the lock is off (the default): core behaviour
        warehouses = (
            records.picking_type_id.warehouse_id
            | records.location_id.warehouse_id
            | records.location_dest_id.warehouse_id
        )
        # Back to the user's environment: the bypass of the lock depends on who asks.
        warehouses.with_env(self.env)._jxc_check_rollout_lock()
