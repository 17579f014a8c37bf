# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import gs1


class StockPickingGspScan(models.TransientModel):
    """Scan GS1 codes or 药品追溯码 on a receipt (no Enterprise barcode app needed)."""

    _name = "stock.picking.gsp.scan"
    _description = "Scan on a Receipt"

    picking_id = fields.Many2one("stock.picking", required=True, readonly=True)
    barcode = fields.Char(string="Scan", help="GS1 (01, 10, 11, 17) or 20-digit 药品追溯码")
    product_id = fields.Many2one("product.product", domain="[('is_storable', '=', True)]")
    lot_name = fields.Char(string="Lot")
    expiration_date = fields.Date()
    production_date = fields.Date()
    trace_code = fields.Char(string="Traceability Code", readonly=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    last_result = fields.Char(readonly=True)

    @api.model
    def _gsp_find_product(self, parsed):
        products = self.env["product.product"]
        if parsed.get("gtin"):
            gtin = parsed["gtin"]
            candidates = {gtin, gtin.lstrip("0"), gtin[1:]}
            return products.search([("barcode", "in", list(candidates))], limit=1)
        if parsed.get("drug_code"):
            return products.search([("gsp_drug_code", "=", parsed["drug_code"])], limit=1)
        return products

    def _gsp_scan_error(self, exc):
        """The engine's error in the user's language."""
        p = exc.params
        messages = {
            "empty": lambda: self.env._("the scan is empty"),
            "check_digit": lambda: self.env._("GTIN %(gtin)s has a wrong check digit", **p),
            "not_yymmdd": lambda: self.env._("date %(value)s is not YYMMDD", **p),
            "bad_month": lambda: self.env._("date %(value)s has month %(month)s", **p),
            "bad_day": lambda: self.env._(
                "date %(value)s has day %(day)s, the month has %(days)s days", **p),
            "parens": lambda: self.env._("expected (AI)value groups"),
            "unsupported_ai": lambda: self.env._(
                "application identifier (%(ai)s) is not supported (01, 02, 10, 11, 15, 17, "
                "21, 30, 37 are)", **p),
            "fixed_length": lambda: self.env._(
                "AI (%(ai)s) needs %(length)s characters, got %(got)s", **p),
            "var_length": lambda: self.env._("AI (%(ai)s) needs 1 to %(maximum)s characters", **p),
            "not_digits": lambda: self.env._("AI (%(ai)s) needs digits", **p),
            "control_chars": lambda: self.env._("AI (%(ai)s) contains control characters", **p),
            "missing_fnc1": lambda: self.env._(
                "AI (%(ai)s) is longer than %(maximum)s characters: a FNC1 separator (GS) "
                "is missing after it", **p),
            "duplicate_ai": lambda: self.env._("AI (%(ai)s) appears twice", **p),
            "no_gtin": lambda: self.env._(
                "the GS1 string has no GTIN (AI 01): the product is unknown"),
            "digits": lambda: self.env._(
                "%(length)s digits: neither a GTIN (8, 12, 13 or 14 digits), a 20-digit "
                "药品追溯码 nor a GS1 string", **p),
            "not_gs1": lambda: self.env._(
                "not a GS1 string (it must start with an application identifier such as 01) "
                "nor a 20-digit 药品追溯码"),
        }
        return messages[exc.key]() if exc.key in messages else exc.message

    def _gsp_parse(self, barcode):
        """Values read from ``barcode``; a UserError says what is wrong with it."""
        try:
            parsed = gs1.parse(barcode)
        except gs1.ScanError as exc:
            raise UserError(
                self.env._("Cannot read the scan “%(code)s”: %(error)s",
                           code=barcode, error=self._gsp_scan_error(exc))
            ) from exc
        product = self._gsp_find_product(parsed)
        if not product:
            raise UserError(
                self.env._(
                    "No product has the barcode %(gtin)s or the drug identification code "
                    "%(code)s.",
                    gtin=parsed.get("gtin", "-"),
                    code=parsed.get("drug_code", "-"),
                )
            )
        values = {"product_id": product.id}
        if parsed.get("lot"):
            values["lot_name"] = parsed["lot"]
        if parsed.get("expiry_date"):
            values["expiration_date"] = parsed["expiry_date"]
        if parsed.get("production_date"):
            values["production_date"] = parsed["production_date"]
        if parsed.get("quantity"):
            values["quantity"] = parsed["quantity"]
        if parsed.get("trace_code"):
            values["trace_code"] = parsed["trace_code"]
        return values

    @api.onchange("barcode")
    def _onchange_barcode(self):
        if not self.barcode:
            return None
        try:
            values = self._gsp_parse(self.barcode)
        except UserError as exc:
            self.barcode = False
            return {"warning": {"title": self.env._("Scan"), "message": exc.args[0]}}
        if values.get("trace_code"):
            values["lot_name"] = self.lot_name
        self.update(values)
        return None

    def action_add(self):
        """Add the scanned product, lot and dates to the receipt and get ready for the
        next scan."""
        self.ensure_one()
        if self.barcode and not self.product_id:
            self.update(self._gsp_parse(self.barcode))
        picking = self.picking_id
        if picking.state in ("done", "cancel"):
            raise UserError(self.env._("%(picking)s is closed.", picking=picking.name))
        if not self.product_id:
            raise UserError(self.env._("Scan a product first."))
        if self.product_id.tracking != "none" and not self.lot_name:
            raise UserError(
                self.env._("%(product)s is tracked by lot: scan or enter the lot.",
                           product=self.product_id.display_name)
            )
        move = picking.move_ids.filtered(
            lambda m: m.product_id == self.product_id and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            move = self.env["stock.move"].create(
                {
                    "name": self.product_id.display_name,
                    "picking_id": picking.id,
                    "product_id": self.product_id.id,
                    "product_uom": self.product_id.uom_id.id,
                    "product_uom_qty": self.quantity,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                    "company_id": picking.company_id.id,
                }
            )
            if picking.state != "draft":
                move._action_confirm()
        lot = self.env["stock.lot"]
        if self.lot_name:
            lot = lot.search(
                [
                    ("product_id", "=", self.product_id.id),
                    ("name", "=", self.lot_name),
                    ("company_id", "in", [picking.company_id.id, False]),
                ],
                limit=1,
            )
        expiry = self.expiration_date and datetime.datetime.combine(
            self.expiration_date, datetime.time()
        )
        line_vals = {
            "move_id": move.id,
            "picking_id": picking.id,
            "product_id": self.product_id.id,
            "product_uom_id": self.product_id.uom_id.id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            "quantity": self.quantity,
        }
        if lot:
            line_vals["lot_id"] = lot.id
            lot_vals = {}
            if expiry and not lot.expiration_date:
                lot_vals["expiration_date"] = expiry
            if self.production_date and not lot.production_date:
                lot_vals["production_date"] = self.production_date
            if lot_vals:
                lot.write(lot_vals)
        elif self.lot_name:
            line_vals.update(
                lot_name=self.lot_name,
                expiration_date=expiry,
                gsp_production_date=self.production_date,
            )
        # An untouched placeholder line (reserved quantity without lot) is replaced.
        placeholder = move.move_line_ids.filtered(lambda ml: not ml.lot_id and not ml.lot_name)
        placeholder.unlink()
        line = self.env["stock.move.line"].create(line_vals)
        if move.product_uom_qty < move.quantity:
            move.product_uom_qty = move.quantity
        result = self.env._(
            "Added %(quantity)s × %(product)s, lot %(lot)s, expiry %(expiry)s",
            quantity=self.quantity,
            product=self.product_id.display_name,
            lot=line.lot_id.name or line.lot_name or "-",
            expiry=fields.Date.to_string(self.expiration_date) if self.expiration_date else "-",
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scan"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": picking.id, "default_last_result": result},
        }
