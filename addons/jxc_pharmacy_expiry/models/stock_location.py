# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    gsp_is_quarantine = fields.Boolean(
        string="Quarantine Location",
        help="Expired or suspect stock waits here (不合格品区) for return, write-off or "
        "destruction. Moves into it stay allowed for locked lots.",
    )

    def _gsp_lock_exempt_destination(self):
        """Destinations that locked lots may still go to: quarantine, back to the
        supplier, scrap and inventory adjustments."""
        self.ensure_one()
        return self.gsp_is_quarantine or self.scrap_location or self.usage in (
            "supplier",
            "inventory",
        )
