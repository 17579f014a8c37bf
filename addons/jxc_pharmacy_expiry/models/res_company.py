# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

DEFAULT_THRESHOLDS = (("1", 180), ("2", 90), ("3", 30))


class ResCompany(models.Model):
    _inherit = "res.company"

    gsp_expiry_lock = fields.Boolean(
        string="Lock Expired Lots",
        help="Expired lots can no longer be reserved, picked, delivered, transferred or "
        "sold; quarantine, return to supplier and scrap stay allowed. A GSP quality manager "
        "may override one move with a written reason. Off: Odoo's standard behaviour.",
    )
    gsp_receipt_control = fields.Boolean(
        string="Receipt Shelf-Life Control",
        help="Refuse receipts of lots without an expiry date or with less remaining shelf "
        "life than the product's or category's minimum, unless a GSP quality manager "
        "accepts them with a written reason. Off: Odoo's standard behaviour.",
    )
    gsp_auto_quarantine = fields.Boolean(
        string="Move Expired Stock to Quarantine Daily",
        help="A daily scheduled action moves expired lots into each warehouse's "
        "quarantine location.",
    )
    gsp_threshold_ids = fields.One2many(
        "gsp.expiry.threshold",
        "company_id",
        string="Near-Expiry Thresholds",
        domain=[("categ_id", "=", False), ("product_tmpl_id", "=", False)],
    )

    def _gsp_ensure_default_thresholds(self):
        thresholds = self.env["gsp.expiry.threshold"]
        for company in self:
            if not thresholds.search_count(
                [
                    ("company_id", "=", company.id),
                    ("categ_id", "=", False),
                    ("product_tmpl_id", "=", False),
                ]
            ):
                thresholds.create(
                    [
                        {"company_id": company.id, "level": level, "value": days}
                        for level, days in DEFAULT_THRESHOLDS
                    ]
                )

    def _gsp_expired_before(self):
        """Lots whose expiration date is before this instant are expired: the expiry
        day itself counts as expired (GSP), so it is the start of tomorrow (UTC)."""
        return fields.Datetime.to_datetime(fields.Date.add(fields.Date.today(), days=1))
