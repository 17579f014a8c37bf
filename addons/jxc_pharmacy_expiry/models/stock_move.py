# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _gsp_lock_applies(self):
        """The expiry lock concerns this move: lock on for its company, a product with
        expiry dates, out of internal stock to a destination that is not quarantine,
        supplier, scrap or inventory."""
        self.ensure_one()
        return bool(
            self.company_id.gsp_expiry_lock
            and self.product_id.use_expiration_date
            and self.location_id.usage == "internal"
            and not self.scrapped
            and not self.is_inventory
            and not self.location_dest_id._gsp_lock_exempt_destination()
        )

    def _gsp_lock_context(self):
        """Reservation leaves expired lots out, except those a quality manager released
        for this move."""
        if not self.id or not self._gsp_lock_applies():
            return {}
        released = (
            self.env["gsp.expiry.override.log"]
            .sudo()
            .search([("move_id", "=", self.id), ("kind", "=", "lock")])
            .lot_id
        )
        return {
            "gsp_exclude_expired_before": self.company_id._gsp_expired_before(),
            "gsp_released_lot_ids": released.ids,
        }

    def _update_reserved_quantity(
        self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True
    ):
        ctx = self._gsp_lock_context()
        move = self.with_context(**ctx) if ctx else self
        return super(StockMove, move)._update_reserved_quantity(
            need, location_id, lot_id, package_id, owner_id, strict
        )

    def _get_available_quantity(
        self,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        ctx = self._gsp_lock_context()
        move = self.with_context(**ctx) if ctx else self
        return super(StockMove, move)._get_available_quantity(
            location_id, lot_id, package_id, owner_id, strict, allow_negative
        )
