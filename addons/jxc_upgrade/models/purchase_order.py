# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    jxc_legacy_number = fields.Char(
        string="Legacy Number",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="The open order's number (单据编号) in the legacy 进销存 system: the cut-over "
        "created this order for its open quantity.",
    )

    def _add_supplier_to_product(self):
        # A legacy open order carries the legacy price of a past purchase: confirming it
        # must not add vendor prices to the products (a rollback could not tell them apart).
        if self.env.context.get("jxc_cutover_load"):
            return
        return super()._add_supplier_to_product()
