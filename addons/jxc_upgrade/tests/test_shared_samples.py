# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The project's reference samples (shared/legacy-samples beside the repository) end at
exactly the figures of their expected.json."""

import json
import os
import unittest

from odoo.tests import TransactionCase, tagged

from .common import SHARED_SAMPLES


@tagged("post_install", "-at_install")
@unittest.skipUnless(os.path.isdir(SHARED_SAMPLES), "shared/legacy-samples is not beside the repo")
class TestSharedSamples(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(os.path.join(SHARED_SAMPLES, "expected.json"), encoding="utf-8") as handle:
            cls.expected = json.load(handle)

    def _import(self, profile):
        batch = self.env["jxc.import.batch"].create({
            "profile_id": self.env["jxc.import.profile"].search([("code", "=", profile)]).id,
            "as_of": self.expected["as_of"],
        })
        batch.action_stage(paths=[os.path.join(SHARED_SAMPLES, profile)])
        batch.action_apply()
        return batch

    def _check_master(self, batch):
        codes = [p["code"] for p in self.expected["product_list"]]
        products = self.env["product.template"].with_context(active_test=False).search(
            [("jxc_legacy_code", "in", codes)])
        self.assertEqual(len(products), self.expected["products"])
        self.assertEqual(len(products.filtered(lambda p: p.tracking == "lot")),
                         self.expected["tracked_products"])
        names = {p["code"]: p["name"] for p in self.expected["product_list"]}
        self.assertEqual({p.default_code: p.name for p in products}, names)
        partners = self.env["res.partner"].search(
            [("jxc_legacy_code", "in", [p["code"] for p in self.expected["partner_list"]])])
        self.assertEqual(len(partners), self.expected["partners"])
        self.assertEqual(partners.filtered("jxc_vat_invalid").mapped("jxc_legacy_code"),
                         self.expected["partners_bad_vat"])
        self.assertEqual(sorted(self.env["stock.warehouse"].search(
            [("jxc_legacy_code", "in", self.expected["warehouses"])]).mapped(
            "jxc_legacy_code")), self.expected["warehouses"])

    def test_guanjiapo(self):
        batch = self._import("guanjiapo")
        self._check_master(batch)
        rejects = {(i.entity, i.key, i.code) for i in batch.issue_ids if i.severity == "reject"}
        self.assertEqual(rejects, {(r["entity"], r["key"], r["reason"])
                                   for r in self.expected["rejects"]})
        again = self._import("guanjiapo")
        self.assertEqual(again.result["product"]["created"], 0)
        self.assertEqual(again.result["product"]["updated"], 0)

    def test_kingdee_kis(self):
        batch = self._import("kingdee_kis")
        self._check_master(batch)
        self.assertFalse(batch.issue_ids.filtered(lambda i: i.severity == "reject"))

    def _check_opening_stock(self, profile):
        from decimal import Decimal

        from ..services.opening_stock import OpeningStockLoader

        self._import(profile)
        warehouses = self.env["stock.warehouse"].search(
            [("jxc_legacy_code", "in", self.expected["warehouses"])])
        for warehouse in warehouses:
            OpeningStockLoader(self.env, warehouse).load()
        for warehouse in warehouses:
            figures = self.expected["per_warehouse"][warehouse.jxc_legacy_code]
            quants = self.env["stock.quant"].search(
                [("location_id", "child_of", warehouse.view_location_id.id)])
            self.assertAlmostEqual(sum(quants.mapped("quantity")), float(figures["qty"]),
                                   msg=warehouse.jxc_legacy_code)
            layers = self.env["stock.valuation.layer"].search(
                [("stock_move_id.location_dest_id", "child_of", warehouse.view_location_id.id)])
            self.assertEqual(Decimal(str(round(sum(layers.mapped("value")), 2))),
                             Decimal(figures["value"]), warehouse.jxc_legacy_code)
        codes = [p["code"] for p in self.expected["product_list"]]
        lots = self.env["stock.lot"].search([("product_id.default_code", "in", codes)])
        self.assertEqual(len(lots), self.expected["lots"])
        self.assertEqual(
            {"%s/%s" % (lot.product_id.default_code, lot.name):
             lot.expiration_date.date().isoformat() for lot in lots},
            self.expected["lot_expiry"],
        )
        per_product = {p.default_code: p.qty_available for p in self.env[
            "product.product"].search([("default_code", "in", codes)])}
        for code, qty in self.expected["per_product_qty"].items():
            self.assertAlmostEqual(per_product[code], float(qty), msg=code)

    def test_guanjiapo_opening_stock(self):
        self._check_opening_stock("guanjiapo")

    def test_kingdee_kis_opening_stock(self):
        self._check_opening_stock("kingdee_kis")
