# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    jxc_legacy_code = fields.Char(
        string="Legacy Code",
        copy=False,
        index="btree_not_null",
        help="The warehouse's code in the legacy 进销存 system.",
    )
    jxc_legacy_hash = fields.Char(copy=False, groups="base.group_system")

    _sql_constraints = [
        ("jxc_legacy_code_company_unique", "unique(jxc_legacy_code, company_id)",
         "Another warehouse of this company already carries this legacy code."),
    ]
