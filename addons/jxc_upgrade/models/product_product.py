# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..services.default_cache import cached_default_get


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def default_get(self, fields_list):
        return cached_default_get(self, fields_list, super().default_get)
