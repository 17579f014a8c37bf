# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import os

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import JxcImportCase


@tagged("post_install", "-at_install")
class TestImportMasterData(JxcImportCase):
    def test_presets_are_loaded_as_editable_profiles(self):
        profiles = self.env["jxc.import.profile"].search([])
        self.assertEqual(set(profiles.mapped("code")), {"guanjiapo", "kingdee_kis"})
        gjp = profiles.filtered(lambda p: p.code == "guanjiapo")
        spec = gjp._to_engine_dict()
        self.assertEqual(spec["entities"]["product"]["columns"]["商品编号"], "code")
        self.assertTrue(spec["value_maps"]["bool"]["是"])
        self.assertFalse(spec["value_maps"]["bool"]["否"])
        variant = gjp.copy()
        self.assertNotEqual(variant.code, gjp.code)
        self.assertEqual(variant._to_engine_dict()["entities"], spec["entities"])
        action = gjp.action_export_json()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(json.loads(attachment.raw.decode()), spec)

    def test_dry_run_writes_no_target_record(self):
        before = {m: self.env[m].search_count([]) for m in
                  ("product.template", "res.partner", "stock.warehouse", "uom.uom")}
        batch = self._batch()
        batch.action_stage(paths=[self.gjp])
        batch.action_validate()
        after = {m: self.env[m].search_count([]) for m in before}
        self.assertEqual(before, after)
        self.assertEqual(batch.state, "validated")
        self.assertEqual(batch.plan["product"]["create"], self.expected["products"])
        self.assertEqual(batch.plan["partner"]["create"], self.expected["partners"])
        self.assertEqual(batch.plan["warehouse"]["create"], len(self.expected["warehouses"]))

    def test_apply_imports_exactly_the_expected_master_data(self):
        batch = self._batch()
        batch.action_stage(paths=[self.gjp])
        batch.action_apply()
        products = self._legacy("product.template")
        self.assertEqual(len(products), self.expected["products"])
        self.assertEqual(len(products.filtered(lambda p: p.tracking == "lot")),
                         self.expected["tracked_products"])
        for product in products:
            self.assertEqual(product.name, self.expected["products_by_code"][product.default_code])
            self.assertTrue(product.is_storable)
        tracked = products.filtered(lambda p: p.tracking == "lot")[:1]
        self.assertTrue(tracked.use_expiration_date)
        self.assertGreater(tracked.expiration_time, 0)
        # 箱 is a unit of its own per ratio, in the Units category, so Odoo converts.
        self.assertEqual(tracked.uom_id.category_id, self.env.ref("uom.product_uom_categ_unit"))
        self.assertTrue(tracked.uom_po_id.name.startswith("箱("))
        self.assertAlmostEqual(
            tracked.uom_po_id._compute_quantity(1, tracked.uom_id),
            next(p["ratio"] for p in self.data["products"] if p["code"] == tracked.default_code),
        )
        partners = self._legacy("res.partner")
        self.assertEqual(len(partners), self.expected["partners"])
        self.assertEqual(
            partners.filtered("jxc_vat_invalid").mapped("jxc_legacy_code"),
            self.expected["partners_bad_vat"],
        )
        warehouses = self._legacy("stock.warehouse")
        self.assertEqual(sorted(warehouses.mapped("jxc_legacy_code")), self.expected["warehouses"])
        rejects = {
            (i.entity, i.key, i.code) for i in batch.issue_ids if i.severity == "reject"
        }
        self.assertEqual(
            rejects, {(r["entity"], r["key"], r["reason"]) for r in self.expected["rejects"]}
        )
        for issue in batch.issue_ids.filtered(lambda i: i.severity == "reject"):
            self.assertIn(issue.file_name, issue.message_zh)
            self.assertIn(issue.file_name, issue.message_en)
            self.assertIn(str(issue.row_number), issue.message_en)
            self.assertTrue(issue.column)
        self.assertEqual(batch.state, "done")
        self.assertGreater(batch.done_count, 0)

    def test_second_run_changes_nothing(self):
        first = self._batch()
        first.action_stage(paths=[self.gjp])
        first.action_apply()
        counts = {m: self.env[m].with_context(active_test=False).search_count([])
                  for m in ("product.template", "product.product", "res.partner",
                            "stock.warehouse", "uom.uom", "product.category")}
        second = self._batch()
        second.action_stage(paths=[self.gjp])
        result = second.action_apply()
        self.assertEqual(result["product"], {"created": 0, "updated": 0,
                                             "unchanged": self.expected["products"]})
        self.assertEqual(result["partner"]["created"] + result["partner"]["updated"], 0)
        self.assertEqual(result["warehouse"]["created"], 0)
        self.assertEqual(counts, {m: self.env[m].with_context(active_test=False).search_count([])
                                  for m in counts})

    def test_interrupted_run_resumes_without_duplicates(self):
        # A run that stopped after the partners (here: a batch of the partner file
        # alone) is finished by running the whole set again.
        partial = self._batch()
        partial.action_stage(paths=[os.path.join(self.gjp, "往来单位.xls")])
        partial.action_apply()
        self.assertEqual(len(self._legacy("res.partner")), self.expected["partners"])
        full = self._batch()
        full.action_stage(paths=[self.gjp])
        result = full.action_apply()
        self.assertEqual(result["partner"]["created"], 0)
        self.assertEqual(len(self._legacy("res.partner")), self.expected["partners"])
        self.assertEqual(len(self._legacy("product.template")), self.expected["products"])

    def test_both_presets_end_at_the_same_master_data(self):
        kis = self._batch("kingdee_kis")
        kis.action_stage(paths=[self.kis])
        kis.action_apply()
        self.assertFalse(kis.issue_ids.filtered(lambda i: i.severity == "reject"))
        self.assertEqual(len(self._legacy("product.template")), self.expected["products"])
        self.assertEqual(len(self._legacy("res.partner")), self.expected["partners"])
        self.assertEqual(sorted(self._legacy("stock.warehouse").mapped("jxc_legacy_code")),
                         self.expected["warehouses"])
        self.assertEqual(self._legacy("res.partner").filtered("jxc_vat_invalid").mapped(
            "jxc_legacy_code"), self.expected["partners_bad_vat"])

    def test_broken_file_fails_clearly_and_imports_nothing(self):
        broken = os.path.join(self.folder, "broken")
        os.makedirs(broken, exist_ok=True)
        with open(os.path.join(self.gjp, "商品信息.xls"), "rb") as handle:
            head = handle.read(3000)
        with open(os.path.join(broken, "商品信息.xls"), "wb") as handle:
            handle.write(head)
        batch = self._batch()
        with self.assertRaises(UserError) as caught:
            batch.action_stage(paths=[broken])
        self.assertIn("商品信息.xls", str(caught.exception))
        self.assertFalse(self._legacy("product.template"))
        self.assertFalse(batch.row_ids)

    def test_error_report_is_an_xlsx_of_the_issues(self):
        batch = self._batch()
        batch.action_stage(paths=[self.gjp])
        batch.action_validate()
        action = batch.action_download_error_report()
        self.assertIn("/web/content/", action["url"])
        self.assertTrue(batch.error_report_id.raw.startswith(b"PK"))

    def test_only_managers_import(self):
        batch = self._batch()
        with self.assertRaises(UserError):
            batch.with_user(self.viewer).action_apply()
        with self.assertRaises(AccessError):
            self.env["jxc.import.batch"].with_user(self.viewer).create(
                {"profile_id": batch.profile_id.id}
            )


@tagged("post_install", "-at_install")
class TestImportFromSoap(JxcImportCase):
    def test_soap_service_imports_the_same_master_data(self):
        from ..engine.soap_server import serve_sample

        server = serve_sample(self.gjp, "127.0.0.1", 0)
        try:
            run = self.env["jxc.import.run"].with_user(self.manager).create({
                "profile_id": self.env["jxc.import.profile"].search(
                    [("code", "=", "guanjiapo")]).id,
                "source": "soap",
                "soap_url": server.wsdl_url,
                "as_of": self.data["as_of"],
                "dry_run": False,
            })
            action = run.action_run()
        finally:
            server.stop()
        batch = self.env["jxc.import.batch"].browse(action["res_id"])
        self.assertEqual(batch.state, "done")
        self.assertEqual(len(self._legacy("product.template")), self.expected["products"])
        self.assertEqual(len(self._legacy("res.partner")), self.expected["partners"])
        self.assertEqual(sorted(self._legacy("stock.warehouse").mapped("jxc_legacy_code")),
                         self.expected["warehouses"])
        self.assertTrue(all(row.file_name.startswith("soap:") for row in batch.row_ids[:5]))

    def test_unreachable_soap_service_fails_clearly(self):
        batch = self._batch()
        batch.write({"source": "soap", "soap_url": "http://127.0.0.1:9/?wsdl"})
        with self.assertRaises(UserError) as caught:
            batch.action_stage()
        self.assertIn("soap", str(caught.exception).lower())
        self.assertFalse(batch.row_ids)
        self.assertFalse(self._legacy("product.template"))


@tagged("post_install", "-at_install")
class TestDefaultCache(JxcImportCase):
    def test_defaults_are_memoised_only_inside_a_load(self):
        from ..services import default_cache

        Template = self.env["product.template"]
        plain = Template.default_get(["uom_id", "categ_id", "type"])
        with default_cache.defaults_cached(self.env) as env:
            cached = env["product.template"].default_get(["uom_id", "categ_id", "type"])
            self.assertEqual(cached, plain)
            self.assertEqual(len(default_cache._CACHES), 1)
            # A changed default inside the load is not seen: the load is one unit.
            self.env["ir.default"].set("product.template", "type", "service")
            self.assertEqual(
                env["product.template"].default_get(["uom_id", "categ_id", "type"])["type"],
                plain["type"])
        self.assertFalse(default_cache._CACHES)
        self.assertEqual(Template.default_get(["type"])["type"], "service")
