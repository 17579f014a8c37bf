from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMigrationGroups(TransactionCase):
    def test_manager_implies_user_and_stock_user(self):
        manager = self.env.ref("jxc_upgrade.group_jxc_migration_manager")
        user_group = self.env.ref("jxc_upgrade.group_jxc_migration_user")
        self.assertIn(user_group, manager.implied_ids)
        self.assertIn(self.env.ref("stock.group_stock_user"), user_group.implied_ids)

    def test_plain_stock_user_does_not_see_migration_menu(self):
        menu = self.env.ref("jxc_upgrade.menu_jxc_migration_root")
        stock_user = self.env["res.users"].create(
            {
                "name": "Stock clerk",
                "login": "jxc_stock_clerk",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        visible = self.env["ir.ui.menu"].with_user(stock_user)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        self.assertEqual(menu.groups_id, self.env.ref("jxc_upgrade.group_jxc_migration_user"))
