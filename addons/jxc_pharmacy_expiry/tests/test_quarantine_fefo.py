from odoo.tests import tagged

from .common import GspExpiryCase


@tagged("post_install", "-at_install")
class TestQuarantineFefo(GspExpiryCase):
    def test_every_warehouse_has_a_quarantine_location(self):
        self.assertTrue(self.quarantine.gsp_is_quarantine)
        self.assertEqual(self.quarantine.warehouse_id, self.warehouse)
        self.assertNotIn(self.quarantine, self.env["stock.location"].search(
            [("id", "child_of", self.stock.id)]))
        new = self.env["stock.warehouse"].create({"name": "Branch 2", "code": "BR2"})
        self.assertTrue(new.gsp_quarantine_location_id.gsp_is_quarantine)

    def test_action_moves_expired_stock_to_quarantine(self):
        expired = self.make_lot("Q-EXP", -1, quantity=7)
        good = self.make_lot("Q-OK", 200, quantity=3)
        action = self.warehouse.action_gsp_quarantine_expired()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_line_ids.lot_id, expired)
        quants = self.env["stock.quant"]._gather(self.product, self.quarantine, lot_id=expired)
        self.assertEqual(sum(quants.mapped("quantity")), 7)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.product, self.stock, good), 3
        )
        # nothing left: a notification, no empty transfer
        action = self.warehouse.action_gsp_quarantine_expired()
        self.assertEqual(action["type"], "ir.actions.client")

    def test_quarantine_works_with_the_lock_on(self):
        self.company.gsp_expiry_lock = True
        expired = self.make_lot("Q-LOCK", -1, quantity=4)
        picking = self.warehouse._gsp_quarantine_expired()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_line_ids.lot_id, expired)

    def test_cron_follows_the_company_setting(self):
        self.make_lot("Q-CRON", -2, quantity=2)
        self.assertFalse(self.env["stock.warehouse"]._gsp_cron_quarantine())
        self.company.gsp_auto_quarantine = True
        pickings = self.env["stock.warehouse"]._gsp_cron_quarantine()
        self.assertTrue(pickings)
        self.assertTrue(all(p.state == "done" for p in pickings))

    def test_fefo_warning_when_a_later_lot_is_picked(self):
        early = self.make_lot("F-EARLY", 60)
        late = self.make_lot("F-LATE", 400)
        self.make_lot("F-EXPIRED", -3)  # expired lots are not proposed
        picking = self.make_delivery()
        line = self.select_lot(picking, late)
        self.assertEqual(line._gsp_fefo_better_quant().lot_id, early)
        warning = line._onchange_gsp_fefo()
        self.assertIn("F-EARLY", warning["warning"]["message"])
        line.lot_id = early
        self.assertFalse(line._gsp_fefo_better_quant())
        self.assertIsNone(line._onchange_gsp_fefo())
