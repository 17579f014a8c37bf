# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    jxc_legacy_number = fields.Char(
        string="Legacy Number",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="The open order's number (单据编号) in the legacy 进销存 system: the cut-over "
        "created this order for its open quantity.",
    )
