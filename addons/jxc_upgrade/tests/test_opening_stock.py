# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
from collections import defaultdict
from decimal import Decimal

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..services.opening_stock import SQL_COMPUTED, OpeningStockLoader, _defined_as
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

    def _row(self, table, **where):
        (column, value), = where.items()
        self.env.cr.execute(
            SQL("SELECT * FROM %s WHERE %s = %s", SQL.identifier(table),
                SQL.identifier(column), value))
        rows = self.env.cr.dictfetchall()
        self.assertEqual(len(rows), 1, "%s %s" % (table, where))
        return rows[0]

    def assertSameRow(self, ours, native, differ, msg):
        """Every column equal but those that must differ (ids, names, dates of creation,
        the legacy cost and value)."""
        differ = set(differ) | {"id", "create_date", "write_date"}
        self.assertEqual({k: v for k, v in ours.items() if k not in differ},
                         {k: v for k, v in native.items() if k not in differ}, msg)

    def test_rows_are_what_odoo_inventory_apply_makes(self):
        """One line loaded by us and the same line applied as Odoo's own inventory
        adjustment give the same lot, move, move line, quants and valuation layer, column
        by column: the computed fields the load writes itself included."""
        warehouse = self.warehouses["CK01"]
        ours = self.env["jxc.legacy.stock.line"].search(
            [("warehouse_id", "=", warehouse.id), ("lot_name", "!=", False),
             ("expiry_date", "!=", False), ("product_id.use_expiration_date", "=", True)],
            limit=1)
        product = ours.product_id
        # product_expiry's dates of the lot are its expiry less these days.
        product.product_tmpl_id.write({"use_time": 30, "removal_time": 20, "alert_time": 10})
        # A legacy amount whose unit cost has more decimals than the Product Price's.
        ours.write({"qty": 3, "value": 10.0})
        self._load("CK01")
        self.assertEqual(self.env["jxc.legacy.stock.line"].search_count(
            [("lot_id", "=", ours.lot_id.id)]), 1)
        # The same lot made by Odoo: its dates computed by product_expiry.
        lot = self.env["stock.lot"].create({
            "name": "NATIVE1", "product_id": product.id, "company_id": self.env.company.id,
            "expiration_date": ours.lot_id.expiration_date,
            "production_date": ours.lot_id.production_date})
        quant = self.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": warehouse.lot_stock_id.id,
            "lot_id": lot.id, "inventory_quantity": ours.qty})
        quant.action_apply_inventory()
        native_move = self.env["stock.move"].search(
            [("product_id", "=", product.id), ("move_line_ids.lot_id", "=", lot.id)])
        self.env.flush_all()

        self.assertSameRow(self._row("stock_lot", id=ours.lot_id.id),
                           self._row("stock_lot", id=lot.id), {"name"}, "stock_lot")
        self.assertEqual(ours.lot_id.removal_date,
                         ours.lot_id.expiration_date - datetime.timedelta(days=20))
        self.assertEqual(ours.lot_id.location_id, warehouse.lot_stock_id)
        # The move: the legacy cost is its price; it is named after the batch.
        self.assertSameRow(self._row("stock_move", id=ours.move_id.id),
                           self._row("stock_move", id=native_move.id),
                           {"name", "reference", "origin", "price_unit", "date"}, "stock_move")
        self.assertSameRow(self._row("stock_move_line", move_id=ours.move_id.id),
                           self._row("stock_move_line", move_id=native_move.id),
                           {"move_id", "lot_id", "reference", "date"}, "stock_move_line")
        self.assertEqual(ours.move_id.state, "done")
        self.assertTrue(ours.move_id.is_inventory)
        # The layer: valued at the legacy amount (Odoo's at the product's cost).
        self.assertSameRow(
            self._row("stock_valuation_layer", stock_move_id=ours.move_id.id),
            self._row("stock_valuation_layer", stock_move_id=native_move.id),
            {"stock_move_id", "description", "unit_cost", "value", "remaining_value"},
            "stock_valuation_layer")
        layer = ours.move_id.stock_valuation_layer_ids
        self.assertEqual(len(layer), 1)
        self.assertAlmostEqual(layer.value, ours.value, places=2)
        # The unit cost as the ORM stores it: at the Product Price precision.
        digits = self.env["decimal.precision"].precision_get("Product Price")
        self.env.cr.execute("SELECT unit_cost FROM stock_valuation_layer WHERE id = %s",
                            [layer.id])
        stored = self.env.cr.fetchone()[0]
        self.assertEqual(stored, round(stored, digits))
        self.assertAlmostEqual(float(stored), 10.0 / 3, places=digits)
        self.assertAlmostEqual(layer.remaining_qty, ours.qty)
        for move in (ours.move_id, native_move):
            self.assertEqual(move.stock_valuation_layer_ids.description,
                             "%s - %s" % (move.reference, product.name))
        # The quants of both sides: the counted one in stock, and the negative one the
        # inventory location keeps.
        inventory = product.with_company(self.env.company).property_stock_inventory
        for location in (warehouse.lot_stock_id, inventory):
            quants = [
                self.env["stock.quant"].search([
                    ("product_id", "=", product.id), ("location_id", "=", location.id),
                    ("lot_id", "=", lot_id)])
                for lot_id in (ours.lot_id.id, lot.id)
            ]
            self.assertSameRow(self._row("stock_quant", id=quants[0].id),
                               self._row("stock_quant", id=quants[1].id),
                               {"lot_id", "in_date"}, "stock_quant in %s" % location.name)
        self.assertAlmostEqual(quants[0].quantity, -ours.qty)
        self.assertEqual(quants[0].expiration_date, ours.lot_id.expiration_date)

    def test_products_valued_in_real_time_go_through_odoo(self):
        """A category valued in real time: its lines are done by Odoo's own path, with
        journal entries, beside the others' in SQL, in the same chunks."""
        warehouse = self.warehouses["CK01"]
        lines = self.env["jxc.legacy.stock.line"].search(
            [("warehouse_id", "=", warehouse.id), ("lot_name", "!=", False)])
        category = lines[0].product_id.categ_id
        accounts = self.env["account.account"].create([
            {"name": "Stock Valuation", "code": "JXC1403", "account_type": "asset_current"},
            {"name": "Stock Input", "code": "JXC1402", "account_type": "asset_current"},
            {"name": "Stock Output", "code": "JXC1405", "account_type": "asset_current"},
        ])
        category.write({
            "property_valuation": "real_time",
            "property_stock_valuation_account_id": accounts[0].id,
            "property_stock_account_input_categ_id": accounts[1].id,
            "property_stock_account_output_categ_id": accounts[2].id,
            "property_stock_journal": self.env["account.journal"].create(
                {"name": "Stock Journal", "code": "JXCST", "type": "general"}).id,
        })
        real_time = lines.filtered(lambda line: line.product_id.categ_id == category)
        result = self._load("CK01")
        self.assertEqual(result["orm_lines"], len(real_time))
        self.assertLess(result["orm_lines"], result["lines"])
        self.assertEqual(result["lines"], self.expected["per_warehouse"]["CK01"]["rows"])
        self.assertAlmostEqual(self._on_hand(warehouse)[0],
                               self.expected["per_warehouse"]["CK01"]["qty"])
        for line in real_time:
            layer = line.move_id.stock_valuation_layer_ids
            self.assertEqual(layer.account_move_id.state, "posted")
            self.assertAlmostEqual(layer.value, line.value, places=2)
        # Lots of both paths: in the warehouse's stock.
        self.assertEqual(lines.lot_id.location_id, warehouse.lot_stock_id)

    def test_load_leaves_no_field_to_the_orm(self):
        """With the suite's modules, the load writes every stored computed field of its
        rows itself: the ORM recomputes nothing (what keeps the load fast)."""
        loader = OpeningStockLoader(self.env, self.warehouses["CK01"])
        for model, specs in SQL_COMPUTED.items():
            self.assertEqual(loader._sql_fields(model), set(specs), model)
        with self.assertNoLogs("odoo.addons.jxc_upgrade.services.opening_stock", "DEBUG"):
            self.assertTrue(loader.load()["lines"])

    def test_a_field_defined_otherwise_is_left_to_the_orm(self):
        """purchase_stock overrides stock.move's _compute_partner_id: a definition that
        names stock alone no longer holds, the ORM computes the field."""
        move = self.env["stock.move"]
        self.assertTrue(_defined_as(move, "partner_id", SQL_COMPUTED["stock.move"][
            "partner_id"]))
        self.assertFalse(_defined_as(move, "partner_id",
                                     ("compute", "_compute_partner_id", {"stock"})))
        self.assertFalse(_defined_as(move, "reference",
                                     ("compute", "_compute_other", {"stock"})))
        self.assertFalse(_defined_as(self.env["stock.quant"], "company_id",
                                     ("related", "lot_id.company_id")))

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
        stock = self.warehouses["CK01"].lot_stock_id
        self.assertEqual(stock.last_inventory_date, fields.Date.today())
        result = OpeningStockLoader(self.env, self.warehouses["CK01"]).rollback()
        self.assertGreater(result["lines"], 0)
        # Counted by nothing else: not counted, as before the load.
        self.assertFalse(stock.last_inventory_date)
        self.assertEqual(self.warehouses["CK02"].lot_stock_id.last_inventory_date,
                         fields.Date.today())
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
