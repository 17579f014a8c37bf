# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import levels


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    gsp_production_date = fields.Date(
        string="Production Date", help="Production date of a lot created at receipt."
    )

    # -- receipt: new lots carry their production date and supplier ---------------------
    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        if self.gsp_production_date:
            vals["production_date"] = self.gsp_production_date
        if self.location_id.usage == "supplier" and self.picking_id.partner_id:
            vals["gsp_supplier_id"] = self.picking_id.partner_id.commercial_partner_id.id
        return vals

    # -- the expiry lock ------------------------------------------------------------------
    def _gsp_lock_applies(self):
        self.ensure_one()
        return bool(
            self.company_id.gsp_expiry_lock
            and self.product_id.use_expiration_date
            and self.location_id.usage == "internal"
            and not self.move_id.scrapped
            and not self.move_id.is_inventory
            and not self.location_dest_id._gsp_lock_exempt_destination()
        )

    def _gsp_overrides(self, kind):
        """Override log entries that cover these lines: same lot, same move (or same
        picking for an entry made before the line had a move)."""
        if not self:
            return self.env["gsp.expiry.override.log"]
        names = [name for name in self.lot_id.mapped("name") + self.mapped("lot_name") if name]
        return (
            self.env["gsp.expiry.override.log"]
            .sudo()
            .search(
                [
                    ("kind", "=", kind),
                    ("lot_name", "in", names),
                    "|",
                    ("move_id", "in", self.move_id.ids),
                    ("picking_id", "in", self.picking_id.ids),
                ]
            )
        )

    @api.model
    def _gsp_is_covered(self, line, overrides):
        name = line.lot_id.name or line.lot_name
        return any(
            log.lot_name == name
            and log.product_id == line.product_id
            and (log.move_id == line.move_id if log.move_id else log.picking_id == line.picking_id)
            for log in overrides
        )

    def _gsp_locked_lines(self):
        """Lines that would move an expired lot where the lock applies, not overridden."""
        lines = self.filtered(
            lambda ml: ml.lot_id and ml._gsp_lock_applies() and ml.lot_id._gsp_is_expired()
        )
        overrides = lines._gsp_overrides("lock")
        return lines.filtered(lambda ml: not self._gsp_is_covered(ml, overrides))

    def _gsp_lock_message(self):
        messages = [
            self.env._(
                "Lot %(lot)s of %(product)s expired on %(date)s and is locked under GSP: it "
                "cannot go from %(origin)s to %(destination)s.",
                lot=line.lot_id.name,
                product=line.product_id.display_name,
                date=fields.Date.to_string(line.lot_id.expiration_date.date()),
                origin=line.location_id.display_name,
                destination=line.location_dest_id.display_name,
            )
            for line in self[:5]
        ]
        messages.append(
            self.env._(
                "Move expired stock to quarantine, return it to the supplier or scrap it. "
                "Only a GSP quality manager can override the lock on a move, with a written "
                "reason (button “Override Expiry Lock”)."
            )
        )
        return "\n".join(messages)

    def _gsp_check_expiry_lock(self):
        locked = self._gsp_locked_lines()
        if locked:
            raise UserError(locked._gsp_lock_message())

    # -- receipt control ------------------------------------------------------------------
    def _gsp_receipt_applies(self):
        self.ensure_one()
        return bool(
            self.company_id.gsp_receipt_control
            and self.product_id.use_expiration_date
            and self.location_id.usage == "supplier"
        )

    def _gsp_receipt_issues(self):
        """[(line, blocking, message)]: blocking issues (lot or expiry date missing) cannot
        be overridden; a too short remaining shelf life can, by a quality manager."""
        issues = []
        lines = self.filtered(lambda ml: ml._gsp_receipt_applies())
        overrides = lines._gsp_overrides("receipt")
        today = fields.Date.today()
        for line in lines:
            product = line.product_id
            name = line.lot_id.name or line.lot_name
            if product.tracking != "none" and not name:
                issues.append(
                    (line, True, self.env._(
                        "%(product)s: the lot number is mandatory at receipt.",
                        product=product.display_name,
                    ))
                )
                continue
            expiry = line.expiration_date or line.lot_id.expiration_date
            if not expiry:
                issues.append(
                    (line, True, self.env._(
                        "%(product)s, lot %(lot)s: the expiry date is mandatory at receipt.",
                        product=product.display_name,
                        lot=name or "-",
                    ))
                )
                continue
            minimum, unit = product.product_tmpl_id._gsp_receipt_minimum()
            production = line.gsp_production_date or line.lot_id.production_date
            shelf = None
            if production and expiry.date() > production:
                shelf = (expiry.date() - production).days
            shelf = shelf or product.product_tmpl_id._gsp_shelf_life_days()
            shortfall = levels.receipt_shortfall(expiry.date(), today, minimum, unit, shelf)
            if shortfall and not self._gsp_is_covered(line, overrides):
                issues.append(
                    (line, False, self.env._(
                        "%(product)s, lot %(lot)s expires on %(date)s: %(remaining)s days of "
                        "shelf life remain, %(missing)s days short of the minimum at receipt "
                        "(%(minimum)s %(unit)s).",
                        product=product.display_name,
                        lot=name,
                        date=fields.Date.to_string(expiry.date()),
                        remaining=(expiry.date() - today).days,
                        missing=shortfall,
                        minimum=minimum,
                        unit=dict(
                            self.env["product.template"]._fields[
                                "gsp_receipt_min_unit"
                            ]._description_selection(self.env)
                        )[unit],
                    ))
                )
        return issues

    def _gsp_check_receipt(self):
        issues = self._gsp_receipt_issues()
        if issues:
            messages = [message for _line, _blocking, message in issues[:8]]
            if any(not blocking for _line, blocking, _message in issues):
                messages.append(
                    self.env._(
                        "Refuse these goods, or ask a GSP quality manager to accept them "
                        "with a written reason (button “Override Expiry Lock”)."
                    )
                )
            raise UserError("\n".join(messages))

    # -- hooks ----------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("lot_id")._gsp_check_expiry_lock()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"lot_id", "location_id", "location_dest_id"} & set(vals):
            self.filtered(lambda ml: ml.lot_id and ml.state != "done")._gsp_check_expiry_lock()
        return res

    def _action_done(self):
        lines = self.filtered(lambda ml: ml.quantity > 0)
        lines._gsp_check_expiry_lock()
        lines._gsp_check_receipt()
        res = super()._action_done()
        incoming = self.exists().filtered(
            lambda ml: ml.lot_id
            and not ml.lot_id.gsp_supplier_id
            and ml.location_id.usage == "supplier"
            and ml.picking_id.partner_id
        )
        for line in incoming:
            line.lot_id.gsp_supplier_id = line.picking_id.partner_id.commercial_partner_id
        return res

    # -- FEFO -----------------------------------------------------------------------------
    def _gsp_fefo_better_quant(self):
        """An available quant of the same product in the source location whose lot expires
        before the chosen one (and is not expired), or an empty recordset."""
        self.ensure_one()
        if (
            not self.lot_id.expiration_date
            or not self.product_id.use_expiration_date
            or self.location_id.usage != "internal"
        ):
            return self.env["stock.quant"]
        company = self.company_id or self.env.company
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product_id.id),
                ("location_id", "child_of", self.location_id.id),
                ("lot_id", "!=", False),
                ("lot_id", "!=", self.lot_id.id),
                ("quantity", ">", 0),
                ("lot_id.expiration_date", "<", self.lot_id.expiration_date),
                ("lot_id.expiration_date", ">=", company._gsp_expired_before()),
            ],
            order="expiration_date, id",
        )
        return quants.filtered(lambda q: q.quantity - q.reserved_quantity > 0)[:1]

    @api.onchange("lot_id")
    def _onchange_gsp_fefo(self):
        if not self.lot_id:
            return None
        better = self._gsp_fefo_better_quant()
        if not better:
            return None
        return {
            "warning": {
                "title": self.env._("First expired, first out"),
                "message": self.env._(
                    "Lot %(better)s expires on %(better_date)s, before lot %(lot)s "
                    "(%(lot_date)s), and is available in %(location)s: FEFO picks it first.",
                    better=better.lot_id.name,
                    better_date=fields.Date.to_string(better.lot_id.expiration_date.date()),
                    lot=self.lot_id.name,
                    lot_date=fields.Date.to_string(self.lot_id.expiration_date.date()),
                    location=better.location_id.display_name,
                ),
            }
        }
