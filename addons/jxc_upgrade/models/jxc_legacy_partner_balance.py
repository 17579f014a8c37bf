# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class JxcLegacyPartnerBalance(models.Model):
    """A partner's legacy receivable (应收余额) and payable (应付余额) at cut-over."""

    _name = "jxc.legacy.partner.balance"
    _description = "Legacy Partner Balance"
    _order = "batch_id, partner_code"
    _log_access = False

    batch_id = fields.Many2one("jxc.import.batch", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    partner_code = fields.Char(required=True, index=True)
    partner_id = fields.Many2one("res.partner", index=True)
    receivable = fields.Monetary(currency_field="currency_id")
    payable = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    file_name = fields.Char()
    row_number = fields.Integer()
    move_id = fields.Many2one("account.move", string="Opening Entry", index="btree_not_null")
