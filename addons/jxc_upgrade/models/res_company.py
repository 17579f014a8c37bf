# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    jxc_rollout_lock = fields.Boolean(
        string="Lock Warehouses Not Yet Live",
        help="While a warehouse is being migrated (legacy, frozen, loaded or reconciled), "
        "none of its stock operations can be validated in Odoo. Off by default: stock "
        "operations then validate as in standard Odoo.",
    )
    jxc_opening_move_id = fields.Many2one(
        "account.move",
        string="JXC Opening Balances Entry",
        readonly=True,
        copy=False,
        help="The posted entry of the legacy receivables and payables (应收/应付余额).",
    )
    jxc_opening_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Opening Balances Loaded By",
        readonly=True,
        copy=False,
        help="The warehouse whose load posted the company's opening balances.",
    )
