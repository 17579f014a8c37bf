# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    gsp_writeoff_id = fields.Many2one("gsp.writeoff", string="Write-off", readonly=True,
                                      index="btree_not_null")
