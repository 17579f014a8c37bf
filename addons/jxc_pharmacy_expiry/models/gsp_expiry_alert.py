# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .gsp_lot_expiry import reference_domain
from .stock_lot import EXPIRY_STATES


class GspExpiryAlert(models.Model):
    """One row per lot, level and warehouse, written in sets by the expiry scan: the
    unique index is what makes a re-run raise nothing twice.

    The first scan of a large stock writes hundreds of thousands of them, so the table is
    narrow and has no foreign key (each foreign-key check costs a lookup and a row lock
    per inserted row, most of the insert time): the lot, warehouse and digest are kept as
    ids, shown through computed Many2one fields. Alerts outlive their digest on purpose:
    they are what prevents raising the same alert again."""

    _name = "gsp.expiry.alert"
    _description = "Near-Expiry Alert"
    _order = "scan_date desc, id desc"
    _rec_name = "lot_id"
    _log_access = False

    lot_ref = fields.Integer(string="Lot ID", required=True, readonly=True)
    warehouse_ref = fields.Integer(string="Warehouse ID", readonly=True)
    digest_ref = fields.Integer(string="Digest ID", readonly=True, index=True)
    lot_id = fields.Many2one(
        "stock.lot", compute="_compute_references", search="_search_lot_id"
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", compute="_compute_references", search="_search_warehouse_id"
    )
    digest_id = fields.Many2one(
        "gsp.expiry.digest", compute="_compute_references", search="_search_digest_id"
    )
    product_id = fields.Many2one(related="lot_id.product_id")
    company_id = fields.Many2one(related="lot_id.company_id")
    level = fields.Selection(EXPIRY_STATES, required=True, readonly=True)
    expiration_date = fields.Datetime(readonly=True)
    quantity = fields.Float(
        digits="Product Unit of Measure", readonly=True, help="Quantity in stock when raised."
    )
    scan_date = fields.Date(required=True, readonly=True)

    def _compute_references(self):
        for alert in self:
            alert.lot_id = self.env["stock.lot"].browse(alert.lot_ref).exists()
            alert.warehouse_id = (
                self.env["stock.warehouse"].browse(alert.warehouse_ref or []).exists()
            )
            alert.digest_id = (
                self.env["gsp.expiry.digest"].browse(alert.digest_ref or []).exists()
            )

    @api.model
    def _search_lot_id(self, operator, value):
        return reference_domain(self.env, "stock.lot", "lot_ref", operator, value)

    @api.model
    def _search_warehouse_id(self, operator, value):
        return reference_domain(self.env, "stock.warehouse", "warehouse_ref", operator, value)

    @api.model
    def _search_digest_id(self, operator, value):
        return reference_domain(self.env, "gsp.expiry.digest", "digest_ref", operator, value)

    def init(self):
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS gsp_expiry_alert_lot_level_warehouse_ref_uniq
                ON gsp_expiry_alert (lot_ref, level, warehouse_ref);
            """
        )
