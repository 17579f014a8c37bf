# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..services.default_cache import cached_default_get


class ResPartner(models.Model):
    _inherit = "res.partner"

    jxc_legacy_code = fields.Char(
        string="Legacy Code",
        copy=False,
        index="btree_not_null",
        help="The partner's code in the legacy 进销存 system; re-imports match on it.",
    )
    jxc_legacy_hash = fields.Char(copy=False, groups="base.group_system")
    jxc_vat_invalid = fields.Boolean(
        string="Credit Code Check Failed",
        copy=False,
        help="The 统一社会信用代码 imported from the legacy system fails the GB 32100-2015 "
        "check character: verify it with the partner.",
    )

    @api.model
    def default_get(self, fields_list):
        return cached_default_get(self, fields_list, super().default_get)
