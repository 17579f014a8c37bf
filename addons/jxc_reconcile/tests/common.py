# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os

from odoo.addons.jxc_upgrade.tests.common import SHARED_SAMPLES
from odoo.addons.jxc_upgrade.tests.common_rollout import JxcRolloutCase


class ReconcileCase(JxcRolloutCase):
    """The project's shared 管家婆 sample (or, without it, a generated dirty set)
    imported and every warehouse frozen and loaded (opening stock, open orders, AR/AP
    balances), in a company with the Chinese chart when l10n_cn is installed."""

    chinese_company = True
    shared_sample = os.path.isdir(SHARED_SAMPLES)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in sorted(cls.warehouses):
            warehouse = cls.warehouses[code].with_user(cls.manager)
            warehouse.action_jxc_freeze(reason="test")
            warehouse.action_jxc_load(reason="test")
        cls.env.flush_all()

    # ----------------------------------------------------------------- helpers

    def _run(self, codes=None, user=None, **vals):
        env = self.env(user=user or self.manager)
        warehouses = self.env["stock.warehouse"]
        for code in codes or ():
            warehouses |= self.warehouses[code]
        run = env["jxc.reconcile.run"].create(dict(
            {"warehouse_ids": [(6, 0, warehouses.ids)], "company_id": self.company.id},
            **vals))
        run.action_run()
        return run

    @staticmethod
    def _found(run, blocking_only=False, checks=None):
        """{(check, key, cause)} of the run's differences, without the 合计 chain."""
        return {
            (d.check_code, d.key, d.cause) for d in run.difference_ids
            if d.check_code != "legacy_totals"
            and (not blocking_only or d.blocking)
            and (checks is None or d.check_code in checks)
        }

    def _line(self, code="CK01", tracked=True, index=0):
        """A loaded legacy stock line of the warehouse (with a lot, or without)."""
        lines = self.env["jxc.legacy.stock.line"].search([
            ("warehouse_id", "=", self.warehouses[code].id), ("state", "=", "loaded"),
            ("lot_id", "!=" if tracked else "=", False)], order="id")
        return lines[index]

    def _quant(self, line):
        return self.env["stock.quant"].search([
            ("product_id", "=", line.product_id.id),
            ("location_id", "=", line.warehouse_id.lot_stock_id.id),
            ("lot_id", "=", line.lot_id.id)])

    def _set_quant_qty(self, quant, qty):
        self.env.flush_all()
        self.env.cr.execute("UPDATE stock_quant SET quantity = %s WHERE id = %s",
                            [qty, quant.id])
        self.env.invalidate_all()

    def _key(self, line, lot=True):
        key = "%s/%s" % (line.warehouse_code, line.product_code)
        return "%s/%s" % (key, line.lot_name or "") if lot else key

    def _lot_legacy_qty(self, line):
        lines = self.env["jxc.legacy.stock.line"].search([
            ("batch_id", "=", line.batch_id.id), ("warehouse_id", "=", line.warehouse_id.id),
            ("product_id", "=", line.product_id.id), ("lot_name", "=", line.lot_name)])
        return sum(lines.mapped("qty"))
