# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Legacy open orders (未完成订单) → confirmed Odoo purchase and sale orders.

One Odoo order per legacy number, in the warehouse of its lines, one line per product
for the open quantity (数量 − 已完成数量) at the legacy price, confirmed so that its
receipt or delivery exists and waits. The legacy number (``jxc_legacy_number``) makes
the load idempotent: an order that exists is not created again, a draft left by an
interrupted load is confirmed. The created order lines are tied back to the legacy
lines (``purchase_line_id`` / ``sale_line_id``).
"""

import datetime
import logging

from odoo import fields
from odoo.fields import Command

_logger = logging.getLogger(__name__)

LOAD_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
    "jxc_cutover_load": True,
}


class OpenOrdersLoader:
    def __init__(self, env, warehouse, commit_chunks=False):
        # The warehouse's transitions checked that the user is a migration manager;
        # orders need the rights of Purchase and Sales, which the manager may not have.
        # sudo() keeps the user as the author of every record.
        self.env = env["base"].sudo().with_context(**LOAD_CONTEXT).with_company(
            warehouse.company_id
        ).env
        self.warehouse = warehouse.with_env(self.env)
        self.company = self.warehouse.company_id
        self.commit_chunks = commit_chunks

    # --------------------------------------------------------------- helpers

    def _commit(self):
        if self.commit_chunks:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _legacy_lines(self, batch):
        return self.env["jxc.legacy.order.line"].search(
            [("batch_id", "=", batch.id), ("warehouse_id", "=", self.warehouse.id)],
            order="number, id",
        )

    def purchase_orders(self):
        """The purchase orders the migration created in this warehouse."""
        return self.env["purchase.order"].with_context(active_test=False).search(
            [("company_id", "=", self.company.id), ("jxc_legacy_number", "!=", False),
             ("picking_type_id.warehouse_id", "=", self.warehouse.id)]
        )

    def sale_orders(self):
        """The sale orders the migration created in this warehouse."""
        return self.env["sale.order"].with_context(active_test=False).search(
            [("company_id", "=", self.company.id), ("jxc_legacy_number", "!=", False),
             ("warehouse_id", "=", self.warehouse.id)]
        )

    def _existing(self, model, numbers):
        orders = self.env[model].with_context(active_test=False).search(
            [("company_id", "=", self.company.id), ("jxc_legacy_number", "in", list(numbers))]
        )
        return {order.jxc_legacy_number: order for order in orders}

    @staticmethod
    def _date(day):
        if not day:
            return fields.Datetime.now()
        return datetime.datetime.combine(day, datetime.time(12, 0))

    # --------------------------------------------------------------- purchase

    def _purchase_vals(self, number, lines):
        head = lines[0]
        return {
            "partner_id": head.partner_id.id,
            "company_id": self.company.id,
            "picking_type_id": self.warehouse.in_type_id.id,
            "date_order": self._date(head.date),
            "origin": number,
            "partner_ref": number,
            "jxc_legacy_number": number,
            "order_line": [
                Command.create({
                    "product_id": line.product_id.id,
                    "name": line.product_id.display_name,
                    "product_qty": line.open_qty,
                    "product_uom": line.product_id.uom_id.id,
                    "price_unit": line.price,
                    "date_planned": self._date(head.date),
                })
                for line in lines
            ],
        }

    def _confirm_purchase(self, order):
        if order.state in ("draft", "sent"):
            order.button_confirm()
        if order.state == "to approve":
            # Double validation: the legacy system approved the order long ago.
            order.write({"state": "purchase", "date_approve": fields.Datetime.now()})
            order._create_picking()

    # ------------------------------------------------------------------- sale

    def _sale_vals(self, number, lines):
        head = lines[0]
        return {
            "partner_id": head.partner_id.id,
            "company_id": self.company.id,
            "warehouse_id": self.warehouse.id,
            "date_order": self._date(head.date),
            "origin": number,
            "client_order_ref": number,
            "jxc_legacy_number": number,
            "order_line": [
                Command.create({
                    "product_id": line.product_id.id,
                    "product_uom_qty": line.open_qty,
                    "product_uom": line.product_id.uom_id.id,
                    "price_unit": line.price,
                })
                for line in lines
            ],
        }

    def _confirm_sale(self, order, day):
        if order.state in ("draft", "sent"):
            order.action_confirm()
            # Confirming dates the order today; it keeps the legacy document's date.
            order.date_order = self._date(day)

    # -------------------------------------------------------------- interface

    def load(self, batch):
        """Create and confirm the open orders of ``batch`` in the warehouse."""
        legacy = self._legacy_lines(batch)
        skipped = legacy.filtered(lambda line: line.open_qty <= 0)
        unresolved = (legacy - skipped).filtered(
            lambda line: not line.product_id or not line.partner_id
        )
        todo = legacy - skipped - unresolved
        by_number = {}
        for line in todo:
            by_number.setdefault((line.kind, line.number), []).append(line)
        counts = {"orders_created": 0, "orders_kept": 0, "lines": 0,
                  "skipped_lines": len(skipped), "unresolved_lines": len(unresolved)}
        if unresolved:
            _logger.warning("Open order lines without product or partner: %s",
                            ", ".join(unresolved.mapped("number")))
        for kind in ("purchase", "sale"):
            model, link = (("purchase.order", "purchase_line_id") if kind == "purchase"
                           else ("sale.order", "sale_line_id"))
            numbers = [number for k, number in by_number if k == kind]
            existing = self._existing(model, numbers)
            for number in numbers:
                lines = by_number[(kind, number)]
                order = existing.get(number)
                if order:
                    counts["orders_kept"] += 1
                else:
                    vals = (self._purchase_vals if kind == "purchase" else self._sale_vals)(
                        number, lines)
                    order = self.env[model].create(vals)
                    counts["orders_created"] += 1
                if kind == "purchase":
                    self._confirm_purchase(order)
                else:
                    self._confirm_sale(order, lines[0].date)
                # Tie each legacy line to its order line (by product: one per product).
                by_product = {ol.product_id.id: ol for ol in order.order_line}
                for line in lines:
                    if not line[link] and line.product_id.id in by_product:
                        line[link] = by_product[line.product_id.id]
                counts["lines"] += len(lines)
                self._commit()
        return counts

    def dependents(self):
        """Later transactions on the migrated orders: a done receipt or delivery, an
        invoice or bill. A rollback refuses while any exists."""
        found = []
        for order in list(self.purchase_orders()) + list(self.sale_orders()):
            done = order.picking_ids.filtered(lambda p: p.state == "done")
            for picking in done:
                found.append("%s (%s): %s %s" % (
                    order.name, order.jxc_legacy_number,
                    self.env._("已完成的调拨 done transfer"), picking.name))
            invoices = order.invoice_ids.filtered(lambda inv: inv.state != "cancel")
            for invoice in invoices:
                found.append("%s (%s): %s %s" % (
                    order.name, order.jxc_legacy_number,
                    self.env._("发票/账单 invoice or bill"), invoice.name or invoice.display_name))
        return found

    def rollback(self):
        """Cancel and delete the migrated orders of the warehouse, with their transfers."""
        purchases, sales = self.purchase_orders(), self.sale_orders()
        pickings = purchases.picking_ids | sales.picking_ids
        purchases.filtered(lambda o: o.state != "cancel").button_cancel()
        sales.filtered("locked").action_unlock()
        sales.filtered(lambda o: o.state != "cancel")._action_cancel()
        pickings = pickings.filtered(lambda p: p.state == "cancel")
        counts = {"purchase_orders": len(purchases), "sale_orders": len(sales),
                  "transfers": len(pickings)}
        # The legacy lines' links are cleared by the lines' ondelete (set null).
        pickings.unlink()
        purchases.unlink()
        sales.unlink()
        return counts
