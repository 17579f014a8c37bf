# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    # Same definition as in jxc_pharmacy_expiry, which does not depend on this module:
    # whichever is installed creates the column, and the importer can fill it.
    production_date = fields.Date(help="The date the lot was manufactured (生产日期).")
