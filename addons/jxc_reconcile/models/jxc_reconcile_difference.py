# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .jxc_reconcile_run import CAUSE_SELECTION, CHECK_SELECTION


class JxcReconcileDifference(models.Model):
    """One mismatching key of a check: both sides' figures and its cause.

    Written in bulk by the run (only mismatches, at most the run's cap per check);
    ``res_model`` / ``res_id`` lead to the Odoo record behind it.
    """

    _name = "jxc.reconcile.difference"
    _description = "Reconciliation Difference"
    _order = "run_id desc, blocking desc, check_code, key"
    _rec_name = "key"
    _log_access = False

    run_id = fields.Many2one("jxc.reconcile.run", required=True, ondelete="cascade",
                             index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    check_code = fields.Selection(CHECK_SELECTION, string="Check", required=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", index=True)
    product_id = fields.Many2one("product.product", index="btree_not_null")
    lot_id = fields.Many2one("stock.lot")
    lot_name = fields.Char(string="Lot Number")
    partner_id = fields.Many2one("res.partner", index="btree_not_null")
    key = fields.Char(required=True, index=True,
                      help="The position in legacy codes: warehouse/product/lot, partner …")
    legacy_qty = fields.Float(digits="Product Unit of Measure")
    odoo_qty = fields.Float(digits="Product Unit of Measure")
    qty_diff = fields.Float(string="Qty Difference", digits="Product Unit of Measure")
    legacy_value = fields.Monetary(string="Legacy Amount", currency_field="currency_id")
    odoo_value = fields.Monetary(string="Odoo Amount", currency_field="currency_id")
    value_diff = fields.Monetary(string="Amount Difference", currency_field="currency_id")
    legacy_count = fields.Integer()
    odoo_count = fields.Integer()
    legacy_date = fields.Date(string="Legacy Expiry")
    odoo_date = fields.Date(string="Odoo Expiry")
    cause = fields.Selection(CAUSE_SELECTION, required=True, index=True)
    blocking = fields.Boolean(index=True)
    note = fields.Char()
    res_model = fields.Char(string="Odoo Model")
    res_id = fields.Integer(string="Odoo Record")
    round_status = fields.Selection(
        [("new", "New"), ("open", "Still Open")], string="Against Previous Round",
        help="New: not in round N−1. Still open: round N−1 had the same key.")

    def action_open_record(self):
        """Drill down to what Odoo holds behind the difference."""
        self.ensure_one()
        warehouse = self.warehouse_id
        location_domain = [("location_id", "child_of", warehouse.view_location_id.id),
                           ("location_id.usage", "=", "internal")] if warehouse else []
        name = self.key
        if self.check_code in ("stock_lot", "stock_product") and self.product_id:
            domain = [("product_id", "=", self.product_id.id)] + location_domain
            if self.check_code == "stock_lot" and self.lot_id:
                domain.append(("lot_id", "=", self.lot_id.id))
            return self._list_action("stock.quant", domain, name)
        if self.check_code in ("value_product", "value_company") and self.product_id:
            return self._list_action(
                "stock.valuation.layer", [("product_id", "=", self.product_id.id),
                                          ("company_id", "=", self.company_id.id)], name)
        if self.check_code in ("partner_ar", "partner_ap") and self.partner_id:
            account_type = ("asset_receivable" if self.check_code == "partner_ar"
                            else "liability_payable")
            return self._list_action("account.move.line", [
                ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                ("account_id.account_type", "=", account_type),
                ("parent_state", "=", "posted"), ("company_id", "=", self.company_id.id)],
                name)
        if self.check_code == "open_orders" and self.res_model in ("sale.order",
                                                                   "purchase.order"):
            domain = [("partner_id", "child_of", self.partner_id.id),
                      ("company_id", "=", self.company_id.id)]
            if self.res_model == "sale.order":
                domain += [("state", "=", "sale"), ("warehouse_id", "=", warehouse.id)]
            else:
                domain += [("state", "in", ("purchase", "done")),
                           ("picking_type_id.warehouse_id", "=", warehouse.id)]
            return self._list_action(self.res_model, domain, name)
        if self.res_model and self.res_id:
            return {
                "type": "ir.actions.act_window",
                "res_model": self.res_model,
                "res_id": self.res_id,
                "view_mode": "form",
                "target": "current",
            }
        return False

    def _list_action(self, model, domain, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "view_mode": "list,form",
            "target": "current",
            "context": {"create": False},
        }
