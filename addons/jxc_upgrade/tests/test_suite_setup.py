# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuiteSetup(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.jxc_rollout_lock = False
        cls.gsp = "gsp_expiry_lock" in cls.env["res.company"]._fields
        if cls.gsp:
            cls.company.write({"gsp_expiry_lock": False, "gsp_receipt_control": False})

    def _wizard(self, **values):
        return self.env["jxc.suite.setup"].create(values)

    def test_recommended_settings_are_switched_on(self):
        wizard = self._wizard()
        lines = {line.name: line for line in wizard.line_ids}
        self.assertIn("jxc_rollout_lock", lines)
        self.assertEqual(bool(self.gsp), "gsp_expiry_lock" in lines)
        rollout = lines["jxc_rollout_lock"]
        self.assertEqual((rollout.current, rollout.recommended, rollout.apply),
                         (False, True, True))
        self.assertTrue(rollout.label)
        wizard.action_apply()
        self.assertTrue(self.company.jxc_rollout_lock)
        if self.gsp:
            self.assertTrue(self.company.gsp_expiry_lock and self.company.gsp_receipt_control)
        # Run again: everything is as recommended, nothing left to apply.
        self.assertFalse(self._wizard().line_ids.filtered("apply"))

    def test_a_setting_left_out_stays_as_it_was(self):
        wizard = self._wizard()
        wizard.line_ids.filtered(lambda line: line.name == "jxc_rollout_lock").apply = False
        wizard.action_apply()
        self.assertFalse(self.company.jxc_rollout_lock)

    def test_standard_mode_switches_everything_off(self):
        self._wizard().action_apply()
        self.assertTrue(self.company.jxc_rollout_lock)
        wizard = self._wizard(mode="standard")
        self.assertTrue(all(wizard.line_ids.mapped("apply")))
        wizard.action_apply()
        self.assertFalse(self.company.jxc_rollout_lock)
        if self.gsp:
            self.assertFalse(self.company.gsp_expiry_lock or self.company.gsp_receipt_control)

    def test_only_settings_administrators_set_up(self):
        manager = self.env["res.users"].create({
            "name": "Migration manager", "login": "jxc_setup_manager",
            "groups_id": [(6, 0, [self.env.ref("jxc_upgrade.group_jxc_migration_manager").id,
                                  self.env.ref("stock.group_stock_manager").id])],
        })
        with self.assertRaises(AccessError):
            self.env["jxc.suite.setup"].with_user(manager).create({})
        self.assertFalse(self.company.jxc_rollout_lock)
