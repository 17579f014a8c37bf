# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Acceptance on the project's reference samples: imported and loaded by jxc_upgrade,
every expired lot is locked and the near-expiry levels follow the dates."""

import datetime
import json
import os
import unittest

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

SHARED_SAMPLES = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))))), "shared", "legacy-samples")


def expected_state(expiry, today):
    remaining = (expiry - today).days
    if remaining <= 0:
        return "expired"
    for state, days in (("near_3", 30), ("near_2", 90), ("near_1", 180)):
        if remaining <= days:
            return state
    return "normal"


@tagged("post_install", "-at_install")
@unittest.skipUnless(os.path.isdir(SHARED_SAMPLES), "shared/legacy-samples is not beside the repo")
class TestSharedSamplesExpiry(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "jxc.import.batch" not in cls.env:
            raise unittest.SkipTest("jxc_upgrade is not installed")
        from odoo.addons.jxc_upgrade.services.opening_stock import OpeningStockLoader

        with open(os.path.join(SHARED_SAMPLES, "expected.json"), encoding="utf-8") as handle:
            cls.expected = json.load(handle)
        batch = cls.env["jxc.import.batch"].create({
            "profile_id": cls.env["jxc.import.profile"].search([("code", "=", "guanjiapo")]).id,
            "as_of": cls.expected["as_of"],
        })
        batch.action_stage(paths=[os.path.join(SHARED_SAMPLES, "guanjiapo")])
        batch.action_apply()
        cls.warehouses = cls.env["stock.warehouse"].search(
            [("jxc_legacy_code", "in", cls.expected["warehouses"])])
        for warehouse in cls.warehouses:
            OpeningStockLoader(cls.env, warehouse).load()
        cls.today = fields.Date.today()
        cls.env["stock.lot"]._gsp_scan_expiry(today=cls.today)
        codes = [p["code"] for p in cls.expected["product_list"]]
        cls.lots = cls.env["stock.lot"].search([("product_id.default_code", "in", codes)])

    def test_levels_follow_the_dates(self):
        self.assertEqual(len(self.lots), self.expected["lots"])
        for lot in self.lots:
            expiry = datetime.date.fromisoformat(
                self.expected["lot_expiry"]["%s/%s" % (lot.product_id.default_code, lot.name)])
            self.assertEqual(lot.gsp_expiry_state, expected_state(expiry, self.today),
                             "%s/%s %s" % (lot.product_id.default_code, lot.name, expiry))
        expired = self.lots.filtered(lambda lot: lot.gsp_expiry_state == "expired")
        # Every lot the legacy export had already expired at cut-over is expired now too.
        self.assertLessEqual(
            set(self.expected["expired_lots"]),
            {"%s/%s" % (lot.product_id.default_code, lot.name) for lot in expired})

    def test_expired_lots_are_locked(self):
        expired = self.lots.filtered(lambda lot: lot.gsp_expiry_state == "expired")
        self.assertTrue(expired)
        self.assertTrue(all(lot._gsp_is_expired() for lot in expired))
        # A product whose only stock in a warehouse is expired: nothing to reserve.
        self.env.cr.execute(
            "SELECT q.product_id, w.id FROM stock_quant q JOIN stock_location l"
            " ON l.id = q.location_id JOIN stock_warehouse w ON w.lot_stock_id = l.id"
            " WHERE q.lot_id = ANY(%s) AND q.quantity > 0 AND w.id = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM stock_quant o WHERE o.location_id = q.location_id"
            " AND o.product_id = q.product_id AND o.quantity > 0"
            " AND NOT (o.lot_id = ANY(%s))) LIMIT 1",
            [expired.ids, self.warehouses.ids, expired.ids])
        product_id, warehouse_id = self.env.cr.fetchone()
        product = self.env["product.product"].browse(product_id)
        warehouse = self.env["stock.warehouse"].browse(warehouse_id)

        def delivery():
            picking = self.env["stock.picking"].create({
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [Command.create({
                    "name": product.name, "product_id": product.id,
                    "product_uom": product.uom_id.id, "product_uom_qty": 1,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                })],
            })
            picking.action_confirm()
            picking.action_assign()
            return picking

        self.env.company.gsp_expiry_lock = True
        self.assertEqual(delivery().move_ids.quantity, 0, "lock on: expired stock is locked")
