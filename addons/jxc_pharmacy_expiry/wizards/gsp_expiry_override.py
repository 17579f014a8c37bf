# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.gsp_expiry_override_log import QUALITY_GROUP


class GspExpiryOverride(models.TransientModel):
    """A GSP quality manager releases expired lots for one transfer, or accepts lots
    received with too short a shelf life, with a written reason; every item is logged."""

    _name = "gsp.expiry.override"
    _description = "Override an Expiry Control"

    picking_id = fields.Many2one("stock.picking", required=True, readonly=True)
    move_id = fields.Many2one(
        "stock.move",
        domain="[('picking_id', '=', picking_id)]",
        help="Leave empty to release the lots for the moves of their product in the transfer.",
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Expired Lots to Release",
        compute="_compute_defaults",
        store=True,
        readonly=False,
    )
    receipt_line_ids = fields.Many2many(
        "stock.move.line",
        string="Receipt Lines to Accept",
        compute="_compute_defaults",
        store=True,
        readonly=False,
    )
    allowed_lot_ids = fields.Many2many("stock.lot", compute="_compute_allowed_lot_ids")
    summary = fields.Text(compute="_compute_defaults", store=True)
    reason = fields.Text(required=True)
    validate = fields.Boolean(
        string="Validate the Transfer", default=True,
        help="Validate the transfer right after logging the override.",
    )

    @api.depends("picking_id", "move_id")
    def _compute_defaults(self):
        for wizard in self:
            lines = wizard.picking_id._gsp_lines_to_check()
            if wizard.move_id:
                lines = lines.filtered(lambda ml, w=wizard: ml.move_id == w.move_id)
            locked = lines._gsp_locked_lines()
            issues = [issue for issue in lines._gsp_receipt_issues() if not issue[1]]
            wizard.lot_ids = locked.lot_id
            wizard.receipt_line_ids = self.env["stock.move.line"].union(
                *[line for line, _blocking, _message in issues]
            )
            messages = []
            if locked:
                messages.append(locked._gsp_lock_message().split("\n")[0])
            messages += [message for _line, _blocking, message in issues]
            wizard.summary = "\n".join(messages)

    @api.depends("picking_id", "move_id")
    def _compute_allowed_lot_ids(self):
        for wizard in self:
            moves = wizard.move_id or wizard.picking_id.move_ids
            products = moves.filtered(lambda m: m._gsp_lock_applies()).product_id
            wizard.allowed_lot_ids = self.env["stock.lot"].search(
                [
                    ("product_id", "in", products.ids),
                    ("expiration_date", "<", wizard.picking_id.company_id._gsp_expired_before()),
                ]
            )

    def _gsp_log_values(self):
        self.ensure_one()
        reason = self.reason.strip()
        values = []
        for lot in self.lot_ids:
            moves = (self.move_id or self.picking_id.move_ids).filtered(
                lambda m, lot=lot: m.product_id == lot.product_id and m._gsp_lock_applies()
            )
            if not moves:
                raise UserError(
                    self.env._(
                        "No move of %(product)s in %(picking)s is concerned by the lock.",
                        product=lot.product_id.display_name,
                        picking=self.picking_id.name,
                    )
                )
            for move in moves:
                quantity = sum(
                    move.move_line_ids.filtered(lambda ml, lot=lot: ml.lot_id == lot).mapped(
                        "quantity"
                    )
                )
                values.append(
                    {
                        "kind": "lock",
                        "company_id": self.picking_id.company_id.id,
                        "picking_id": self.picking_id.id,
                        "move_id": move.id,
                        "operation": self.picking_id.name,
                        "product_id": lot.product_id.id,
                        "lot_id": lot.id,
                        "lot_name": lot.name,
                        "expiration_date": lot.expiration_date,
                        "quantity": quantity or move.product_uom_qty,
                        "reason": reason,
                    }
                )
        for line in self.receipt_line_ids:
            values.append(
                {
                    "kind": "receipt",
                    "company_id": self.picking_id.company_id.id,
                    "picking_id": self.picking_id.id,
                    "move_id": line.move_id.id,
                    "operation": self.picking_id.name,
                    "product_id": line.product_id.id,
                    "lot_id": line.lot_id.id,
                    "lot_name": line.lot_id.name or line.lot_name,
                    "expiration_date": line.expiration_date or line.lot_id.expiration_date,
                    "quantity": line.quantity,
                    "reason": reason,
                }
            )
        return values

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(QUALITY_GROUP):
            raise AccessError(
                self.env._("Only a GSP quality manager can override an expiry control.")
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("An override needs a written reason."))
        values = self._gsp_log_values()
        if not values:
            raise UserError(self.env._("Nothing to override on %(picking)s.",
                                       picking=self.picking_id.name))
        logs = self.env["gsp.expiry.override.log"].create(values)
        self.picking_id.message_post(
            body=self.env._(
                "Expiry control overridden by %(user)s (%(count)s items): %(reason)s",
                user=self.env.user.name,
                count=len(logs),
                reason=self.reason.strip(),
            )
        )
        if self.validate and self.picking_id.move_line_ids.filtered("quantity"):
            return self.picking_id.with_context(skip_expired=True).button_validate()
        return {"type": "ir.actions.act_window_close"}
