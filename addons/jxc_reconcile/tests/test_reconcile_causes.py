# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After a deliberate change in Odoo, the next run reports exactly that, by cause."""

import datetime

from odoo import Command
from odoo.tests import tagged

from odoo.addons.jxc_upgrade.services.opening_stock import OpeningStockLoader

from .common import ReconcileCase


@tagged("post_install", "-at_install")
class TestReconcileCauses(ReconcileCase):
    def test_quant_quantity_changed(self):
        line = self._line("CK01")
        quant = self._quant(line)
        self._set_quant_qty(quant, quant.quantity + 3)
        run = self._run()
        self.assertFalse(run.passed)
        self.assertEqual(self._found(run), {
            ("stock_lot", self._key(line), "quantity"),
            ("stock_product", self._key(line, lot=False), "quantity"),
        })
        diff = run.difference_ids.filtered(lambda d: d.check_code == "stock_lot")
        self.assertEqual(diff.qty_diff, 3)
        self.assertEqual(diff.lot_id, line.lot_id)
        self.assertTrue(diff.blocking)
        action = diff.action_open_record()
        self.assertEqual(action["res_model"], "stock.quant")
        self.assertIn(quant, self.env["stock.quant"].search(action["domain"]))
        failing = run.result_ids.filtered(lambda r: r.blocking and not r.passed)
        self.assertEqual(set(failing.mapped("check_code")), {"stock_lot", "stock_product"})
        self.assertEqual(failing.warehouse_id, self.warehouses["CK01"])

    def test_quant_counted_in_the_wrong_unit(self):
        line = self._line("CK02")
        ratio = line.product_id.uom_po_id._compute_quantity(1, line.product_id.uom_id)
        self.assertGreater(ratio, 1)
        quant = self._quant(line)
        legacy = self._lot_legacy_qty(line)
        self._set_quant_qty(quant, legacy * ratio)
        run = self._run()
        self.assertEqual(self._found(run), {
            ("stock_lot", self._key(line), "unit_conversion"),
            ("stock_product", self._key(line, lot=False), "unit_conversion"),
        })
        self.assertTrue(all(run.difference_ids.filtered(
            lambda d: d.check_code != "legacy_totals").mapped("blocking")))

    def test_lot_expiry_changed(self):
        line = self._line("CK01", index=1)
        lot = line.lot_id
        lot.expiration_date = lot.expiration_date + datetime.timedelta(days=10)
        holders = self.env["jxc.legacy.stock.line"].search([("lot_id", "=", lot.id)])
        run = self._run()
        self.assertEqual(self._found(run), {
            ("stock_lot", self._key(holder), "expiry") for holder in holders})
        diff = run.difference_ids.filtered(
            lambda d: d.check_code == "stock_lot" and d.warehouse_id == line.warehouse_id)
        self.assertEqual(diff.legacy_date, line.expiry_date)
        self.assertEqual(diff.odoo_date, line.expiry_date + datetime.timedelta(days=10))

    def test_quant_removed(self):
        line = self._line("CK03", index=2)
        quant = self._quant(line)
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM stock_quant WHERE id = %s", [quant.id])
        self.env.invalidate_all()
        others = self.env["jxc.legacy.stock.line"].search([
            ("warehouse_id", "=", line.warehouse_id.id), ("product_id", "=", line.product_id.id),
            ("lot_name", "!=", line.lot_name)])
        run = self._run()
        self.assertEqual(self._found(run), {
            ("stock_lot", self._key(line), "missing_odoo"),
            ("stock_product", self._key(line, lot=False),
             "quantity" if others else "missing_odoo"),
        })
        # The count of stock positions shows it too, without a difference of its own.
        counts = run.result_ids.filtered(
            lambda r: r.check_code == "counts" and r.entity == "stock_position"
            and r.warehouse_id == line.warehouse_id)
        self.assertEqual(counts.odoo_count, counts.legacy_count - 1)
        self.assertFalse(counts.passed)
        self.assertFalse(counts.blocking)

    def test_layer_value_changed(self):
        line = self._line("CK02", tracked=False)
        layer = line.move_id.stock_valuation_layer_ids
        self.env.flush_all()
        self.env.cr.execute("UPDATE stock_valuation_layer SET value = value + 50 WHERE id = %s",
                            [layer.id])
        self.env.invalidate_all()
        run = self._run()
        self.assertEqual(self._found(run), {
            ("value_product", self._key(line, lot=False), "costing")})
        warehouse = run.result_ids.filtered(
            lambda r: r.check_code == "value_warehouse" and r.warehouse_id == line.warehouse_id)
        self.assertAlmostEqual(warehouse.diff, 50)
        self.assertFalse(warehouse.passed)
        company = run.result_ids.filtered(lambda r: r.check_code == "value_company")
        self.assertAlmostEqual(company.diff, 50)

    def test_cost_changed_revalues_without_a_move(self):
        """Odoo's own cost change on an AVCO product revalues its stock with a layer that
        has no move: the company check shows it, as costing."""
        line = self._line("CK01", tracked=False)
        product = line.product_id.with_company(self.company)
        self.assertEqual(product.cost_method, "average")
        product.standard_price = product.standard_price + 1
        run = self._run()
        found = self._found(run)
        self.assertEqual(found, {("value_company", "%s/%s" % (self.company.name,
                                                              line.product_code), "costing")})

    def test_standard_costing(self):
        """A product valued at standard cost: Odoo values its stock at its cost, not at
        the legacy amounts."""
        line = self._line("CK01", tracked=False)
        product = line.product_id.with_company(self.company)
        warehouses = self.env["stock.warehouse"].browse(
            self.env["jxc.legacy.stock.line"].search(
                [("product_id", "=", product.id)]).warehouse_id.ids)
        for warehouse in self.warehouses.values():
            OpeningStockLoader(self.env, warehouse).rollback()
        category = self.env["product.category"].create({
            "name": "Standard", "property_cost_method": "standard"})
        product.categ_id = category
        product.standard_price = product.standard_price + 2
        for warehouse in self.warehouses.values():
            OpeningStockLoader(self.env, warehouse).load()
        run = self._run()
        self.assertEqual(self._found(run), {
            ("value_product", "%s/%s" % (w.jxc_legacy_code, line.product_code), "costing")
            for w in warehouses})
        self.assertTrue(all("standard" in d.note for d in run.difference_ids.filtered(
            lambda d: d.check_code == "value_product")))

    def test_partner_balance_changed(self):
        balance = self.env["jxc.legacy.partner.balance"].search(
            [("batch_id", "=", self.batch.id), ("receivable", ">", 0)], limit=1)
        partner = balance.partner_id.with_company(self.company)
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "general")], limit=1)
        income = self.env["account.account"].search([
            ("company_ids", "in", self.company.id), ("account_type", "=", "income")], limit=1)
        move = self.env["account.move"].create({
            "move_type": "entry", "journal_id": journal.id, "company_id": self.company.id,
            "line_ids": [
                Command.create({"account_id": partner.property_account_receivable_id.id,
                                "partner_id": partner.id, "balance": 100}),
                Command.create({"account_id": income.id, "balance": -100}),
            ]})
        move.action_post()
        run = self._run()
        self.assertEqual(self._found(run), {("partner_ar", balance.partner_code, "quantity")})
        diff = run.difference_ids.filtered(lambda d: d.check_code == "partner_ar")
        self.assertAlmostEqual(diff.value_diff, 100)
        self.assertEqual(diff.partner_id, balance.partner_id)
        action = diff.action_open_record()
        self.assertEqual(action["res_model"], "account.move.line")
        self.assertTrue(self.env["account.move.line"].search(action["domain"]))

    def test_open_order_changed(self):
        order = self.env["sale.order"].search([("jxc_legacy_number", "!=", False)], limit=1)
        if not order:
            self.skipTest("the sample has no open sale order")
        order.order_line[0].product_uom_qty += 5
        run = self._run()
        found = self._found(run)
        self.assertEqual({(check, cause) for check, _key, cause in found},
                         {("open_orders", "quantity")})

    def test_rejected_row_present_in_odoo_is_explained(self):
        """A row the import rejected, present in Odoo after all: reported as rejected at
        import, not blocking."""
        issue = self.env["jxc.import.issue"].search([
            ("batch_id", "=", self.batch.id), ("entity", "=", "stock"),
            ("severity", "=", "reject"), ("code", "=", "negative_qty")], limit=1)
        warehouse_code, product_code, lot_name = issue.key.split("/")
        product = self.env["product.product"].search(
            [("product_tmpl_id.jxc_legacy_code", "=", product_code)])
        warehouse = self.warehouses[warehouse_code]
        lot = self.env["stock.lot"].create({"name": lot_name, "product_id": product.id,
                                            "company_id": self.company.id})
        self.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 5, lot_id=lot)
        run = self._run()
        found = self._found(run)
        self.assertIn(("stock_lot", issue.key, "rejected"), found)
        self.assertIn(("stock_product", "%s/%s" % (warehouse_code, product_code), "rejected"),
                      found)
        self.assertEqual({cause for _check, _key, cause in found}, {"rejected"})
        self.assertTrue(run.passed)
