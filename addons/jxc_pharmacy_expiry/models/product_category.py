# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .product_template import MIN_UNITS


class ProductCategory(models.Model):
    _inherit = "product.category"

    gsp_threshold_ids = fields.One2many(
        "gsp.expiry.threshold", "categ_id", string="Near-Expiry Thresholds"
    )
    gsp_receipt_min_value = fields.Float(
        string="Minimum Remaining Shelf Life at Receipt",
        help="Lots received with less remaining shelf life are refused (when receipt "
        "control is on). Products may set their own minimum. 0: no minimum.",
    )
    gsp_receipt_min_unit = fields.Selection(
        MIN_UNITS, string="Minimum Unit", default="days", required=True
    )

    def _gsp_receipt_minimum(self):
        """(value, unit) of the nearest category up the tree that sets a minimum."""
        self.ensure_one()
        category = self
        while category:
            if category.gsp_receipt_min_value:
                return category.gsp_receipt_min_value, category.gsp_receipt_min_unit
            category = category.parent_id
        return 0.0, "days"
