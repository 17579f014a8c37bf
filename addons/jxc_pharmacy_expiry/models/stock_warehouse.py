# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    gsp_responsible_id = fields.Many2one(
        "res.users",
        string="Expiry Responsible",
        help="Receives the near-expiry and expiry activities of this warehouse.",
    )
    gsp_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        check_company=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._gsp_ensure_quarantine_location()
        return warehouses

    def _gsp_ensure_quarantine_location(self):
        """A quarantine location under the warehouse's view location, outside its stock
        location: deliveries never reserve from it."""
        for warehouse in self.filtered(lambda w: not w.gsp_quarantine_location_id):
            location = self.env["stock.location"].create(
                {
                    "name": self.env._("Quarantine"),
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": warehouse.company_id.id,
                    "gsp_is_quarantine": True,
                }
            )
            warehouse.gsp_quarantine_location_id = location

    def _gsp_expired_quants(self):
        self.ensure_one()
        expired_before = self.company_id._gsp_expired_before()
        return self.env["stock.quant"].search(
            [
                ("location_id", "child_of", self.view_location_id.id),
                ("location_id.usage", "=", "internal"),
                ("location_id.gsp_is_quarantine", "=", False),
                ("lot_id", "!=", False),
                ("quantity", ">", 0),
                ("lot_id.expiration_date", "<", expired_before),
            ]
        )

    def action_gsp_quarantine_expired(self):
        """Move every expired lot of the warehouse to its quarantine location with one
        internal transfer; returns the transfer (or a notification if nothing to move)."""
        self.ensure_one()
        picking = self._gsp_quarantine_expired()
        if not picking:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Quarantine"),
                    "message": self.env._(
                        "No expired stock in %(warehouse)s.", warehouse=self.name
                    ),
                    "type": "info",
                },
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
        }

    def _gsp_quarantine_expired(self):
        self.ensure_one()
        self._gsp_ensure_quarantine_location()
        quants = self._gsp_expired_quants()
        if not quants:
            return self.env["stock.picking"]
        destination = self.gsp_quarantine_location_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.int_type_id.id,
                "location_id": self.lot_stock_id.id,
                "location_dest_id": destination.id,
                "origin": self.env._("Expired stock to quarantine"),
                "company_id": self.company_id.id,
            }
        )
        moves = self.env["stock.move"]
        for product in quants.product_id:
            product_quants = quants.filtered(lambda q, p=product: q.product_id == p)
            move = self.env["stock.move"].create(
                {
                    "name": product.display_name,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": sum(product_quants.mapped("quantity")),
                    "location_id": self.lot_stock_id.id,
                    "location_dest_id": destination.id,
                    "company_id": self.company_id.id,
                }
            )
            moves |= move
        moves._action_confirm()
        moves.move_line_ids.unlink()
        for quant in quants:
            move = moves.filtered(lambda m, q=quant: m.product_id == q.product_id)
            self.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": quant.product_id.id,
                    "product_uom_id": quant.product_id.uom_id.id,
                    "lot_id": quant.lot_id.id,
                    "package_id": quant.package_id.id,
                    "owner_id": quant.owner_id.id,
                    "location_id": quant.location_id.id,
                    "location_dest_id": destination.id,
                    "quantity": quant.quantity,
                    "picked": True,
                }
            )
        moves.picked = True
        picking.with_context(skip_expired=True, skip_backorder=True)._action_done()
        return picking

    @api.model
    def _gsp_cron_quarantine(self):
        companies = self.env["res.company"].search([("gsp_auto_quarantine", "=", True)])
        pickings = self.env["stock.picking"]
        for warehouse in self.search([("company_id", "in", companies.ids)]):
            pickings |= warehouse._gsp_quarantine_expired()
        return pickings
