# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEVELS = [("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3")]
UNITS = [("days", "Days"), ("months", "Months"), ("percent", "% of shelf life")]


class GspExpiryThreshold(models.Model):
    _name = "gsp.expiry.threshold"
    _description = "Near-Expiry Threshold"
    _order = "company_id, product_tmpl_id, categ_id, level"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    categ_id = fields.Many2one("product.category", string="Product Category", ondelete="cascade")
    product_tmpl_id = fields.Many2one("product.template", string="Product", ondelete="cascade")
    scope = fields.Selection(
        [("company", "Company"), ("category", "Category"), ("product", "Product")],
        compute="_compute_scope",
        store=True,
    )
    level = fields.Selection(
        LEVELS,
        required=True,
        default="1",
        help="Level 1 is the earliest warning, level 3 the most urgent one.",
    )
    value = fields.Float(
        required=True, help="How long before the expiry date this level starts."
    )
    unit = fields.Selection(UNITS, required=True, default="days")
    active = fields.Boolean(default=True)

    @api.depends("categ_id", "product_tmpl_id")
    def _compute_scope(self):
        for threshold in self:
            if threshold.product_tmpl_id:
                threshold.scope = "product"
            elif threshold.categ_id:
                threshold.scope = "category"
            else:
                threshold.scope = "company"

    @api.constrains("categ_id", "product_tmpl_id", "value", "unit", "level", "company_id")
    def _check_threshold(self):
        for threshold in self:
            if threshold.categ_id and threshold.product_tmpl_id:
                raise ValidationError(
                    self.env._("A threshold applies to a category or to a product, not both.")
                )
            if threshold.value < 0 or (threshold.unit == "percent" and threshold.value > 100):
                raise ValidationError(
                    self.env._(
                        "Threshold values are positive, and at most 100 in percent "
                        "(got %(value)s).",
                        value=threshold.value,
                    )
                )
            duplicates = self.search_count(
                [
                    ("id", "!=", threshold.id),
                    ("company_id", "=", threshold.company_id.id),
                    ("categ_id", "=", threshold.categ_id.id),
                    ("product_tmpl_id", "=", threshold.product_tmpl_id.id),
                    ("level", "=", threshold.level),
                ]
            )
            if duplicates:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s is defined twice for the same scope.",
                        level=threshold.level,
                    )
                )

    @api.model
    def _gsp_thresholds_by_scope(self, companies):
        """{(company_id, 'company'|'category'|'product', res_id): [(level, value, unit)]}"""
        result = {}
        for threshold in self.search([("company_id", "in", companies.ids)]):
            if threshold.product_tmpl_id:
                key = (threshold.company_id.id, "product", threshold.product_tmpl_id.id)
            elif threshold.categ_id:
                key = (threshold.company_id.id, "category", threshold.categ_id.id)
            else:
                key = (threshold.company_id.id, "company", threshold.company_id.id)
            result.setdefault(key, []).append(
                (int(threshold.level), threshold.value, threshold.unit)
            )
        return result
