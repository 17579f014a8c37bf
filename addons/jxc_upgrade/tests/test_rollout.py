# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import unittest
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SHARED_SAMPLES
from .common_rollout import JxcRolloutCase


class RolloutMixin:
    def _transfer(self, warehouse, code, product, qty, lot=None, lot_name=None):
        """A confirmed receipt ('incoming') or delivery ('outgoing') of ``warehouse``,
        its quantity set and picked, ready to validate."""
        picking_type = warehouse.in_type_id if code == "incoming" else warehouse.out_type_id
        outside = self.env.ref(
            "stock.stock_location_suppliers" if code == "incoming"
            else "stock.stock_location_customers")
        source, destination = ((outside, warehouse.lot_stock_id) if code == "incoming"
                               else (warehouse.lot_stock_id, outside))
        picking = self.env["stock.picking"].create({
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "move_ids": [Command.create({
                "name": product.display_name,
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
            })],
        })
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create({
            "move_id": move.id,
            "picking_id": picking.id,
            "product_id": product.id,
            "quantity": qty,
            "lot_id": lot.id if lot else False,
            "lot_name": lot_name or False,
            "location_id": source.id,
            "location_dest_id": destination.id,
        })
        move.picked = True
        return picking

    def _untracked_product(self):
        return self.env["product.product"].create({
            "name": "JXC lock probe", "is_storable": True, "type": "consu"})

    def _lock(self, on=True):
        self.company.jxc_rollout_lock = on

    def _events(self, warehouse):
        return self.env["jxc.rollout.event"].search(
            [("warehouse_id", "=", warehouse.id)], order="id")


@tagged("post_install", "-at_install")
class TestRolloutLock(RolloutMixin, JxcRolloutCase):
    def test_states_default(self):
        self.assertEqual({w.jxc_cutover_state for w in self.warehouses.values()},
                         {"legacy"})
        by_hand = self.env["stock.warehouse"].create({"name": "手工仓", "code": "HAND"})
        self.assertEqual(by_hand.jxc_cutover_state, "live")
        self.assertFalse(self.company.jxc_rollout_lock)

    def test_lock_off_pickings_validate_as_in_core(self):
        self._lock(False)
        warehouse = self.warehouses["CK01"]
        self.assertEqual(warehouse.jxc_cutover_state, "legacy")
        receipt = self._transfer(warehouse, "incoming", self._untracked_product(), 5)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")

    def test_lock_on_refuses_pickings_of_warehouses_not_live(self):
        self._lock()
        warehouse = self.warehouses["CK01"]
        product = self._untracked_product()
        receipt = self._transfer(warehouse, "incoming", product, 5)
        with self.assertRaises(UserError) as caught:
            receipt.button_validate()
        message = str(caught.exception)
        self.assertIn(warehouse.display_name, message)
        self.assertIn("旧系统 legacy", message)
        self.assertIn("迁移管理员", message)
        self.assertIn("JXC Migration Manager", message)
        self.assertIn("Inventory › Migration › Rollout", message)
        self.assertNotEqual(receipt.state, "done")
        # Paths that do not go through the button are locked as well.
        with self.assertRaises(UserError):
            receipt._action_done()
        with self.assertRaises(UserError):
            receipt.move_ids._action_done()
        with self.assertRaises(UserError):
            self.env["stock.quant"].with_context(inventory_mode=True).create({
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "inventory_quantity": 3,
            }).action_apply_inventory()
        self.assertEqual(product.with_context(warehouse_id=warehouse.id).qty_available, 0)

    def test_lock_names_the_responsible_of_the_wave(self):
        self._lock()
        warehouse = self.warehouses["CK01"]
        wave = self.env["jxc.rollout.wave"].create({"name": "W1", "user_id": self.manager.id})
        warehouse.jxc_wave_id = wave
        receipt = self._transfer(warehouse, "incoming", self._untracked_product(), 1)
        with self.assertRaisesRegex(UserError, self.manager.name):
            receipt.button_validate()

    def test_lock_on_live_warehouses_validate(self):
        self._lock()
        live = self.env["stock.warehouse"].create({"name": "手工仓", "code": "HAND"})
        receipt = self._transfer(live, "incoming", self._untracked_product(), 5)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")

    def test_cutover_context_passes_for_migration_managers_only(self):
        self._lock()
        warehouse = self.warehouses["CK01"]
        clerk = self.env["res.users"].create({
            "name": "Stock clerk", "login": "jxc_clerk_lock",
            "groups_id": [Command.set([self.env.ref("stock.group_stock_user").id])],
        })
        receipt = self._transfer(warehouse, "incoming", self._untracked_product(), 2)
        with self.assertRaises(UserError):
            receipt.with_user(clerk).with_context(jxc_cutover_load=True).move_ids._action_done()
        receipt.with_user(self.manager).with_context(jxc_cutover_load=True).move_ids._action_done()
        self.assertEqual(receipt.move_ids.state, "done")

    def test_setting_is_in_inventory_settings(self):
        settings = self.env["res.config.settings"].create({"jxc_rollout_lock": True})
        settings.execute()
        self.assertTrue(self.env.company.jxc_rollout_lock)
        view = self.env.ref("jxc_upgrade.res_config_settings_view_form_jxc")
        self.assertEqual(view.inherit_id, self.env.ref("stock.res_config_settings_view_form"))


@tagged("post_install", "-at_install")
class TestRolloutTransitions(RolloutMixin, JxcRolloutCase):
    def test_freeze_takes_the_snapshot_and_records_who_when_why(self):
        warehouse = self._wh("CK01")
        warehouse.action_jxc_freeze(reason="试点仓 pilot")
        self.assertEqual(warehouse.jxc_cutover_state, "frozen")
        self.assertEqual(warehouse.jxc_snapshot_batch_id, self.batch)
        event = self._events(warehouse)
        self.assertEqual(len(event), 1)
        self.assertEqual((event.from_state, event.to_state), ("legacy", "frozen"))
        self.assertEqual(event.user_id, self.manager)
        self.assertEqual(event.reason, "试点仓 pilot")
        self.assertTrue(event.date)
        note = warehouse.message_ids[:1]
        self.assertIn("试点仓 pilot", note.body)
        self.assertIn("frozen", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        with self.assertRaises(UserError):
            warehouse.action_jxc_freeze()

    def test_freeze_without_snapshot_refuses(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "无快照", "code": "NOSN", "jxc_cutover_state": "legacy"})
        with self.assertRaisesRegex(UserError, "no legacy snapshot"):
            warehouse.with_user(self.manager).action_jxc_freeze()
        self.assertEqual(warehouse.jxc_cutover_state, "legacy")

    def test_only_managers_change_states(self):
        warehouse = self.warehouses["CK01"].with_user(self.viewer)
        for method in ("action_jxc_freeze", "action_jxc_load", "action_jxc_mark_reconciled",
                       "action_jxc_golive", "action_jxc_rollback"):
            with self.assertRaises(AccessError, msg=method):
                getattr(warehouse, method)()
        self.assertEqual(self.warehouses["CK01"].jxc_cutover_state, "legacy")

    def test_wizard_asks_the_reason(self):
        wizard = self.env["jxc.rollout.transition"].with_user(self.manager).create({
            "warehouse_id": self.warehouses["CK01"].id,
            "transition": "freeze",
            "reason": "第一批 wave 1",
        })
        wizard.action_confirm()
        self.assertEqual(self.warehouses["CK01"].jxc_cutover_state, "frozen")
        self.assertEqual(self._events(self.warehouses["CK01"]).reason, "第一批 wave 1")

    def test_events_are_append_only(self):
        warehouse = self._wh("CK01")
        warehouse.action_jxc_freeze(reason="x")
        event = self._events(warehouse).with_user(self.manager)
        with self.assertRaises(UserError):
            event.write({"reason": "changed"})
        with self.assertRaises(UserError):
            event.unlink()

    def test_gate_refuses_without_a_passing_reconciliation(self):
        warehouse = self._wh("CK02")
        warehouse.sudo().jxc_cutover_state = "loaded"
        with patch.object(type(self.env["stock.warehouse"]), "_jxc_check_reconciled",
                          return_value=(False, "差异 3 行 3 lines differ")):
            with self.assertRaisesRegex(UserError, "3 lines differ"):
                warehouse.action_jxc_mark_reconciled(reason="try")
        self.assertEqual(warehouse.jxc_cutover_state, "loaded")
        if not self.env["ir.module.module"].search_count(
                [("name", "=", "jxc_reconcile"), ("state", "=", "installed")]):
            with self.assertRaisesRegex(UserError, "jxc_reconcile"):
                warehouse.action_jxc_mark_reconciled()
        with patch.object(type(self.env["stock.warehouse"]), "_jxc_check_reconciled",
                          return_value=(True, "0 differences")):
            warehouse.action_jxc_mark_reconciled(reason="对账通过")
        self.assertEqual(warehouse.jxc_cutover_state, "reconciled")

    def test_golive_needs_rollback_triggers_and_a_done_checklist(self):
        # The reconciliation's gate passes here (jxc_reconcile checks it again at go-live).
        with patch.object(type(self.env["stock.warehouse"]), "_jxc_check_reconciled",
                          return_value=(True, "0 differences")):
            self._check_golive_needs_triggers_and_checklist()

    def _check_golive_needs_triggers_and_checklist(self):
        warehouse = self._wh("CK02")
        warehouse.sudo().jxc_cutover_state = "reconciled"
        with self.assertRaisesRegex(UserError, "no rollout wave"):
            warehouse.action_jxc_golive()
        wave = self.env["jxc.rollout.wave"].with_user(self.manager).create(
            {"name": "第一批 Wave 1", "warehouse_ids": [Command.link(warehouse.id)]})
        self.assertTrue(wave.checklist_item_ids, "a new wave starts with the default checklist")
        with self.assertRaisesRegex(UserError, "rollback triggers"):
            warehouse.action_jxc_golive()
        wave.rollback_triggers = "库存差异超过 0.5% stock difference above 0.5%"
        with self.assertRaisesRegex(UserError, "Checklist items not done"):
            warehouse.action_jxc_golive()
        wave.checklist_item_ids.write({"done": True})
        item = wave.checklist_item_ids[:1]
        self.assertEqual(item.done_by, self.manager)
        self.assertTrue(item.done_date)
        self.assertTrue(wave.checklist_done)
        warehouse.action_jxc_golive(reason="上线 go")
        self.assertEqual(warehouse.jxc_cutover_state, "live")
        self.assertEqual(self._events(warehouse)[-1].wave_id, wave)
        self.assertEqual(wave.state, "done")

    def test_wave_state_follows_its_warehouses(self):
        wave = self.env["jxc.rollout.wave"].create({
            "name": "W", "warehouse_ids": [Command.set([w.id for w in self.warehouses.values()])]})
        self.assertEqual(wave.state, "planned")
        self._wh("CK01").action_jxc_freeze()
        self.assertEqual(wave.state, "running")


@tagged("post_install", "-at_install")
class TestRolloutLoad(RolloutMixin, JxcRolloutCase):
    """Freeze, load, load again, resume, roll back; the opening stock is the lead's
    OpeningStockLoader."""

    chinese_company = True

    def _load(self, code, reason="load"):
        warehouse = self._wh(code)
        if warehouse.jxc_cutover_state == "legacy":
            warehouse.action_jxc_freeze(reason="freeze %s" % code)
        return warehouse.action_jxc_load(reason=reason)

    def _expected_qty(self, code):
        return float(self.expected["per_warehouse"][code]["qty"])

    def _footprint(self, code):
        """What the migration made in a warehouse, to compare before and after."""
        warehouse = self.warehouses[code]
        purchases, sales = self._migrated_orders(code)
        lines = self.env["jxc.legacy.stock.line"].search(
            [("batch_id", "=", self.batch.id), ("warehouse_id", "=", warehouse.id)])
        return {
            "quants": self._quant_totals(warehouse),
            "moves": self.env["stock.move"].search_count(
                [("location_dest_id", "child_of", warehouse.view_location_id.id),
                 ("state", "=", "done")]),
            "purchases": purchases.ids,
            "sales": sales.ids,
            "pickings": sorted((purchases.picking_ids | sales.picking_ids).mapped(
                lambda p: (p.id, p.state))),
            "lines": sorted(lines.mapped(lambda rec: (rec.id, rec.state))),
            "state": warehouse.jxc_cutover_state,
        }

    def test_freeze_and_load_one_warehouse(self):
        self._lock()  # the load's own moves pass the lock of a frozen warehouse
        before = self._footprint("CK01")
        self.assertEqual(before["quants"], (0.0, 0))
        result = self._load("CK01")
        warehouse = self.warehouses["CK01"]
        self.assertEqual(warehouse.jxc_cutover_state, "loaded")
        self.assertTrue(warehouse.jxc_migrated)
        self.assertEqual(self._quant_totals(warehouse)[0], self._expected_qty("CK01"))
        self.assertEqual(result["stock"]["lines"], self.expected["per_warehouse"]["CK01"]["rows"])
        self.assertEqual(self._events(warehouse).mapped("to_state"), ["frozen", "loaded"])
        self.assertTrue(result["balances"]["created"])
        self.assertEqual(self.company.jxc_opening_warehouse_id, warehouse)
        purchases, sales = self._migrated_orders("CK01")
        expected_numbers = {o["number"] for o in self.data["orders"]
                            if o["wh"] == "CK01" and o["qty"] > o["done"]}
        self.assertEqual(set(purchases.mapped("jxc_legacy_number"))
                         | set(sales.mapped("jxc_legacy_number")), expected_numbers)
        partners = self._legacy_partners()
        self.assertEqual(
            {p.jxc_legacy_code: v for p, v in self._partner_balances(partners).items()},
            {p["code"]: (float(p["ar"]), float(p["ap"])) for p in self.data["partners"]})

    def test_loading_twice_duplicates_nothing(self):
        self._load("CK01")
        first = self._footprint("CK01")
        entries = self.env["account.move"].search_count([])
        lots = self.env["stock.lot"].search_count([])
        again = self._load("CK01", reason="again")
        self.assertEqual(again["stock"].get("lines", 0), 0)
        self.assertEqual(again["orders"]["orders_created"], 0)
        self.assertFalse(again["balances"]["created"])
        self.assertEqual(self._footprint("CK01"), first)
        self.assertEqual(self.env["account.move"].search_count([]), entries)
        self.assertEqual(self.env["stock.lot"].search_count([]), lots)
        self.assertEqual(self.warehouses["CK01"].jxc_cutover_state, "loaded")

    def test_interrupted_load_is_resumed(self):
        warehouse = self._wh("CK01")
        warehouse.action_jxc_freeze(reason="freeze")
        # A load killed half-way through the opening stock: half of the lines loaded.
        lines = self.env["jxc.legacy.stock.line"].search(
            [("batch_id", "=", self.batch.id), ("warehouse_id", "=", warehouse.id)])
        half = lines[: len(lines) // 2]
        warehouse.sudo().jxc_migrated = True
        warehouse._jxc_stock_loader().load(lines=half)
        self.assertEqual(warehouse.jxc_cutover_state, "frozen")
        self._load("CK01", reason="resume")
        self.assertEqual(warehouse.jxc_cutover_state, "loaded")
        self.assertEqual(self._quant_totals(warehouse)[0], self._expected_qty("CK01"))
        self.assertEqual(set(lines.mapped("state")), {"loaded"})

    def test_rollback_leaves_the_others_untouched(self):
        before_ck01 = self._footprint("CK01")
        self._load("CK01")
        self._load("CK02")
        ck02 = self._footprint("CK02")
        move = self.company.jxc_opening_move_id
        self.assertTrue(move)
        result = self._wh("CK01").action_jxc_rollback(reason="回滚 pilot failed")
        self.assertTrue(result["balances"]["kept"])
        after = self._footprint("CK01")
        self.assertEqual(after["state"], "legacy")
        self.assertEqual(after["quants"], before_ck01["quants"])
        self.assertFalse(after["purchases"] or after["sales"])
        self.assertEqual(after["lines"], before_ck01["lines"])
        self.assertFalse(self.warehouses["CK01"].jxc_migrated)
        self.assertEqual(self.warehouses["CK01"].jxc_snapshot_batch_id, self.batch)
        self.assertEqual(self._footprint("CK02"), ck02)
        # CK02 still holds migrated data: the balances stay.
        self.assertEqual(self.company.jxc_opening_move_id, move)
        self.assertFalse(move.reversal_move_ids)
        # The last warehouse's rollback reverses them.
        self._wh("CK02").action_jxc_rollback(reason="all back")
        self.assertTrue(move.reversal_move_ids)
        partners = self._legacy_partners()
        self.assertTrue(all(v == (0.0, 0.0) for v in self._partner_balances(partners).values()))
        self.assertEqual(self._events(self.warehouses["CK01"])[-1].to_state, "legacy")
        self.assertEqual(self._events(self.warehouses["CK01"])[-1].reason, "回滚 pilot failed")
        # …and the warehouse can be frozen and loaded again.
        self._load("CK01")
        self.assertEqual(self._quant_totals(self.warehouses["CK01"])[0],
                         self._expected_qty("CK01"))

    def test_rollback_refuses_and_lists_a_done_delivery(self):
        self._load("CK01")
        warehouse = self.warehouses["CK01"]
        # A lot that has not expired: product_expiry would otherwise stop the delivery
        # on its confirmation wizard.
        quant = self.env["stock.quant"].search([
            ("location_id", "=", warehouse.lot_stock_id.id), ("lot_id", "!=", False),
            ("quantity", ">", 1), "|", ("lot_id.expiration_date", "=", False),
            ("lot_id.expiration_date", ">", fields.Datetime.now())], limit=1)
        delivery = self._transfer(warehouse, "outgoing", quant.product_id, 1, lot=quant.lot_id)
        delivery.with_context(skip_expired=True).button_validate()
        self.assertEqual(delivery.state, "done")
        before = self._footprint("CK01")
        with self.assertRaises(UserError) as caught:
            self._wh("CK01").action_jxc_rollback(reason="try")
        self.assertIn(delivery.name, str(caught.exception))
        self.assertEqual(self._footprint("CK01"), before)
        self.assertTrue(self.company.jxc_opening_move_id)
        self.assertEqual(self._events(warehouse)[-1].to_state, "loaded")

    def test_rollback_refuses_and_lists_a_reconciled_payment(self):
        self._load("CK01")
        before = self._footprint("CK01")
        move = self.company.jxc_opening_move_id
        _opening, payment = self._pay_opening_receivable(10.0)
        with self.assertRaises(UserError) as caught:
            self._wh("CK01").action_jxc_rollback(reason="try")
        self.assertIn(payment.move_id.display_name, str(caught.exception))
        self.assertEqual(self._footprint("CK01"), before)
        self.assertFalse(move.reversal_move_ids)
        # The wizard shows the same list before anyone tries; asking changes nothing.
        dependents = self._wh("CK01").jxc_rollback_dependents()
        self.assertTrue(any(payment.move_id.display_name in d for d in dependents), dependents)
        self.assertEqual(self._footprint("CK01"), before)


@tagged("post_install", "-at_install")
@unittest.skipUnless(os.path.isdir(SHARED_SAMPLES), "shared/legacy-samples is not beside the repo")
class TestSharedSampleRollout(RolloutMixin, JxcRolloutCase):
    """The shared 管家婆 sample, every warehouse frozen and loaded: the figures of
    expected.json; a rollback of one leaves the others untouched."""

    chinese_company = True
    shared_sample = True

    def test_every_warehouse_then_one_rollback(self):
        for code in self.shared["warehouses"]:
            warehouse = self._wh(code)
            warehouse.action_jxc_freeze(reason="wave")
            warehouse.action_jxc_load(reason="wave")
            self.assertEqual(warehouse.jxc_cutover_state, "loaded")
            self.assertEqual(self._quant_totals(warehouse)[0],
                             float(self.shared["per_warehouse"][code]["qty"]), code)
        purchases, sales = self._migrated_orders()
        self.assertEqual(len(purchases) + len(sales), self.shared["open_orders"])
        self.assertEqual(len(purchases.order_line) + len(sales.order_line),
                         self.shared["open_order_lines"])
        for order in list(purchases) + list(sales):
            self.assertTrue(order.picking_ids)
            self.assertTrue(all(p.state not in ("done", "cancel") for p in order.picking_ids))
        partners = self._legacy_partners()
        odoo = self._partner_balances(partners)
        self.assertAlmostEqual(sum(v[0] for v in odoo.values()),
                               float(self.shared["ar_total"]), places=2)
        self.assertAlmostEqual(sum(v[1] for v in odoo.values()),
                               float(self.shared["ap_total"]), places=2)
        others = {code: (self._quant_totals(self.warehouses[code]),
                         self._migrated_orders(code))
                  for code in self.shared["warehouses"] if code != "CK02"}
        self._wh("CK02").action_jxc_rollback(reason="test")
        self.assertEqual(self.warehouses["CK02"].jxc_cutover_state, "legacy")
        self.assertEqual(self._quant_totals(self.warehouses["CK02"]), (0.0, 0))
        self.assertEqual(self._migrated_orders("CK02"), (self.env["purchase.order"],
                                                         self.env["sale.order"]))
        for code, (quants, orders) in others.items():
            self.assertEqual(self._quant_totals(self.warehouses[code]), quants)
            self.assertEqual(self._migrated_orders(code), orders)
        self.assertEqual(self._partner_balances(partners), odoo)
