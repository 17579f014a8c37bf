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
        records = self.sudo()
        if not any(records.company_id.mapped("jxc_rollout_lock")):
            return  # the lock is off (the default): core behaviour
        warehouses = self.env["stock.warehouse"]
        for picking in records:
            warehouses |= (
                picking.picking_type_id.warehouse_id
                | picking.location_id.warehouse_id
                | picking.location_dest_id.warehouse_id
            )
        warehouses._jxc_check_rollout_lock()
