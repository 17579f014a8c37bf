import datetime

from odoo.tests import tagged

from .common import GspExpiryCase


@tagged("post_install", "-at_install")
class TestExpiryState(GspExpiryCase):
    def test_default_levels_match_the_dates(self):
        expected = {
            400: "normal",
            181: "normal",
            180: "near_1",
            91: "near_1",
            90: "near_2",
            31: "near_2",
            30: "near_3",
            1: "near_3",
            0: "expired",
            -10: "expired",
        }
        lots = {days: self.make_lot("L%s" % days, days) for days in expected}
        for days, state in expected.items():
            self.assertEqual(lots[days].gsp_expiry_state, state, "%s days" % days)
        # the SQL scan agrees with the ORM and changes nothing on fresh lots
        result = self.env["stock.lot"]._gsp_scan_expiry()
        self.assertEqual(result["changed"], 0)
        for days, state in expected.items():
            self.assertEqual(lots[days].gsp_expiry_state, state, "%s days" % days)

    def test_lot_without_expiry_has_no_state(self):
        lot = self.make_lot("NOEXP", None)
        self.assertFalse(lot.gsp_expiry_state)

    def test_product_then_category_then_company_thresholds(self):
        lot = self.make_lot("SCOPE", 50)
        self.assertEqual(lot.gsp_expiry_state, "near_2")
        thresholds = self.env["gsp.expiry.threshold"]
        thresholds.create({"categ_id": self.category.id, "level": "1", "value": 60})
        self.env["stock.lot"]._gsp_scan_expiry()
        self.assertEqual(lot.gsp_expiry_state, "near_1", "the category's single level wins")
        thresholds.create(
            {"product_tmpl_id": self.product.product_tmpl_id.id, "level": "3", "value": 2,
             "unit": "months"}
        )
        self.env["stock.lot"]._gsp_scan_expiry()
        self.assertEqual(lot.gsp_expiry_state, "near_3", "60 days of the product's level 3")

    def test_percent_of_shelf_life_uses_the_lot_dates(self):
        self.env["gsp.expiry.threshold"].create(
            [
                {"product_tmpl_id": self.product.product_tmpl_id.id, "level": "1",
                 "value": 50, "unit": "percent"},
                {"product_tmpl_id": self.product.product_tmpl_id.id, "level": "2",
                 "value": 10, "unit": "percent"},
            ]
        )
        # produced 400 days ago, expires in 100: shelf life 500, 50 % = 250 days, 10 % = 50
        lot = self.make_lot(
            "PCT", 100, production_date=self.today - datetime.timedelta(days=400)
        )
        self.assertEqual(lot.gsp_expiry_state, "near_1")
        # no production date: the product's shelf life (720 days): 10 % = 72 days
        lot2 = self.make_lot("PCT2", 70)
        self.assertEqual(lot2.gsp_expiry_state, "near_2")
        self.env.cr.execute("DELETE FROM gsp_lot_expiry WHERE id IN %s", [(lot.id, lot2.id)])
        self.env["stock.lot"].invalidate_model(["gsp_expiry_state"])
        self.assertFalse(lot.gsp_expiry_state)
        self.env["stock.lot"]._gsp_scan_expiry()
        self.assertEqual(lot.gsp_expiry_state, "near_1")
        self.assertEqual(lot2.gsp_expiry_state, "near_2")

    def test_scan_follows_time_and_alerts_once_per_level(self):
        self.warehouse.gsp_responsible_id = self.quality
        lot = self.make_lot("TIME", 100)
        lots = self.env["stock.lot"]
        result = lots._gsp_scan_expiry()
        self.assertEqual(lot.gsp_expiry_state, "near_1")
        alerts = self.env["gsp.expiry.alert"].search([("lot_id", "=", lot.id)])
        self.assertEqual(alerts.mapped("level"), ["near_1"])
        self.assertEqual(alerts.warehouse_id, self.warehouse)
        digest = alerts.digest_id
        self.assertTrue(digest)
        self.assertEqual(digest.activity_ids.user_id, self.quality)
        self.assertGreaterEqual(result["new_alerts"], 1)
        # a re-run the same day raises nothing new
        again = lots._gsp_scan_expiry()
        self.assertEqual(again["changed"], 0)
        self.assertEqual(again["new_alerts"], 0)
        self.assertEqual(again["digests"], 0)
        # 20 days later the lot is at level 2: one new alert, one new digest
        later = lots._gsp_scan_expiry(today=self.today + datetime.timedelta(days=20))
        self.assertEqual(lot.gsp_expiry_state, "near_2")
        self.assertEqual(later["changed_by_state"].get("near_2"), 1)
        alerts = self.env["gsp.expiry.alert"].search([("lot_id", "=", lot.id)])
        self.assertEqual(sorted(alerts.mapped("level")), ["near_1", "near_2"])
        # and at expiry
        lots._gsp_scan_expiry(today=self.today + datetime.timedelta(days=100))
        self.assertEqual(lot.gsp_expiry_state, "expired")
        self.assertEqual(len(self.env["gsp.expiry.alert"].search([("lot_id", "=", lot.id)])), 3)
        self.assertEqual(
            self.env["gsp.expiry.alert"].search_count(
                [("lot_id", "=", lot.id), ("level", "=", "expired")]
            ),
            1,
        )

    def test_lots_without_stock_get_a_state_but_no_alert(self):
        lot = self.make_lot("EMPTY", 10, quantity=0)
        self.env["stock.lot"]._gsp_scan_expiry()
        self.assertEqual(lot.gsp_expiry_state, "near_3")
        self.assertFalse(self.env["gsp.expiry.alert"].search([("lot_id", "=", lot.id)]))

    def test_summary_counts_lots_in_stock_per_state(self):
        self.make_lot("S1", -1)
        self.make_lot("S2", 10)
        self.make_lot("S3", 500)
        summary = self.env["stock.lot"]._gsp_stock_summary()
        self.assertGreaterEqual(summary["expired"]["lots"], 1)
        self.assertGreaterEqual(summary["near_3"]["lots"], 1)
        self.assertGreaterEqual(summary["normal"]["lots"], 1)

    def test_month_precision_reads_end_of_month(self):
        lot = self.make_lot(
            "MONTH", None, expiration_date=datetime.datetime(2031, 2, 3, 12),
            gsp_expiry_month_precision=True,
        )
        self.assertEqual(lot.expiration_date.date(), datetime.date(2031, 2, 28))
        lot.expiration_date = datetime.datetime(2032, 2, 1, 12)
        self.assertEqual(lot.expiration_date.date(), datetime.date(2032, 2, 29))
        other = self.make_lot("DAY", None, expiration_date=datetime.datetime(2031, 4, 3, 12))
        other.gsp_expiry_month_precision = True
        self.assertEqual(other.expiration_date.date(), datetime.date(2031, 4, 30))

    def test_product_expiry_fields_still_computed(self):
        lot = self.make_lot("CORE", 100)
        self.assertTrue(lot.alert_date)
        self.assertFalse(lot.product_expiry_alert)
        self.assertTrue(self.make_lot("CORE2", -1).product_expiry_alert)

    def test_edited_dates_raise_their_alert_at_the_next_scan(self):
        lot = self.make_lot("EDIT", 400)
        lots = self.env["stock.lot"]
        lots._gsp_scan_expiry()
        self.assertEqual(lot.gsp_expiry_state, "normal")
        lot.expiration_date = self.days(-1)  # a correction: it had already expired
        self.assertEqual(lot.gsp_expiry_state, "expired", "stored at once")
        result = lots._gsp_scan_expiry()
        self.assertEqual(result["changed"], 0)
        alert = self.env["gsp.expiry.alert"].search([("lot_id", "=", lot.id)])
        self.assertEqual(alert.level, "expired")
        self.assertEqual(lots._gsp_scan_expiry()["new_alerts"], 0)

    def test_state_is_searchable_on_lots(self):
        expired = self.make_lot("SRCH-EXP", -1)
        near = self.make_lot("SRCH-NEAR", 20)
        none = self.make_lot("SRCH-NONE", None)
        lots = self.env["stock.lot"]
        ours = expired | near | none
        self.assertEqual(lots.search([("gsp_expiry_state", "=", "expired")]) & ours, expired)
        self.assertEqual(
            lots.search([("gsp_expiry_state", "in", ["near_3", "expired"])]) & ours,
            expired | near,
        )
        self.assertEqual(lots.search([("gsp_expiry_state", "=", False)]) & ours, none)
        self.assertEqual(lots.search([("gsp_expiry_state", "!=", False)]) & ours, expired | near)
        self.assertEqual(lots.search([("gsp_expiry_state", "!=", "expired")]) & ours, near | none)
