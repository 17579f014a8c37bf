# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import os

from odoo import Command

from .common import SHARED_SAMPLES, JxcImportCase


class JxcRolloutCase(JxcImportCase):
    """The generated 管家婆 set imported (master data and snapshot), warehouses in
    'legacy'; optionally in a company of its own with the Chinese chart of accounts."""

    chinese_company = False
    l10n_cn = False
    # True: the project's shared 管家婆 sample (SHARED_SAMPLES) and its expected.json
    # instead of the generated set.
    shared_sample = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_own_company()
        cls.company = cls.env(user=cls.manager).company.with_env(cls.env)
        if cls.shared_sample:
            with open(os.path.join(SHARED_SAMPLES, "expected.json"), encoding="utf-8") as handle:
                cls.shared = json.load(handle)
            cls.batch = cls._batch()
            cls.batch.as_of = cls.shared["as_of"]
            cls.batch.action_stage(paths=[os.path.join(SHARED_SAMPLES, "guanjiapo")])
        else:
            cls.batch = cls._batch()
            cls.batch.action_stage(paths=[cls.gjp])
        cls.batch.action_apply()
        cls.warehouses = {
            wh.jxc_legacy_code: wh
            for wh in cls.env["stock.warehouse"].search(
                [("jxc_legacy_code", "!=", False), ("company_id", "=", cls.company.id)])
        }

    @classmethod
    def _use_own_company(cls):
        """A company of the test's own, so that what a database already holds (a
        database kept for pytest-odoo loops, a demo) does not count. With
        ``chinese_company``, it gets the l10n_cn chart of accounts when l10n_cn is
        installed, else Odoo's generic chart (CI databases without l10n_cn)."""
        country = cls.env.ref("base.cn")
        company = cls.env["res.company"].create({
            "name": "JXC 测试医药有限公司 %s" % cls.__name__,
            "country_id": country.id,
            "currency_id": cls.env.ref("base.CNY").id,
        })
        if cls.chinese_company:
            templates = cls.env["account.chart.template"]._get_chart_template_mapping()
            cls.l10n_cn = "cn" in templates and bool(cls.env["ir.module.module"].search_count(
                [("name", "=", "l10n_cn"), ("state", "=", "installed")]))
            cls.env["account.chart.template"].try_loading(
                "cn" if cls.l10n_cn else "generic_coa", company, install_demo=False)
        cls.manager.write({"company_ids": [Command.link(company.id)],
                           "company_id": company.id})
        cls.viewer.write({"company_ids": [Command.link(company.id)],
                          "company_id": company.id})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))

    def _menv(self):
        """The migration manager's environment."""
        return self.env(user=self.manager)

    def _wh(self, code):
        return self.warehouses[code].with_env(self._menv())

    def _legacy_orders(self, code=None, batch=None):
        domain = [("batch_id", "=", (batch or self.batch).id)]
        if code:
            domain.append(("warehouse_id", "=", self.warehouses[code].id))
        return self.env["jxc.legacy.order.line"].search(domain)

    def _migrated_orders(self, code=None):
        po_domain = [("jxc_legacy_number", "!=", False), ("company_id", "=", self.company.id)]
        so_domain = [("jxc_legacy_number", "!=", False), ("company_id", "=", self.company.id)]
        if code:
            po_domain.append(("picking_type_id.warehouse_id", "=", self.warehouses[code].id))
            so_domain.append(("warehouse_id", "=", self.warehouses[code].id))
        return (self.env["purchase.order"].search(po_domain),
                self.env["sale.order"].search(so_domain))

    def _legacy_partners(self):
        """The partners of this test's batch (partners are shared by the companies)."""
        return self.env["jxc.legacy.partner.balance"].search(
            [("batch_id", "=", self.batch.id)]).partner_id

    def _partner_balances(self, partners):
        """partner → (open receivable, open payable) in Odoo."""
        lines = self.env["account.move.line"].search([
            ("partner_id", "in", partners.ids),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "in", ("asset_receivable", "liability_payable")),
            ("company_id", "=", self.company.id),
        ])
        result = {p: [0.0, 0.0] for p in partners}
        for line in lines:
            if line.account_id.account_type == "asset_receivable":
                result[line.partner_id][0] += line.amount_residual
            else:
                result[line.partner_id][1] -= line.amount_residual
        return {p: (round(r, 2), round(a, 2)) for p, (r, a) in result.items()}

    def _quant_totals(self, warehouse):
        quants = self.env["stock.quant"].search([
            ("location_id", "child_of", warehouse.view_location_id.id),
            ("location_id.usage", "=", "internal"),
        ])
        return round(sum(quants.mapped("quantity")), 2), len(quants)

    def _pay_opening_receivable(self, amount):
        """A customer payment reconciled with the company's first opening receivable:
        a later transaction that depends on the migrated balances."""
        opening = self.company.jxc_opening_move_id.line_ids.filtered(
            lambda rec: rec.account_id.account_type == "asset_receivable")[:1]
        payment = self.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer",
            "partner_id": opening.partner_id.id, "amount": amount,
            "company_id": self.company.id,
            "journal_id": self.env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1).id,
        })
        payment.action_post()
        (payment.move_id.line_ids.filtered(lambda rec: rec.account_id == opening.account_id)
         | opening).reconcile()
        return opening, payment
