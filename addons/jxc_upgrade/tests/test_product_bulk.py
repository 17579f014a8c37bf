# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..services.default_cache import defaults_cached
from ..services.master_data import LOAD_CONTEXT
from ..services.product_bulk import ProductBulkCreator

# Columns that differ between any two products by construction.
IDENTITY = {"id", "create_date", "write_date", "product_tmpl_id"}
@tagged("post_install", "-at_install")
class TestProductBulk(TransactionCase):
    """What the set-based path writes is what Odoo's ``create`` writes from the same
    values: every column of both tables, the tax relations, no attachment, no
    follower, no message."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["res.lang"]._activate_lang("zh_CN")
        Tax = cls.env["account.tax"]
        company.account_sale_tax_id = Tax.create({"name": "JXC 13%", "amount": 13,
                                                  "type_tax_use": "sale"})
        company.account_purchase_tax_id = Tax.create({"name": "JXC 13% in", "amount": 13,
                                                      "type_tax_use": "purchase"})
        # account's create gives a product of no company every company's default taxes.
        cls.other = cls.env["res.company"].create({"name": "JXC other company",
                                                   "country_id": cls.env.ref("base.cn").id})
        group = cls.env["account.tax.group"].create({"name": "VAT",
                                                     "company_id": cls.other.id})
        cls.other.account_sale_tax_id = Tax.with_company(cls.other).create(
            {"name": "Other 6%", "amount": 6, "type_tax_use": "sale",
             "company_id": cls.other.id, "tax_group_id": group.id})
        cls.box = cls.env["uom.uom"].create({
            "name": "JXC box of 10", "category_id": cls.env.ref("uom.product_uom_categ_unit").id,
            "uom_type": "bigger", "factor_inv": 10})
        cls.categ = cls.env["product.category"].create({"name": "JXC bulk"})
        cls.env = cls.env(context=dict(LOAD_CONTEXT, lang="zh_CN",
                                       allowed_company_ids=[company.id]))

    def _vals(self, prefix):
        unit = self.env.ref("uom.product_uom_unit").id
        return [
            {"name": "阿莫西林胶囊 0.25g", "default_code": prefix + "1",
             "barcode": prefix + "6901", "categ_id": self.categ.id, "standard_price": 12.345,
             "list_price": 19.9, "type": "consu", "is_storable": True, "tracking": "lot",
             "use_expiration_date": True, "expiration_time": 730, "uom_id": unit,
             "uom_po_id": self.box.id, "active": True, "jxc_legacy_code": prefix + "1",
             "jxc_spec": "0.25g*24粒", "jxc_legacy_hash": "h1"},
            {"name": "停用商品", "default_code": prefix + "2", "barcode": False,
             "categ_id": self.categ.id, "standard_price": 0.0, "list_price": 0.0,
             "type": "consu", "is_storable": True, "tracking": "none",
             "use_expiration_date": False, "expiration_time": 0, "uom_id": unit,
             "uom_po_id": unit, "active": False, "jxc_legacy_code": prefix + "2",
             "jxc_legacy_hash": "h2"},
            {"name": "服务费", "default_code": prefix + "3", "type": "service",
             "categ_id": self.categ.id, "list_price": 5.0, "weight": 1.5, "volume": 0.2,
             "jxc_legacy_code": prefix + "3"},
        ]

    def _rows(self, table, ids, order="id"):
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM %s WHERE id = ANY(%%s) ORDER BY %s" % (table, order),
                            [list(ids)])
        return self.env.cr.dictfetchall()

    @staticmethod
    def _normalised(row, prefix):
        return {k: (v.replace(prefix, "<p>") if isinstance(v, str) else v)
                for k, v in row.items() if k not in IDENTITY}

    def _shape(self, templates, prefix):
        variants = templates.with_context(active_test=False).product_variant_ids
        self.assertEqual(len(variants), len(templates))
        shape = {
            "product_template": [self._normalised(r, prefix)
                                 for r in self._rows("product_template", templates.ids)],
            "product_product": [self._normalised(r, prefix)
                                for r in self._rows("product_product", variants.ids,
                                                    "product_tmpl_id")],
        }
        relational = [name for name, field in templates._fields.items()
                      if field.type == "many2many" and field.store]
        shape["many2many"] = [{name: sorted(t[name].ids) for name in relational}
                              for t in templates]
        for model, records in (("product.template", templates),
                               ("product.product", variants)):
            domain = [("res_model", "=", model), ("res_id", "in", records.ids)]
            shape[model] = (
                self.env["ir.attachment"].sudo().search_count(domain + [("res_field", "!=", False)])
                + self.env["ir.attachment"].sudo().search_count(domain),
                self.env["mail.followers"].search_count(domain),
                self.env["mail.message"].search_count([("model", "=", model),
                                                       ("res_id", "in", records.ids)]),
            )
        return shape

    def test_rows_are_what_odoo_create_makes(self):
        with defaults_cached(self.env) as env:
            native = env["product.template"].create(self._vals("NAT"))
            creator = ProductBulkCreator(env)
            vals = self._vals("BLK")
            self.assertTrue(all(creator.supports(v) for v in vals))
            ours = creator.create_products(vals)
        self.assertEqual(self._shape(ours, "BLK"), self._shape(native, "NAT"))
        # Not vacuous: the taxes of both companies, the translation, the variant values.
        first = ours[0].with_context(lang="en_US")
        self.assertEqual(len(first.taxes_id), 2)
        self.assertEqual(first.name, "阿莫西林胶囊 0.25g")
        self.assertEqual(first.product_variant_id.barcode, "BLK6901")
        self.assertAlmostEqual(first.product_variant_id.standard_price, 12.35)
        self.assertEqual(ours[2].product_variant_id.weight, 1.5)
        self.assertFalse(ours[1].active or ours[1].product_variant_id.active)
        self.assertEqual(ours[0].product_variant_id,
                         self.env["product.product"].search([("default_code", "=", "BLK1")]))

    def test_constraints_are_checked(self):
        vals = self._vals("BAD")[:1]
        vals[0]["uom_po_id"] = self.env.ref("uom.product_uom_kgm").id
        with self.assertRaises(ValidationError):
            ProductBulkCreator(self.env).create_products(vals)

    def test_what_it_cannot_build_goes_through_create(self):
        from ..services.master_data import MasterDataLoader

        vals = self._vals("IMG")[:1]
        from PIL import Image

        png = io.BytesIO()
        Image.new("RGB", (4, 4), "red").save(png, "PNG")
        vals[0]["image_1920"] = base64.b64encode(png.getvalue())
        self.assertFalse(ProductBulkCreator(self.env).supports(vals[0]))
        loader = MasterDataLoader(self.env, self.env.company)
        template = loader._create_products(vals)
        self.assertTrue(template.image_128)
        self.assertEqual(template.product_variant_id.barcode, "IMG6901")
