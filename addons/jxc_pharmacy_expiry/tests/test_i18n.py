from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GspExpiryCase


@tagged("post_install", "-at_install")
class TestChineseTranslation(GspExpiryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["jxc_pharmacy_expiry"], ["zh_CN"])

    def test_labels_and_selections_are_translated(self):
        zh = self.env(context={"lang": "zh_CN"})
        fields = zh["stock.lot"].fields_get(["production_date", "gsp_expiry_state"])
        self.assertEqual(fields["production_date"]["string"], "生产日期")
        self.assertIn(("expired", "已过期"), fields["gsp_expiry_state"]["selection"])
        self.assertIn(("near_2", "近效期：二级"), fields["gsp_expiry_state"]["selection"])

    def test_lock_error_is_in_chinese(self):
        expired = self.make_lot("ZH-EXP", -2)
        self.company.gsp_expiry_lock = True
        picking = self.make_delivery()
        self.env = self.env(context=dict(self.env.context, lang="zh_CN"))
        with self.assertRaises(UserError) as error:
            self.select_lot(picking.with_env(self.env), expired)
        self.assertIn("按 GSP 已被锁定", str(error.exception))

    def test_scan_error_is_in_chinese(self):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.suppliers.id,
                "location_dest_id": self.stock.id,
            }
        )
        wizard = self.env["stock.picking.gsp.scan"].with_context(lang="zh_CN").create(
            {"picking_id": picking.id, "barcode": "0106901234567893" + "10A"}
        )
        with self.assertRaisesRegex(UserError, "校验位错误"):
            wizard.action_add()
