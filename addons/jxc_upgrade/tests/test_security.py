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

    def test_stock_manager_outside_the_migration_opens_a_warehouse(self):
        """Odoo's warehouse form stays usable by an inventory administrator who is not in
        the migration groups (sale_stock's own tests edit warehouses through it)."""
        from odoo.tests import Form

        admin = self.env["res.users"].create({
            "name": "Inventory administrator",
            "login": "jxc_stock_admin",
            # Multi-step routes show the form's notebook, where the rollout history is.
            "groups_id": [(6, 0, [self.env.ref("stock.group_stock_manager").id,
                                  self.env.ref("stock.group_adv_location").id])],
        })
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1).with_user(admin)
        with Form(warehouse) as form:
            form.name = "Renamed by the inventory administrator"
        self.assertEqual(warehouse.sudo().name, "Renamed by the inventory administrator")
        # The wave and batch are shown to the migration groups only.
        def form_arch(user):
            return self.env["stock.warehouse"].with_user(user).get_views(
                [(False, "form")])["views"]["form"]["arch"]

        self.assertNotIn("jxc_wave_id", form_arch(admin))
        self.assertNotIn("jxc_rollout_event_ids", form_arch(admin))
        self.assertIn("jxc_wave_id", form_arch(self.env.ref("base.user_admin")))
