import datetime

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class GspExpiryCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # Every test starts from the safe defaults (off), whatever the database says.
        cls.company.write(
            {"gsp_expiry_lock": False, "gsp_receipt_control": False, "gsp_auto_quarantine": False}
        )
        cls.today = fields.Date.today()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.quarantine = cls.warehouse.gsp_quarantine_location_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.suppliers = cls.env.ref("stock.stock_location_suppliers")
        cls.category = cls.env["product.category"].create({"name": "Test Drugs"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Amoxicillin 0.25g",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "expiration_time": 720,
                "categ_id": cls.category.id,
                "barcode": "6901234567892",
                "gsp_drug_code": "8123456",
                "standard_price": 10.0,
            }
        )
        cls.user = new_test_user(
            cls.env,
            login="gsp_stock_user",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
        )
        cls.quality = new_test_user(
            cls.env,
            login="gsp_quality",
            groups="stock.group_stock_user,jxc_pharmacy_expiry.group_gsp_quality_manager,"
            "sales_team.group_sale_salesman",
        )
        cls.partner = cls.env["res.partner"].create({"name": "Customer Pharmacy"})
        cls.vendor = cls.env["res.partner"].create({"name": "Drug Maker Ltd"})
        # Company thresholds: 180 / 90 / 30 days, as the post-init hook creates them.
        cls.company._gsp_ensure_default_thresholds()

    # -- helpers ------------------------------------------------------------------------
    @classmethod
    def days(cls, n):
        """A datetime ``n`` days from today (noon, UTC)."""
        return datetime.datetime.combine(cls.today, datetime.time(12)) + datetime.timedelta(
            days=n
        )

    @classmethod
    def make_lot(cls, name, expiry_in_days, product=None, quantity=10.0, location=None, **vals):
        product = product or cls.product
        lot = cls.env["stock.lot"].create(
            dict(
                {
                    "name": name,
                    "product_id": product.id,
                    "company_id": cls.company.id,
                    "expiration_date": cls.days(expiry_in_days)
                    if expiry_in_days is not None
                    else False,
                },
                **vals,
            )
        )
        if quantity:
            cls.env["stock.quant"]._update_available_quantity(
                product, location or cls.stock, quantity, lot_id=lot
            )
        return lot

    def set_lock(self, on=True):
        self.company.gsp_expiry_lock = on

    def make_delivery(self, quantity=5.0, product=None, user=None, dest=None, picking_type=None):
        product = product or self.product
        env = self.env(user=user) if user else self.env
        picking_type = picking_type or self.warehouse.out_type_id
        dest = dest or self.customers
        picking = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": self.stock.id,
                "location_dest_id": dest.id,
                "partner_id": self.partner.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": self.stock.id,
                            "location_dest_id": dest.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def make_receipt(self, lot_name, expiry, quantity=10.0, production_date=None):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.suppliers.id,
                "location_dest_id": self.stock.id,
                "partner_id": self.vendor.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.product.name,
                            "product_id": self.product.id,
                            "product_uom": self.product.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": self.suppliers.id,
                            "location_dest_id": self.stock.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": picking.move_ids.id,
                "picking_id": picking.id,
                "product_id": self.product.id,
                "product_uom_id": self.product.uom_id.id,
                "location_id": self.suppliers.id,
                "location_dest_id": self.stock.id,
                "lot_name": lot_name,
                "quantity": quantity,
                "expiration_date": expiry,
                "gsp_production_date": production_date,
            }
        )
        return picking

    def select_lot(self, picking, lot, quantity=None):
        """What a user does by hand in the detailed operations: pick ``lot``."""
        move = picking.move_ids
        move.move_line_ids.unlink()
        return self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": move.product_id.id,
                "product_uom_id": move.product_uom.id,
                "location_id": self.stock.id,
                "location_dest_id": move.location_dest_id.id,
                "lot_id": lot.id,
                "quantity": quantity or move.product_uom_qty,
            }
        )
