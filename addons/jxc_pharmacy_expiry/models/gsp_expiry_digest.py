# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields, models

from .stock_lot import EXPIRY_STATES


class GspExpiryDigest(models.Model):
    """The new alerts of one scan for one warehouse and level, with one activity for the
    warehouse's expiry responsible."""

    _name = "gsp.expiry.digest"
    _description = "Near-Expiry Digest"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "scan_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True, ondelete="cascade")
    level = fields.Selection(EXPIRY_STATES, required=True, readonly=True)
    scan_date = fields.Date(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    alert_ids = fields.One2many(
        "gsp.expiry.alert", compute="_compute_alert_ids", string="Alerts"
    )
    alert_count = fields.Integer(compute="_compute_alert_count", string="Lots")

    @api.depends("warehouse_id", "level", "scan_date")
    def _compute_name(self):
        labels = dict(self._fields["level"]._description_selection(self.env))
        for digest in self:
            digest.name = "%s – %s – %s" % (
                labels.get(digest.level, ""),
                digest.warehouse_id.name or self.env._("No warehouse"),
                fields.Date.to_string(digest.scan_date),
            )

    def _compute_alert_ids(self):
        for digest in self:
            digest.alert_ids = self.env["gsp.expiry.alert"].search(
                [("digest_ref", "=", digest.id)]
            )

    def _compute_alert_count(self):
        counts = dict(
            self.env["gsp.expiry.alert"]._read_group(
                [("digest_ref", "in", self.ids)], ["digest_ref"], ["__count"]
            )
        )
        for digest in self:
            digest.alert_count = counts.get(digest.id, 0)

    def _gsp_responsible(self):
        self.ensure_one()
        if self.warehouse_id.gsp_responsible_id:
            return self.warehouse_id.gsp_responsible_id
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        return admin or self.env["res.users"].browse(SUPERUSER_ID)

    def _gsp_notify(self):
        labels = dict(self._fields["level"]._description_selection(self.env))
        for digest in self:
            user = digest._gsp_responsible()
            digest.user_id = user
            lots = self.env["gsp.expiry.alert"].search(
                [("digest_ref", "=", digest.id)], limit=20, order="expiration_date, id"
            ).lot_id
            digest.activity_schedule(
                "jxc_pharmacy_expiry.mail_activity_type_gsp_expiry",
                user_id=user.id,
                summary=self.env._(
                    "%(count)s lots: %(level)s", count=digest.alert_count,
                    level=labels.get(digest.level),
                ),
                note=self.env._(
                    "%(count)s lots of %(warehouse)s reached “%(level)s” on %(date)s, "
                    "e.g. %(lots)s.",
                    count=digest.alert_count,
                    warehouse=digest.warehouse_id.name or "-",
                    level=labels.get(digest.level),
                    date=fields.Date.to_string(digest.scan_date),
                    lots=", ".join(lots.mapped("display_name")),
                ),
            )

    def action_gsp_open_lots(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "domain": [("id", "in", self.alert_ids.mapped("lot_ref"))],
        }
