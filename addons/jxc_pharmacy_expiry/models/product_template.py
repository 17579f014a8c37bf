# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import levels

SHELF_LIFE_UNITS = [("days", "Days"), ("months", "Months")]
MIN_UNITS = [("days", "Days"), ("months", "Months"), ("percent", "% of shelf life")]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    gsp_shelf_life = fields.Integer(
        string="Shelf Life",
        help="Shelf life printed on the package (有效期), in days or months. It sets "
        "Odoo's expiration time and the base of thresholds in percent.",
    )
    gsp_shelf_life_unit = fields.Selection(
        SHELF_LIFE_UNITS, string="Shelf Life Unit", default="months", required=True
    )
    gsp_threshold_ids = fields.One2many(
        "gsp.expiry.threshold", "product_tmpl_id", string="Near-Expiry Thresholds"
    )
    gsp_receipt_min_value = fields.Float(
        string="Minimum Remaining Shelf Life at Receipt",
        help="Lots received with less remaining shelf life are refused (when receipt "
        "control is on). 0: the category's minimum applies.",
    )
    gsp_receipt_min_unit = fields.Selection(
        MIN_UNITS, string="Minimum Unit", default="days", required=True
    )
    gsp_drug_code = fields.Char(
        string="Drug Identification Code",
        help="The 7-digit 药品标识码 that starts the 20-digit 药品追溯码 on this product's "
        "packages: scanning a traceability code finds the product with it.",
        index="btree_not_null",
    )

    @api.constrains("gsp_drug_code")
    def _check_gsp_drug_code(self):
        for template in self:
            code = template.gsp_drug_code
            if code and not (len(code) == 7 and code.isdigit()):
                raise ValidationError(
                    self.env._(
                        "The drug identification code of %(product)s must be 7 digits.",
                        product=template.display_name,
                    )
                )

    @api.onchange("gsp_shelf_life", "gsp_shelf_life_unit")
    def _onchange_gsp_shelf_life(self):
        for template in self:
            days = levels.shelf_life_days(template.gsp_shelf_life, template.gsp_shelf_life_unit)
            if days:
                template.use_expiration_date = True
                template.expiration_time = days

    def _gsp_shelf_life_days(self):
        """Shelf life in days: ours, else product_expiry's expiration time (None if none)."""
        self.ensure_one()
        return (
            levels.shelf_life_days(self.gsp_shelf_life, self.gsp_shelf_life_unit)
            or self.expiration_time
            or None
        )

    def _gsp_receipt_minimum(self):
        self.ensure_one()
        if self.gsp_receipt_min_value:
            return self.gsp_receipt_min_value, self.gsp_receipt_min_unit
        return self.categ_id._gsp_receipt_minimum()

    def _gsp_thresholds(self, company, by_scope=None):
        """[(level, value, unit)] that apply to this product in ``company``."""
        self.ensure_one()
        if by_scope is None:
            by_scope = self.env["gsp.expiry.threshold"]._gsp_thresholds_by_scope(company)
        chain = []
        category = self.categ_id
        while category:
            chain.append(by_scope.get((company.id, "category", category.id)))
            category = category.parent_id
        return levels.effective_thresholds(
            by_scope.get((company.id, "product", self.id)),
            chain,
            by_scope.get((company.id, "company", company.id)),
        )
