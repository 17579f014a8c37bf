from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GspExpiryCase


@tagged("post_install", "-at_install")
class TestReceiptControl(GspExpiryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category.write({"gsp_receipt_min_value": 180, "gsp_receipt_min_unit": "days"})

    def test_off_short_lot_is_received_as_in_core(self):
        picking = self.make_receipt("R-SHORT", self.days(30))
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_on_short_lot_is_refused(self):
        self.company.gsp_receipt_control = True
        picking = self.make_receipt("R-SHORT", self.days(30))
        with self.assertRaisesRegex(UserError, "R-SHORT.*days short of the minimum"):
            picking.button_validate()

    def test_on_long_enough_lot_is_received_with_supplier_and_production_date(self):
        self.company.gsp_receipt_control = True
        produced = self.today.replace(day=1)
        picking = self.make_receipt("R-LONG", self.days(400), production_date=produced)
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.production_date, produced)
        self.assertEqual(lot.gsp_supplier_id, self.vendor)

    def test_product_minimum_in_percent_wins_over_category(self):
        self.company.gsp_receipt_control = True
        self.product.write({"gsp_receipt_min_value": 80, "gsp_receipt_min_unit": "percent"})
        # 720-day shelf life: 80 % = 576 days
        picking = self.make_receipt("R-PCT", self.days(400))
        with self.assertRaises(UserError):
            picking.button_validate()

    def test_on_quality_manager_accepts_with_a_reason(self):
        self.company.gsp_receipt_control = True
        picking = self.make_receipt("R-OVR", self.days(30))
        with self.assertRaises(AccessError):
            self.env(user=self.user)["gsp.expiry.override"].with_context(
                default_picking_id=picking.id
            ).create({"reason": "urgent"}).action_confirm()
        wizard = (
            self.env(user=self.quality)["gsp.expiry.override"]
            .with_context(default_picking_id=picking.id)
            .create({"reason": "Shortage of this antibiotic; sold within the month"})
        )
        self.assertEqual(wizard.receipt_line_ids, picking.move_line_ids)
        wizard.action_confirm()
        self.assertEqual(picking.state, "done")
        log = self.env["gsp.expiry.override.log"].search([("picking_id", "=", picking.id)])
        self.assertEqual(log.kind, "receipt")
        self.assertEqual(log.lot_name, "R-OVR")

    def test_on_expiry_date_is_mandatory(self):
        self.company.gsp_receipt_control = True
        picking = self.make_receipt("R-NODATE", False)
        picking.move_line_ids.expiration_date = False
        with self.assertRaisesRegex(UserError, "expiry date is mandatory"):
            picking.button_validate()
