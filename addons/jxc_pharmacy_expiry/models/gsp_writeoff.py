# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .gsp_expiry_override_log import QUALITY_GROUP


class GspWriteoff(models.Model):
    """报损单: expired stock proposed for write-off, approved by a GSP quality manager,
    then scrapped (with its stock valuation and accounting entries)."""

    _name = "gsp.writeoff"
    _description = "Expiry Write-off"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, check_company=True, tracking=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    location_id = fields.Many2one(
        "stock.location",
        string="From Location",
        required=True,
        check_company=True,
        compute="_compute_location_id",
        store=True,
        readonly=False,
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        help="Expired stock is taken from this location and its children.",
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    reason = fields.Text(default=lambda self: self.env._("Expired (GSP)"), required=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Waiting Approval"),
            ("approved", "Approved"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    requested_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    line_ids = fields.One2many("gsp.writeoff.line", "writeoff_id", string="Lines", copy=True)
    scrap_ids = fields.One2many("stock.scrap", "gsp_writeoff_id", string="Scraps", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    total_value = fields.Monetary(compute="_compute_total_value", string="Value")

    @api.depends("warehouse_id")
    def _compute_location_id(self):
        for writeoff in self:
            writeoff.location_id = (
                writeoff.warehouse_id.gsp_quarantine_location_id
                or writeoff.warehouse_id.lot_stock_id
            )

    @api.depends("line_ids.value")
    def _compute_total_value(self):
        for writeoff in self:
            writeoff.total_value = sum(writeoff.line_ids.mapped("value"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("gsp.writeoff") or "/"
        return super().create(vals_list)

    def _gsp_check_state(self, states):
        for writeoff in self:
            if writeoff.state not in states:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: this step is not possible now.",
                        name=writeoff.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            writeoff.state
                        ],
                    )
                )

    def action_load_expired(self):
        """Fill the lines with every expired lot in stock under the source location."""
        self.ensure_one()
        self._gsp_check_state(("draft",))
        quants = self.env["stock.quant"].search(
            [
                ("location_id", "child_of", self.location_id.id),
                ("location_id.usage", "=", "internal"),
                ("lot_id", "!=", False),
                ("quantity", ">", 0),
                ("lot_id.expiration_date", "<", self.company_id._gsp_expired_before()),
            ]
        )
        existing = {(line.lot_id.id, line.location_id.id) for line in self.line_ids}
        self.line_ids = [
            fields.Command.create(
                {
                    "product_id": quant.product_id.id,
                    "lot_id": quant.lot_id.id,
                    "location_id": quant.location_id.id,
                    "quantity": quant.quantity - quant.reserved_quantity,
                }
            )
            for quant in quants
            if (quant.lot_id.id, quant.location_id.id) not in existing
            and quant.quantity - quant.reserved_quantity > 0
        ]
        return True

    def action_submit(self):
        self.ensure_one()
        self._gsp_check_state(("draft",))
        if not self.line_ids:
            raise UserError(self.env._("Add the lots to write off first."))
        self.state = "submitted"
        group = self.env.ref(QUALITY_GROUP)
        for user in group.users.filtered(lambda u: self.company_id in u.company_ids)[:1]:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Approve write-off %(name)s", name=self.name),
            )
        return True

    def action_approve(self):
        self.ensure_one()
        if not self.env.user.has_group(QUALITY_GROUP):
            raise AccessError(self.env._("Only a GSP quality manager can approve a write-off."))
        self._gsp_check_state(("submitted",))
        self.write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_done(self):
        """Scrap every line (stock.scrap: stock move, valuation layer, journal entry)."""
        self.ensure_one()
        self._gsp_check_state(("approved",))
        scrap_location = self.env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "in", [self.company_id.id, False])],
            limit=1,
        )
        for line in self.line_ids.filtered(lambda ln: ln.quantity > 0):
            scrap = self.env["stock.scrap"].create(
                {
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_id.uom_id.id,
                    "lot_id": line.lot_id.id,
                    "scrap_qty": line.quantity,
                    "location_id": line.location_id.id,
                    "scrap_location_id": scrap_location.id,
                    "company_id": self.company_id.id,
                    "origin": self.name,
                    "gsp_writeoff_id": self.id,
                }
            )
            scrap.do_scrap()
            layers = scrap.move_ids.sudo().stock_valuation_layer_ids
            line.write({"scrap_id": scrap.id, "value": abs(sum(layers.mapped("value")))})
        self.state = "done"
        return True

    def action_cancel(self):
        self._gsp_check_state(("draft", "submitted", "approved"))
        self.state = "cancel"
        return True

    def action_draft(self):
        self._gsp_check_state(("cancel", "submitted"))
        self.write({"state": "draft", "approved_by_id": False, "approved_date": False})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(writeoff.state not in ("draft", "cancel") for writeoff in self):
            raise UserError(self.env._("Only draft or cancelled write-offs can be deleted."))
