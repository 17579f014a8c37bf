# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from decimal import Decimal

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..services.opening_stock import OpeningStockLoader
from .common import JxcImportCase


@tagged("post_install", "-at_install")
class TestOpeningStock(JxcImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        batch = cls._batch()
        batch.action_stage(paths=[cls.gjp])
        batch.action_apply()
        cls.batch = batch
        cls.warehouses = {
            w.jxc_legacy_code: w
            for w in cls.env["stock.warehouse"].search([("jxc_legacy_code", "!=", False)])
        }

    def _load(self, code):
        return OpeningStockLoader(self.env, self.warehouses[code]).load()

    def _on_hand(self, warehouse):
        quants = self.env["stock.quant"].search(
            [("location_id", "child_of", warehouse.view_location_id.id)])
        return sum(quants.mapped("quantity")), quants

    def _value(self, warehouse):
        layers = self.env["stock.valuation.layer"].search(
            [("stock_move_id.location_dest_id", "child_of", warehouse.view_location_id.id)])
        return Decimal(str(round(sum(layers.mapped("value")), 2)))

    def test_load_matches_the_legacy_figures(self):
        for code, expected in self.expected["per_warehouse"].items():
            result = self._load(code)
            warehouse = self.warehouses[code]
            self.assertEqual(result["lines"], expected["rows"])
            qty, quants = self._on_hand(warehouse)
            self.assertAlmostEqual(qty, expected["qty"])
            self.assertEqual(self._value(warehouse), Decimal(expected["value"]))
            self.assertFalse(quants.filtered(lambda q: q.quantity < 0))
        # Lots: once per product and lot name, with the legacy expiry date.
        lots = self.env["stock.lot"].search([("product_id.jxc_legacy_code", "!=", False)])
        self.assertEqual(len(lots), self.expected["lots"])
        self.assertEqual(lots.company_id, self.env.company)
        tracked_expiry = lots.filtered(lambda lot: lot.product_id.use_expiration_date
                                       and lot.expiration_date)
        # product_expiry derived its dates from the legacy expiry, as on a manual lot.
        self.assertTrue(tracked_expiry)
        for lot in tracked_expiry:
            self.assertTrue(lot.removal_date)
        for lot in lots:
            key = "%s/%s" % (lot.product_id.default_code, lot.name)
            self.assertEqual(lot.expiration_date.date().isoformat(),
                             self.expected["lot_expiry"][key])
        # What Odoo reads: on-hand per product, in the base unit.
        per_product = defaultdict(float)
        for row in self.data["stock"]:
            per_product[row["code"]] += row["qty"]
        for product in self.env["product.product"].search(
                [("default_code", "in", list(per_product))]):
            self.assertAlmostEqual(product.qty_available, per_product[product.default_code])

    def test_rows_are_what_odoo_inventory_apply_makes(self):
        """One line loaded by us and the same line applied as Odoo's own inventory
        adjustment give moves, move lines, quants and layers of the same shape."""
        self._load("CK01")
        ours = self.env["jxc.legacy.stock.line"].search(
            [("state", "=", "loaded"), ("lot_id", "!=", False)], limit=1)
        product, warehouse = ours.product_id, self.warehouses["CK01"]
        lot = self.env["stock.lot"].create({"name": "NATIVE1", "product_id": product.id,
                                            "company_id": self.env.company.id})
        quant = self.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": warehouse.lot_stock_id.id,
            "lot_id": lot.id, "inventory_quantity": ours.qty})
        quant.action_apply_inventory()
        native_move = self.env["stock.move"].search(
            [("product_id", "=", product.id), ("move_line_ids.lot_id", "=", lot.id)])
        self.env.flush_all()

        def shape(table, column, value):
            self.env.cr.execute("SELECT * FROM %s WHERE %s = %%s" % (table, column), [value])
            row = self.env.cr.dictfetchone()
            return {k for k, v in row.items() if v not in (None, False)
                    and k not in ("origin", "price_unit")}

        for table in ("stock_move", "stock_move_line"):
            column = "id" if table == "stock_move" else "move_id"
            self.assertLessEqual(shape(table, column, native_move.id),
                                 shape(table, column, ours.move_id.id) | {"inventory_name"},
                                 table)
        self.assertEqual(ours.move_id.state, "done")
        self.assertTrue(ours.move_id.is_inventory)
        layer = ours.move_id.stock_valuation_layer_ids
        self.assertEqual(len(layer), 1)
        self.assertAlmostEqual(layer.value, ours.value, places=2)
        self.assertAlmostEqual(layer.remaining_qty, ours.qty)
        # The inventory location carries the negative side, as Odoo's apply leaves it.
        inventory = product.with_company(self.env.company).property_stock_inventory
        negative = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", inventory.id),
             ("lot_id", "=", ours.lot_id.id)])
        self.assertAlmostEqual(negative.quantity, -sum(
            self.env["jxc.legacy.stock.line"].search(
                [("lot_id", "=", ours.lot_id.id), ("state", "=", "loaded")]).mapped("qty")))
        # product_expiry's stored fields were computed on the new rows.
        if ours.lot_id.expiration_date:
            own_quant = self.env["stock.quant"].search(
                [("lot_id", "=", ours.lot_id.id), ("location_id", "=",
                                                    warehouse.lot_stock_id.id)])
            self.assertEqual(own_quant.expiration_date, ours.lot_id.expiration_date)

    def test_second_load_duplicates_nothing(self):
        first = self._load("CK01")
        self.assertGreater(first["lines"], 0)
        moves = self.env["stock.move"].search_count([])
        self.assertEqual(self._load("CK01")["lines"], 0)
        self.assertEqual(self.env["stock.move"].search_count([]), moves)

    def test_rollback_restores_the_warehouse_and_spares_the_others(self):
        self._load("CK01")
        self._load("CK02")
        ck02_before = self._on_hand(self.warehouses["CK02"])[0]
        result = OpeningStockLoader(self.env, self.warehouses["CK01"]).rollback()
        self.assertGreater(result["lines"], 0)
        self.assertEqual(self._on_hand(self.warehouses["CK01"])[0], 0)
        self.assertEqual(self._value(self.warehouses["CK01"]), 0)
        self.assertEqual(self._on_hand(self.warehouses["CK02"])[0], ck02_before)
        lines = self.env["jxc.legacy.stock.line"].search(
            [("warehouse_id", "=", self.warehouses["CK01"].id)])
        self.assertEqual(set(lines.mapped("state")), {"pending"})
        # Loaded again after the rollback: the same figures.
        self.assertEqual(self._load("CK01")["lines"],
                         self.expected["per_warehouse"]["CK01"]["rows"])

    def test_rollback_ignores_the_other_warehouses_opening_of_a_shared_lot(self):
        self._load("CK01")
        line = self.env["jxc.legacy.stock.line"].search(
            [("warehouse_id", "=", self.warehouses["CK01"].id), ("lot_id", "!=", False)],
            limit=1)
        # The same lot arrives in CK02 by its own opening stock.
        twin = line.copy({"warehouse_id": self.warehouses["CK02"].id, "warehouse_code": "CK02",
                          "state": "pending", "move_id": False, "lot_id": False})
        OpeningStockLoader(self.env, self.warehouses["CK02"]).load(twin)
        self.assertEqual(twin.lot_id, line.lot_id)
        self.assertFalse(OpeningStockLoader(self.env, self.warehouses["CK01"]).dependents())
        OpeningStockLoader(self.env, self.warehouses["CK01"]).rollback()
        self.assertTrue(twin.lot_id.exists())
        self.assertEqual(twin.state, "loaded")

    def test_rollback_refuses_when_later_operations_use_the_stock(self):
        self._load("CK01")
        warehouse = self.warehouses["CK01"]
        line = self.env["jxc.legacy.stock.line"].search(
            [("warehouse_id", "=", warehouse.id), ("state", "=", "loaded")], limit=1)
        scrap = self.env["stock.scrap"].create({
            "product_id": line.product_id.id, "lot_id": line.lot_id.id,
            "scrap_qty": 1, "location_id": warehouse.lot_stock_id.id,
            "product_uom_id": line.product_id.uom_id.id})
        scrap.with_context(jxc_cutover_load=True).action_validate()
        with self.assertRaises(UserError) as caught:
            OpeningStockLoader(self.env, warehouse).rollback()
        self.assertIn(line.product_id.default_code, str(caught.exception))
        self.assertTrue(self.env["jxc.legacy.stock.line"].search_count(
            [("warehouse_id", "=", warehouse.id), ("state", "=", "loaded")]))
