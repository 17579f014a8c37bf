# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import unittest

from odoo.tests import tagged

from ..services.open_orders import OpenOrdersLoader
from .common import SHARED_SAMPLES
from .common_rollout import JxcRolloutCase


@tagged("post_install", "-at_install")
class TestOpenOrders(JxcRolloutCase):
    def _load(self, code):
        warehouse = self._wh(code)
        return OpenOrdersLoader(warehouse.env, warehouse).load(self.batch)

    def _expected_open(self, code):
        """(kind, number, product code) → open qty of the generated data, in code."""
        kinds = {"采购订单": "purchase", "销售订单": "sale"}
        return {
            (kinds[o["kind"]], o["number"], o["code"]): o["qty"] - o["done"]
            for o in self.data["orders"]
            if o["wh"] == code and o["qty"] > o["done"]
        }

    def _odoo_open(self, code):
        purchases, sales = self._migrated_orders(code)
        found = {}
        for order in purchases:
            for line in order.order_line:
                found[("purchase", order.jxc_legacy_number, line.product_id.default_code)] = (
                    line.product_qty)
        for order in sales:
            for line in order.order_line:
                found[("sale", order.jxc_legacy_number, line.product_id.default_code)] = (
                    line.product_uom_qty)
        return found

    def test_open_orders_become_confirmed_orders_of_their_warehouse(self):
        for code in self.warehouses:
            self._load(code)
            self.assertEqual(self._odoo_open(code), self._expected_open(code))
            purchases, sales = self._migrated_orders(code)
            warehouse = self.warehouses[code]
            for order in purchases:
                self.assertEqual(order.state, "purchase")
                self.assertEqual(order.picking_type_id.warehouse_id, warehouse)
                self.assertEqual(order.origin, order.jxc_legacy_number)
                self.assertEqual(order.partner_ref, order.jxc_legacy_number)
                self.assertTrue(order.picking_ids)
                self.assertTrue(all(p.state not in ("done", "cancel") for p in order.picking_ids))
                self.assertEqual(order.picking_ids.picking_type_id, warehouse.in_type_id)
            for order in sales:
                self.assertEqual(order.state, "sale")
                self.assertEqual(order.warehouse_id, warehouse)
                self.assertEqual(order.client_order_ref, order.jxc_legacy_number)
                self.assertTrue(order.picking_ids)
                self.assertTrue(all(p.state not in ("done", "cancel") for p in order.picking_ids))
                legacy_date = self._legacy_orders(code).filtered(
                    lambda line, order=order: line.number == order.jxc_legacy_number)[:1].date
                self.assertEqual(order.date_order.date(), legacy_date)
        # Every legacy line with an open quantity is tied to the Odoo line made of it.
        legacy = self._legacy_orders()
        open_lines = legacy.filtered(lambda line: line.open_qty > 0)
        for line in open_lines:
            odoo_line = line.purchase_line_id or line.sale_line_id
            self.assertTrue(odoo_line, line.number)
            self.assertEqual(odoo_line.product_id, line.product_id)
            self.assertAlmostEqual(odoo_line.price_unit, line.price, places=2)
        self.assertFalse((legacy - open_lines).mapped("purchase_line_id"))
        self.assertFalse((legacy - open_lines).mapped("sale_line_id"))
        numbers = {o["number"] for o in self.data["orders"] if o["qty"] > o["done"]}
        purchases, sales = self._migrated_orders()
        self.assertEqual(len(purchases) + len(sales), len(numbers))
        self.assertEqual(len(purchases.order_line) + len(sales.order_line),
                         self.expected["open_order_lines"])

    def test_fully_delivered_lines_are_skipped(self):
        legacy = self._legacy_orders()
        done_line = legacy[:1]
        done_line.write({"done_qty": done_line.qty, "open_qty": 0})
        self._load(done_line.warehouse_id.jxc_legacy_code)
        self.assertFalse(done_line.purchase_line_id or done_line.sale_line_id)

    def test_second_load_duplicates_nothing(self):
        code = self._legacy_orders()[:1].warehouse_id.jxc_legacy_code
        first = self._load(code)
        self.assertGreater(first["orders_created"], 0)
        purchases, sales = self._migrated_orders(code)
        pickings = purchases.picking_ids | sales.picking_ids
        second = self._load(code)
        self.assertEqual(second["orders_created"], 0)
        self.assertEqual(second["orders_kept"], first["orders_created"])
        again = self._migrated_orders(code)
        self.assertEqual(again, (purchases, sales))
        self.assertEqual(again[0].picking_ids | again[1].picking_ids, pickings)

    def test_interrupted_load_is_finished_by_the_next(self):
        # A load killed between creating an order and confirming it leaves a draft.
        line = self._legacy_orders().filtered(lambda rec: rec.open_qty > 0)[:1]
        code = line.warehouse_id.jxc_legacy_code
        warehouse = self._wh(code)
        loader = OpenOrdersLoader(warehouse.env, warehouse)
        lines = self._legacy_orders(code).filtered(
            lambda rec: rec.number == line.number and rec.open_qty > 0)
        model = "purchase.order" if line.kind == "purchase" else "sale.order"
        vals = (loader._purchase_vals if line.kind == "purchase" else loader._sale_vals)(
            line.number, lines)
        draft = loader.env[model].create(vals)
        result = self._load(code)
        self.assertEqual(result["orders_kept"], 1)
        self.assertIn(draft.state, ("purchase", "sale"))
        self.assertTrue(draft.picking_ids)
        self.assertEqual(self._odoo_open(code), self._expected_open(code))

    def test_rollback_removes_the_orders_and_their_transfers(self):
        code = self._legacy_orders()[:1].warehouse_id.jxc_legacy_code
        self._load(code)
        purchases, sales = self._migrated_orders(code)
        pickings = purchases.picking_ids | sales.picking_ids
        warehouse = self._wh(code)
        loader = OpenOrdersLoader(warehouse.env, warehouse)
        self.assertEqual(loader.dependents(), [])
        loader.rollback()
        self.assertFalse(purchases.exists() or sales.exists() or pickings.exists())
        self.assertFalse(self._legacy_orders(code).mapped("purchase_line_id"))
        self.assertFalse(self._legacy_orders(code).mapped("sale_line_id"))
        # …and loads again as new.
        self._load(code)
        self.assertEqual(self._odoo_open(code), self._expected_open(code))

    def test_a_done_receipt_is_a_dependent(self):
        line = self._legacy_orders().filtered(
            lambda rec: rec.kind == "purchase" and rec.open_qty > 0)[:1]
        code = line.warehouse_id.jxc_legacy_code
        self._load(code)
        order = line.purchase_line_id.order_id
        receipt = order.picking_ids[:1]
        for move in receipt.move_ids:
            if move.product_id.tracking != "none":
                move.move_line_ids.unlink()
                self.env["stock.move.line"].create({
                    "move_id": move.id, "picking_id": receipt.id,
                    "product_id": move.product_id.id, "lot_name": "T-%s" % move.id,
                    "quantity": move.product_uom_qty, "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                })
            else:
                move.quantity = move.product_uom_qty
            move.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        warehouse = self._wh(code)
        dependents = OpenOrdersLoader(warehouse.env, warehouse).dependents()
        self.assertTrue(any(receipt.name in d and order.jxc_legacy_number in d
                            for d in dependents), dependents)


@tagged("post_install", "-at_install")
@unittest.skipUnless(os.path.isdir(SHARED_SAMPLES), "shared/legacy-samples is not beside the repo")
class TestSharedSampleOpenOrders(JxcRolloutCase):
    """The shared 管家婆 sample's open orders: 12 lines in 6 orders (expected.json)."""

    shared_sample = True

    def test_open_order_lines_equal_expected(self):
        for code in self.shared["warehouses"]:
            warehouse = self._wh(code)
            OpenOrdersLoader(warehouse.env, warehouse).load(self.batch)
        purchases, sales = self._migrated_orders()
        self.assertEqual(len(purchases) + len(sales), self.shared["open_orders"])
        lines = list(purchases.order_line) + list(sales.order_line)
        self.assertEqual(len(purchases.order_line) + len(sales.order_line),
                         self.shared["open_order_lines"])
        legacy = self._legacy_orders()
        open_legacy = legacy.filtered(lambda line: line.open_qty > 0)
        self.assertEqual(
            sorted((rec.number, rec.product_code, rec.open_qty) for rec in open_legacy),
            sorted((rec.order_id.jxc_legacy_number, rec.product_id.default_code,
                    rec.product_qty if rec._name == "purchase.order.line" else rec.product_uom_qty)
                   for rec in lines),
        )
        for line in open_legacy:
            order = (line.purchase_line_id or line.sale_line_id).order_id
            self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, line.warehouse_id)
