from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import GspExpiryCase


@tagged("post_install", "-at_install")
class TestExpiryLock(GspExpiryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expired = cls.make_lot("EXP-1", -5)
        cls.good = cls.make_lot("GOOD-1", 300)

    def _override(self, picking, reason="Recall return agreed with the authority", user=None,
                  **vals):
        env = self.env(user=user or self.quality)
        wizard = env["gsp.expiry.override"].with_context(default_picking_id=picking.id).create(
            dict({"reason": reason}, **vals)
        )
        return wizard.action_confirm()

    # -- off: Odoo's behaviour -----------------------------------------------------------
    def test_off_expired_lot_is_delivered_as_in_core(self):
        new_company = self.env["res.company"].create({"name": "New Pharmacy"})
        self.assertFalse(new_company.gsp_expiry_lock, "safe default: off")
        self.assertFalse(new_company.gsp_receipt_control, "safe default: off")
        self.assertFalse(new_company.gsp_auto_quarantine, "safe default: off")
        picking = self.make_delivery(user=self.user)
        self.select_lot(picking, self.expired)
        action = picking.with_user(self.user).button_validate()
        # product_expiry's own confirmation wizard, nothing of ours
        self.assertEqual(action["res_model"], "expiry.picking.confirmation")
        picking.with_user(self.user).with_context(skip_expired=True).button_validate()
        self.assertEqual(picking.state, "done")

    # -- on ------------------------------------------------------------------------------
    def test_on_expired_lot_is_not_reserved(self):
        # Expiring today at 23:59: Odoo reserves it until then (its expiry date is after
        # the move's date); GSP counts the expiry day as expired.
        today = self.make_lot(
            "TODAY", None, expiration_date=self.days(0).replace(hour=23, minute=59)
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.stock, 10, lot_id=today
        )
        picking = self.make_delivery(quantity=25)
        picking.action_assign()
        self.assertIn(today, picking.move_ids.move_line_ids.lot_id, "off: as in core")
        picking.do_unreserve()
        self.set_lock()
        picking.action_assign()
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, self.good)
        self.assertEqual(picking.move_ids.quantity, 10)

    def test_on_expired_lot_cannot_be_selected_by_hand(self):
        self.set_lock()
        picking = self.make_delivery()
        with self.assertRaisesRegex(UserError, "EXP-1.*locked under GSP"):
            self.select_lot(picking, self.expired)

    def test_on_delivery_fails_for_a_normal_user_with_a_clear_message(self):
        picking = self.make_delivery(user=self.user)
        self.select_lot(picking, self.expired)  # chosen before the lock was switched on
        self.set_lock()
        with self.assertRaises(UserError) as error:
            picking.with_user(self.user).button_validate()
        message = str(error.exception)
        self.assertIn("EXP-1", message)
        self.assertIn("expired on", message)
        self.assertIn("quality manager", message)
        # even past Odoo's own confirmation
        with self.assertRaises(UserError):
            picking.with_user(self.user).with_context(skip_expired=True).button_validate()
        # a normal user cannot override
        with self.assertRaises(AccessError):
            self._override(picking, user=self.user)
        self.assertNotEqual(picking.state, "done")

    def test_on_quality_manager_overrides_with_a_reason_and_it_is_logged(self):
        picking = self.make_delivery(user=self.user)
        self.select_lot(picking, self.expired)
        self.set_lock()
        with self.assertRaises(UserError):
            self._override(picking, reason="   ")
        self._override(picking)
        self.assertEqual(picking.state, "done")
        log = self.env["gsp.expiry.override.log"].search([("picking_id", "=", picking.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.lot_id, self.expired)
        self.assertEqual(log.move_id, picking.move_ids)
        self.assertEqual(log.user_id, self.quality)
        self.assertEqual(log.kind, "lock")
        self.assertIn("Recall", log.reason)
        self.assertEqual(log.quantity, 5)

    def test_on_quality_manager_releases_a_lot_before_selecting_it(self):
        self.set_lock()
        picking = self.make_delivery()
        wizard = (
            self.env(user=self.quality)["gsp.expiry.override"]
            .with_context(default_picking_id=picking.id)
            .create({"reason": "Sent to the lab for analysis", "validate": False})
        )
        self.assertIn(self.expired, wizard.allowed_lot_ids)
        self.assertNotIn(self.good, wizard.allowed_lot_ids)
        wizard.lot_ids = self.expired
        wizard.action_confirm()
        # the released lot may now be selected, for this move only
        self.select_lot(picking, self.expired)
        picking.with_context(skip_expired=True).button_validate()
        self.assertEqual(picking.state, "done")
        other = self.make_delivery()
        with self.assertRaises(UserError):
            self.select_lot(other, self.expired)

    def test_override_log_is_append_only(self):
        picking = self.make_delivery()
        self.select_lot(picking, self.expired)
        self.set_lock()
        self._override(picking)
        log = self.env["gsp.expiry.override.log"].search([("picking_id", "=", picking.id)])
        for env in (self.env(user=self.quality), self.env):  # nobody, not even the superuser
            with self.assertRaises(UserError):
                log.with_env(env).write({"reason": "changed"})
            with self.assertRaises(UserError):
                log.with_env(env).unlink()
        with self.assertRaises(AccessError):
            self.env(user=self.user)["gsp.expiry.override.log"].create(
                {"kind": "lock", "product_id": self.product.id, "lot_name": "X", "reason": "r"}
            )

    def test_on_internal_transfer_is_locked_but_quarantine_is_allowed(self):
        self.set_lock()
        shelf = self.env["stock.location"].create(
            {"name": "Shelf B", "location_id": self.stock.id, "usage": "internal"}
        )
        internal = self.make_delivery(picking_type=self.warehouse.int_type_id, dest=shelf)
        with self.assertRaises(UserError):
            self.select_lot(internal, self.expired)
        to_quarantine = self.make_delivery(
            picking_type=self.warehouse.int_type_id, dest=self.quarantine
        )
        self.select_lot(to_quarantine, self.expired)
        to_quarantine.with_context(skip_expired=True).button_validate()
        self.assertEqual(to_quarantine.state, "done")

    def test_on_return_to_supplier_and_scrap_are_allowed(self):
        self.set_lock()
        to_vendor = self.make_delivery(dest=self.suppliers)
        self.select_lot(to_vendor, self.expired)
        to_vendor.with_context(skip_expired=True).button_validate()
        self.assertEqual(to_vendor.state, "done")
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "lot_id": self.expired.id,
                "scrap_qty": 2,
                "location_id": self.stock.id,
            }
        )
        scrap.do_scrap()
        self.assertEqual(scrap.state, "done")

    def test_sale_order_naming_an_expired_lot(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1,
                         "gsp_lot_id": self.expired.id}
                    )
                ],
            }
        )
        self.set_lock()
        with self.assertRaisesRegex(UserError, "EXP-1"):
            order.with_user(self.user).action_confirm()
        self.set_lock(False)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_settings_page_switches_the_lock(self):
        settings = Form(self.env["res.config.settings"])
        settings.gsp_expiry_lock = True
        settings.save().execute()
        self.assertTrue(self.company.gsp_expiry_lock)

    def test_setup_recommends_the_lock_and_the_receipt_control(self):
        recommended = self.env["res.config.settings"]._jxc_recommended_settings()
        self.assertTrue(recommended["gsp_expiry_lock"])
        self.assertTrue(recommended["gsp_receipt_control"])
        self.assertNotIn("gsp_auto_quarantine", recommended)
