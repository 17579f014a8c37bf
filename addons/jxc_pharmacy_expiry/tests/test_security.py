from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestGspGroups(TransactionCase):
    def test_quality_manager_is_a_separate_role(self):
        quality = self.env.ref("jxc_pharmacy_expiry.group_gsp_quality_manager")
        self.assertIn(self.env.ref("stock.group_stock_user"), quality.implied_ids)
        # Stock managers do not become quality managers by inheritance: overriding an
        # expiry lock is a GSP role of its own.
        stock_manager = self.env.ref("stock.group_stock_manager")
        self.assertNotIn(quality, stock_manager.implied_ids)
        self.assertNotIn(quality, self.env.ref("base.group_system").implied_ids)
