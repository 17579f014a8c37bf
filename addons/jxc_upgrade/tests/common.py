# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import shutil
import tempfile

from odoo.tests import TransactionCase

from ..engine import samples

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))))
SHARED_SAMPLES = os.path.join(os.path.dirname(REPO), "shared", "legacy-samples")


class JxcImportCase(TransactionCase):
    """Generates a small dirty 管家婆 set and the clean 金蝶KIS set of the same data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.mkdtemp(prefix="jxc-test-")
        cls.addClassCleanup(shutil.rmtree, cls.folder, True)
        cls.data = samples.build(products=30, partners=6, warehouses=2, lots_per_product=2,
                                 seed=11)
        cls.expected = samples.expected(cls.data)
        cls.gjp = samples.write_guanjiapo(cls.data, os.path.join(cls.folder, "guanjiapo"))
        clean = dict(cls.data, dirty=False)
        cls.kis = samples.write_kingdee(clean, os.path.join(cls.folder, "kingdee"))
        cls.manager = cls.env["res.users"].create(
            {
                "name": "Migration manager",
                "login": "jxc_manager",
                "groups_id": [(6, 0, [cls.env.ref("jxc_upgrade.group_jxc_migration_manager").id])],
            }
        )
        cls.viewer = cls.env["res.users"].create(
            {
                "name": "Migration user",
                "login": "jxc_viewer",
                "groups_id": [(6, 0, [cls.env.ref("jxc_upgrade.group_jxc_migration_user").id])],
            }
        )

    @classmethod
    def _batch(cls, profile="guanjiapo", user=None):
        env = cls.env(user=user or cls.manager)
        return env["jxc.import.batch"].create(
            {
                "profile_id": env["jxc.import.profile"].search([("code", "=", profile)]).id,
                "as_of": cls.data["as_of"],
            }
        )

    def _legacy(self, model):
        """The records this test's data tied to legacy codes (a database used for
        pytest-odoo loops may hold others)."""
        codes = {
            "product.template": [p["code"] for p in self.data["products"]],
            "res.partner": [p["code"] for p in self.data["partners"]],
            "stock.warehouse": [w for w, _name in self.data["warehouses"]],
        }[model]
        return self.env[model].with_context(active_test=False).search(
            [("jxc_legacy_code", "in", codes)]
        )
