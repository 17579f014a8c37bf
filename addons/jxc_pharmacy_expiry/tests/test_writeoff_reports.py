from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GspExpiryCase


@tagged("post_install", "-at_install")
class TestWriteoffReports(GspExpiryCase):
    def test_writeoff_with_approval_scraps_and_reports_the_loss(self):
        expired = self.make_lot("W-EXP", -10, quantity=6, gsp_supplier_id=self.vendor.id)
        self.make_lot("W-OK", 300, quantity=6)
        self.company.gsp_expiry_lock = True
        writeoff = self.env(user=self.user)["gsp.writeoff"].create(
            {"warehouse_id": self.warehouse.id, "location_id": self.stock.id}
        )
        self.assertTrue(writeoff.name.startswith("BS/"))
        writeoff.action_load_expired()
        self.assertEqual(writeoff.line_ids.lot_id, expired)
        self.assertEqual(writeoff.line_ids.quantity, 6)
        self.assertAlmostEqual(writeoff.total_value, 60.0)
        writeoff.action_submit()
        with self.assertRaises(AccessError):
            writeoff.action_approve()
        writeoff.with_user(self.quality).action_approve()
        self.assertEqual(writeoff.approved_by_id, self.quality)
        writeoff.action_done()
        self.assertEqual(writeoff.state, "done")
        self.assertEqual(writeoff.scrap_ids.state, "done")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.product, self.stock, expired), 0
        )
        self.env.flush_all()
        loss = self.env["gsp.expiry.loss.report"].search([("lot_id", "=", expired.id)])
        self.assertEqual(len(loss), 1)
        self.assertEqual(loss.quantity, 6)
        self.assertAlmostEqual(loss.value, 60.0)
        self.assertEqual(loss.supplier_id, self.vendor)
        self.assertEqual(loss.writeoff_id, writeoff)
        self.assertEqual(loss.categ_id, self.category)
        groups = self.env["gsp.expiry.loss.report"].read_group(
            [], ["value:sum"], ["date:month", "warehouse_id", "categ_id", "supplier_id"],
            lazy=False,
        )
        self.assertTrue(groups)

    def test_risk_report_by_warehouse_category_level(self):
        self.make_lot("K-1", 10, quantity=4)
        self.make_lot("K-2", -1, quantity=2)
        self.make_lot("K-3", 500, quantity=9)
        self.env.flush_all()
        rows = self.env["gsp.expiry.risk.report"].search([("product_id", "=", self.product.id)])
        self.assertEqual(sorted(rows.mapped("level")), ["expired", "near_3"])
        self.assertAlmostEqual(sum(rows.mapped("value")), 60.0)
        groups = self.env["gsp.expiry.risk.report"].read_group(
            [("product_id", "=", self.product.id)], ["value:sum"],
            ["warehouse_id", "categ_id", "level"], lazy=False,
        )
        self.assertEqual(len(groups), 2)

    def test_writeoff_posts_the_loss_in_accounting_with_automated_valuation(self):
        accounts = self.env["account.account"].create(
            [
                {"name": "Stock Valuation", "code": "GSP1403", "account_type": "asset_current"},
                {"name": "Stock Input", "code": "GSP1402", "account_type": "asset_current"},
                {"name": "Expiry Losses", "code": "GSP6711", "account_type": "expense"},
            ]
        )
        journal = self.env["account.journal"].create(
            {"name": "Stock Journal", "code": "GSPST", "type": "general"}
        )
        self.category.write(
            {
                "property_cost_method": "standard",
                "property_valuation": "real_time",
                "property_stock_valuation_account_id": accounts[0].id,
                "property_stock_account_input_categ_id": accounts[1].id,
                "property_stock_account_output_categ_id": accounts[2].id,
                "property_stock_journal": journal.id,
            }
        )
        expired = self.make_lot("W-ACC", -3, quantity=4)
        writeoff = self.env["gsp.writeoff"].create(
            {"warehouse_id": self.warehouse.id, "location_id": self.stock.id}
        )
        writeoff.action_load_expired()
        writeoff.action_submit()
        writeoff.with_user(self.quality).action_approve()
        writeoff.action_done()
        moves = writeoff.scrap_ids.move_ids
        self.assertEqual(writeoff.line_ids.filtered(lambda ln: ln.lot_id == expired).value, 40.0)
        entry = moves.stock_valuation_layer_ids.account_move_id
        self.assertTrue(entry, "a journal entry for the scrap")
        self.assertEqual(entry.state, "posted")
        loss_line = entry.line_ids.filtered(lambda ln: ln.account_id == accounts[2])
        self.assertAlmostEqual(loss_line.debit, 40.0)
