from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReconcileMenus(TransactionCase):
    def test_reconciliation_menu_under_migration(self):
        menu = self.env.ref("jxc_reconcile.menu_jxc_reconcile_root")
        self.assertEqual(menu.parent_id, self.env.ref("jxc_upgrade.menu_jxc_migration_root"))
