# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os

from odoo.tests import tagged

from odoo.addons.jxc_upgrade.tests.common import SHARED_SAMPLES

from .common import ReconcileCase


@tagged("post_install", "-at_install")
class TestReconcileCleanLoad(ReconcileCase):
    def test_clean_load_passes_with_zero_blocking_difference(self):
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.passed, run.result_ids.filtered(lambda r: not r.passed).mapped(
            lambda r: (r.name, r.warehouse_id.code, r.legacy_value, r.odoo_value, r.note)))
        self.assertEqual(run.blocking_count, 0)
        self.assertFalse(run.difference_ids.filtered("blocking"))
        self.assertEqual(set(run.warehouse_ids.mapped("jxc_legacy_code")),
                         set(self.warehouses))
        self.assertTrue(run.snapshot_hash.startswith("h64:"))
        # Every check ran, per warehouse where it is a warehouse check.
        codes = set(run.result_ids.mapped("check_code"))
        self.assertEqual(codes, {"counts", "stock_product", "stock_lot", "value_product",
                                 "value_warehouse", "value_company", "partner_ar",
                                 "partner_ap", "open_orders", "legacy_totals"})
        lot_results = run.result_ids.filtered(lambda r: r.check_code == "stock_lot")
        self.assertEqual(len(lot_results), len(self.warehouses))
        expected = self.shared if self.shared_sample else self.expected
        for result in lot_results:
            code = result.warehouse_id.jxc_legacy_code
            self.assertAlmostEqual(result.legacy_value,
                                   float(expected["per_warehouse"][code]["qty"]))
            self.assertAlmostEqual(result.odoo_value, result.legacy_value)
            self.assertEqual(result.legacy_count, result.odoo_count)
        company = run.result_ids.filtered(lambda r: r.check_code == "value_company")
        self.assertAlmostEqual(company.odoo_value, float(expected["value_total"]), places=2)
        ar = run.result_ids.filtered(lambda r: r.check_code == "partner_ar")
        self.assertAlmostEqual(ar.odoo_value, float(expected["ar_total"]), places=2)
        ap = run.result_ids.filtered(lambda r: r.check_code == "partner_ap")
        self.assertAlmostEqual(ap.odoo_value, float(expected["ap_total"]), places=2)
        orders = run.result_ids.filtered(lambda r: r.check_code == "open_orders")
        self.assertEqual(sum(orders.mapped("odoo_count")), expected["open_orders"])
        products = run.result_ids.filtered(
            lambda r: r.check_code == "counts" and r.entity == "product")
        self.assertEqual(products.odoo_count, expected["products"])
        self.assertEqual(products.legacy_count, expected["products"])

    def test_rejected_rows_explain_the_legacy_total(self):
        """The dirty 管家婆 export's 合计 counts the rows the import rejected: the
        difference between what was read and what was kept is theirs, not blocking."""
        run = self._run()
        totals = run.difference_ids.filtered(lambda d: d.check_code == "legacy_totals")
        rejected = totals.filtered(lambda d: d.cause == "rejected")
        self.assertTrue(rejected)
        self.assertFalse(totals.filtered("blocking"))
        rejected_value = sum(
            float(r["rejected_total"]) for r in self.batch.totals if "金额" in r["column"])
        value_rows = rejected.filtered(lambda d: "金额" in d.key)
        self.assertAlmostEqual(-value_rows.value_diff, rejected_value, places=2)
        # The quantity 合计 adds boxes and units as written: the base-unit figure
        # explains the rest.
        conversion = totals.filtered(lambda d: d.cause == "unit_conversion")
        self.assertTrue(conversion)

    def test_snapshot_hash_follows_the_legacy_rows(self):
        first = self._run(["CK01"])
        self.assertEqual(self._run(["CK01"]).snapshot_hash, first.snapshot_hash)
        line = self._line("CK03")
        line.qty += 1
        self.env.flush_all()
        changed = self._run(["CK01"])
        self.assertNotEqual(changed.snapshot_hash, first.snapshot_hash)

    def test_new_legacy_file(self):
        """A later export read for the run (the 金蝶KIS export of the same stock and
        balances, which has no open orders): only the open orders differ."""
        folder = (os.path.join(SHARED_SAMPLES, "kingdee_kis") if self.shared_sample
                  else self.kis)
        profile = self.env["jxc.import.profile"].search([("code", "=", "kingdee_kis")])
        run = self.env(user=self.manager)["jxc.reconcile.run"].create({
            "company_id": self.company.id, "source": "file", "profile_id": profile.id})
        run.action_run(paths=[folder])
        self.assertTrue(run.snapshot_hash.startswith("sha256:"))
        self.assertEqual(set(run.warehouse_ids.mapped("jxc_legacy_code")),
                         set(self.warehouses))
        found = self._found(run)
        self.assertTrue(found)
        self.assertEqual({(check, cause) for check, _key, cause in found},
                         {("open_orders", "missing_legacy")})
        for check in ("stock_lot", "value_product", "partner_ar", "partner_ap"):
            self.assertTrue(all(run.result_ids.filtered(
                lambda r, c=check: r.check_code == c).mapped("passed")), check)

    def test_one_warehouse(self):
        run = self._run(["CK01"])
        self.assertTrue(run.passed)
        self.assertEqual(run.warehouse_ids, self.warehouses["CK01"])
        self.assertFalse(run.result_ids.filtered(
            lambda r: r.warehouse_id and r.warehouse_id != self.warehouses["CK01"]))
        totals = run.result_ids.filtered(lambda r: r.check_code == "legacy_totals")
        self.assertTrue(all("not compared" in r.note for r in totals))
