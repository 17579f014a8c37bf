import datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GspExpiryCase

GS = "\x1d"


@tagged("post_install", "-at_install")
class TestScanWizard(GspExpiryCase):
    def _receipt(self):
        return self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.suppliers.id,
                "location_dest_id": self.stock.id,
                "partner_id": self.vendor.id,
            }
        )

    def _wizard(self, picking, **vals):
        return self.env["stock.picking.gsp.scan"].create(dict({"picking_id": picking.id}, **vals))

    def test_gs1_scan_fills_product_lot_and_dates(self):
        picking = self._receipt()
        wizard = self._wizard(picking)
        wizard.barcode = "]d201069012345678921128050517280400" + "10B2405" + GS + "3012"
        wizard._onchange_barcode()
        self.assertEqual(wizard.product_id, self.product)
        self.assertEqual(wizard.lot_name, "B2405")
        self.assertEqual(wizard.production_date, datetime.date(2028, 5, 5))
        self.assertEqual(wizard.expiration_date, datetime.date(2028, 4, 30))
        self.assertEqual(wizard.quantity, 12)
        action = wizard.action_add()
        self.assertEqual(action["res_model"], "stock.picking.gsp.scan")
        line = picking.move_line_ids
        self.assertEqual(line.lot_name, "B2405")
        self.assertEqual(line.quantity, 12)
        self.assertEqual(line.expiration_date.date(), datetime.date(2028, 4, 30))
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(line.lot_id.production_date, datetime.date(2028, 5, 5))

    def test_trace_code_finds_the_product(self):
        wizard = self._wizard(self._receipt(), barcode="81234560012345678901")
        wizard._onchange_barcode()
        self.assertEqual(wizard.product_id, self.product)
        self.assertEqual(wizard.trace_code, "81234560012345678901")

    def test_malformed_codes_get_a_clear_error(self):
        picking = self._receipt()
        wizard = self._wizard(picking, barcode="0106901234567893" + "10A")
        result = wizard._onchange_barcode()
        self.assertIn("wrong check digit", result["warning"]["message"])
        self.assertFalse(wizard.barcode)
        with self.assertRaisesRegex(UserError, "Cannot read the scan"):
            self._wizard(picking, barcode="0106901234567892179").action_add()
        with self.assertRaisesRegex(UserError, "No product"):
            self._wizard(picking, barcode="0104006381333931").action_add()

    def test_scan_adds_to_an_existing_move(self):
        picking = self._receipt()
        picking.move_ids = [
            Command.create(
                {
                    "name": "x",
                    "product_id": self.product.id,
                    "product_uom": self.product.uom_id.id,
                    "product_uom_qty": 20,
                    "location_id": self.suppliers.id,
                    "location_dest_id": self.stock.id,
                }
            )
        ]
        picking.action_confirm()
        self._wizard(picking, barcode="(01)06901234567892(17)290100(10)A1(30)5").action_add()
        self._wizard(picking, barcode="(01)06901234567892(17)290200(10)A2(30)15").action_add()
        self.assertEqual(len(picking.move_ids), 1)
        self.assertEqual(sorted(picking.move_line_ids.mapped("lot_name")), ["A1", "A2"])
        self.assertEqual(picking.move_ids.quantity, 20)
