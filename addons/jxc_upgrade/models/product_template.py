# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..services.default_cache import cached_default_get


class ProductTemplate(models.Model):
    _inherit = "product.template"

    jxc_legacy_code = fields.Char(
        string="Legacy Code",
        copy=False,
        index="btree_not_null",
        help="The product's code in the legacy 进销存 system; re-imports match on it.",
    )
    jxc_legacy_hash = fields.Char(copy=False, groups="base.group_system")
    jxc_spec = fields.Char(string="Specification", help="规格, e.g. 0.25g*24粒.")
    jxc_short_name = fields.Char(string="Short Name", help="简名 / 助记码 of the legacy system.")

    _sql_constraints = [
        ("jxc_legacy_code_unique", "unique(jxc_legacy_code)",
         "Another product already carries this legacy code."),
    ]

    @api.model
    def default_get(self, fields_list):
        return cached_default_get(self, fields_list, super().default_get)
