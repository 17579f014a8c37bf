# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _jxc_check_reconciled(self):
        """The gate of loaded → reconciled: a signed-off run since the last load with no
        blocking difference for the warehouse (see jxc.reconcile.run._jxc_gate)."""
        self.ensure_one()
        return self.env["jxc.reconcile.run"]._jxc_gate(self)

    def _jxc_golive_problems(self):
        """reconciled → live goes through the same gate (a reload since the sign-off,
        or a newer failing round, closes it again)."""
        problems = super()._jxc_golive_problems()
        ok, why = self._jxc_check_reconciled()
        if not ok:
            problems.append(why)
        return problems

    def action_jxc_reconcile(self):
        """Open the reconciliation wizard for this warehouse."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_reconcile.action_jxc_reconcile_launch")
        action["context"] = {"default_warehouse_ids": self.ids}
        return action
