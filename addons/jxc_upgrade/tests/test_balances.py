# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import unittest
from decimal import Decimal

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..services.balances import OpeningBalancesLoader
from .common import SHARED_SAMPLES
from .common_rollout import JxcRolloutCase


@tagged("post_install", "-at_install")
class TestOpeningBalances(JxcRolloutCase):
    """AR/AP opening balances, in a company with the Chinese chart (l10n_cn) when the
    database has it, else in the main company's chart."""

    chinese_company = True

    def _loader(self):
        return OpeningBalancesLoader(self._menv(), self.company)

    def _warehouse(self):
        return self._wh(sorted(self.warehouses)[0])

    def _expected(self):
        return {p["code"]: (float(p["ar"]), float(p["ap"])) for p in self.data["partners"]}

    def _odoo(self):
        partners = self._legacy_partners()
        return {p.jxc_legacy_code: v for p, v in self._partner_balances(partners).items()}

    def test_opening_entry_makes_each_partner_equal_legacy(self):
        result = self._loader().load(self.batch, self._warehouse())
        self.assertTrue(result["created"])
        self.assertEqual(self._odoo(), self._expected())
        move = self.company.jxc_opening_move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.move_type, "entry")
        self.assertEqual(move.journal_id.type, "general")
        self.assertEqual(move.date, self.batch.as_of)
        self.assertEqual(move.ref, "JXC opening balances %s" % self.batch.name)
        self.assertEqual(self.company.jxc_opening_warehouse_id, self.warehouses[
            sorted(self.warehouses)[0]])
        equity = move.line_ids.filtered(
            lambda rec: rec.account_id == self.company.get_unaffected_earnings_account())
        self.assertEqual(len(equity), 1)
        self.assertAlmostEqual(
            equity.balance,
            -float(sum((p["ar"] - p["ap"] for p in self.data["partners"]), Decimal(0))),
            places=2)
        balances = self.env["jxc.legacy.partner.balance"].search(
            [("batch_id", "=", self.batch.id)])
        self.assertEqual(set(balances.mapped("move_id")), {move})
        if self.l10n_cn:
            self.assertEqual(self.company.chart_template, "cn")
            receivable = move.line_ids.filtered(
                lambda rec: rec.account_id.account_type == "asset_receivable")
            payable = move.line_ids.filtered(
                lambda rec: rec.account_id.account_type == "liability_payable")
            # 1122 应收账款 / 2202 应付账款 of the Chinese chart.
            self.assertEqual(set(receivable.account_id.mapped("code")), {"112200"})
            self.assertEqual(set(payable.account_id.mapped("code")), {"220200"})

    def test_second_load_creates_nothing(self):
        loader = self._loader()
        first = loader.load(self.batch, self._warehouse())
        second = loader.load(self.batch, self._warehouse())
        self.assertFalse(second["created"])
        self.assertEqual(second["move"], first["move"])
        self.assertEqual(self.env["account.move"].search_count(
            [("ref", "=", "JXC opening balances %s" % self.batch.name)]), 1)
        self.assertEqual(self._odoo(), self._expected())

    def test_rollback_reverses_the_entry(self):
        loader = self._loader()
        loader.load(self.batch, self._warehouse())
        move = self.company.jxc_opening_move_id
        result = loader.rollback()
        self.assertEqual(result["reversed"], move.name)
        self.assertTrue(move.reversal_move_ids)
        self.assertEqual(move.reversal_move_ids.state, "posted")
        self.assertFalse(self.company.jxc_opening_move_id)
        self.assertTrue(all(v == (0.0, 0.0) for v in self._odoo().values()), self._odoo())
        # A later load posts a new entry.
        again = loader.load(self.batch, self._warehouse())
        self.assertTrue(again["created"])
        self.assertEqual(self._odoo(), self._expected())

    def test_rollback_refuses_when_a_payment_is_reconciled(self):
        loader = self._loader()
        loader.load(self.batch, self._warehouse())
        move = self.company.jxc_opening_move_id
        opening, payment = self._pay_opening_receivable(100.0)
        partner = opening.partner_id
        self.assertTrue(opening.matched_credit_ids)
        dependents = loader.dependents()
        self.assertEqual(len(dependents), 1)
        self.assertIn(partner.display_name, dependents[0])
        self.assertIn(payment.move_id.display_name, dependents[0])
        with self.assertRaises(UserError):
            loader.rollback()
        self.assertEqual(self.company.jxc_opening_move_id, move)
        self.assertFalse(move.reversal_move_ids)


@tagged("post_install", "-at_install")
@unittest.skipUnless(os.path.isdir(SHARED_SAMPLES), "shared/legacy-samples is not beside the repo")
class TestSharedSampleBalances(JxcRolloutCase):
    """The shared sample's AR total 157978.32 and AP total 348761.95 (expected.json)."""

    chinese_company = True
    shared_sample = True

    def test_totals_and_partners_equal_expected(self):
        warehouse = self._wh(self.shared["warehouses"][0])
        OpeningBalancesLoader(self._menv(), self.company).load(self.batch, warehouse)
        partners = self._legacy_partners()
        odoo = {p.jxc_legacy_code: v for p, v in self._partner_balances(partners).items()}
        expected = {p["code"]: (float(p["ar"]), float(p["ap"]))
                    for p in self.shared["partner_list"]}
        self.assertEqual(odoo, expected)
        self.assertAlmostEqual(sum(v[0] for v in odoo.values()),
                               float(self.shared["ar_total"]), places=2)
        self.assertAlmostEqual(sum(v[1] for v in odoo.values()),
                               float(self.shared["ap_total"]), places=2)
        self.assertEqual(float(self.shared["ar_total"]), 157978.32)
        self.assertEqual(float(self.shared["ap_total"]), 348761.95)
