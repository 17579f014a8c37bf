# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Legacy receivables and payables (应收余额 / 应付余额) → one posted opening entry.

One miscellaneous entry per company, dated the batch's cut-over date: per partner a line
on its receivable account (debit 应收余额) and one on its payable account (credit
应付余额), balanced on the equity account Odoo's own opening balances use (undistributed
profits, ``get_unaffected_earnings_account``). Each partner's open receivable and
payable in Odoo then equal the legacy figures, and later payments reconcile with them.

Partner balances are company-wide: the first warehouse load of the company posts the
entry (the company records which move and which warehouse), the rollback of the last
warehouse still holding migrated data reverses it.
"""

from odoo.exceptions import UserError
from odoo.fields import Command

LOAD_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class OpeningBalancesLoader:
    def __init__(self, env, company):
        # Accounting rights are not a migration manager's: the transitions checked the
        # manager; sudo() keeps the user as the author.
        self.env = env["base"].sudo().with_context(**LOAD_CONTEXT).with_company(company).env
        self.company = company.with_env(self.env)

    # --------------------------------------------------------------- helpers

    def move(self):
        """The company's posted, not reversed, opening entry of the migration."""
        move = self.company.jxc_opening_move_id
        if move and move.state == "posted" and not move.reversal_move_ids:
            return move
        return self.env["account.move"]

    def _journal(self):
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.company),
             ("type", "=", "general")],
            order="sequence, id",
        )
        return journal.filtered(lambda j: j.code == "MISC")[:1] or journal[:1]

    def _lines(self, batch):
        balances = self.env["jxc.legacy.partner.balance"].search(
            [("batch_id", "=", batch.id), ("company_id", "=", self.company.id)]
        )
        currency = self.company.currency_id
        missing = balances.filtered(lambda b: not b.partner_id)
        if missing:
            raise UserError(self.env._(
                "以下往来单位没有导入，不能导入其期初余额 These partners of the legacy balances "
                "were not imported: %(codes)s", codes=", ".join(missing.mapped("partner_code"))))
        lines, receivable, payable = [], 0.0, 0.0
        for balance in balances:
            partner = balance.partner_id.with_company(self.company)
            for amount, account, label in (
                (balance.receivable, partner.property_account_receivable_id, "应收余额"),
                (-balance.payable, partner.property_account_payable_id, "应付余额"),
            ):
                if currency.is_zero(amount):
                    continue
                if not account:
                    raise UserError(self.env._(
                        "往来单位 %(partner)s 没有应收/应付科目 Partner %(partner)s has no "
                        "receivable or payable account: install a chart of accounts.",
                        partner=partner.display_name))
                lines.append({
                    "name": "%s %s" % (label, balance.partner_code),
                    "partner_id": partner.id,
                    "account_id": account.id,
                    "balance": currency.round(amount),
                })
            receivable += balance.receivable
            payable += balance.payable
        return balances, lines, currency.round(receivable), currency.round(payable)

    # -------------------------------------------------------------- interface

    def load(self, batch, warehouse):
        """Post the opening entry of ``batch`` unless the company has one already."""
        move = self.move()
        if move:
            return {"move": move.name, "created": False,
                    "loaded_by": self.company.jxc_opening_warehouse_id.display_name}
        balances, lines, receivable, payable = self._lines(batch)
        if not lines:
            return {"move": False, "created": False, "partners": 0}
        journal = self._journal()
        if not journal:
            raise UserError(self.env._(
                "公司 %(company)s 没有杂项日记账 Company %(company)s has no miscellaneous "
                "journal: install a chart of accounts (l10n_cn).",
                company=self.company.name))
        equity = self.company.get_unaffected_earnings_account()
        total = sum(line["balance"] for line in lines)
        lines.append({
            "name": "期初往来余额 Opening balances %s" % batch.name,
            "account_id": equity.id,
            "balance": -self.company.currency_id.round(total),
        })
        move = self.env["account.move"].create({
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": self.company.id,
            "date": batch.as_of,
            "ref": "JXC opening balances %s" % batch.name,
            "line_ids": [Command.create(line) for line in lines],
        })
        move.action_post()
        balances.write({"move_id": move.id})
        self.company.write({"jxc_opening_move_id": move.id,
                            "jxc_opening_warehouse_id": warehouse.id})
        return {"move": move.name, "created": True, "partners": len(balances),
                "receivable": receivable, "payable": payable}

    def dependents(self):
        """Payments (or anything) reconciled with the opening entry's partner lines."""
        move = self.move()
        found = []
        for line in move.line_ids.filtered(
            lambda rec: rec.account_id.account_type in ("asset_receivable", "liability_payable")
        ):
            partials = line.matched_debit_ids | line.matched_credit_ids
            for partial in partials:
                other = (partial.debit_move_id | partial.credit_move_id) - line
                found.append("%s %s: %s %s" % (
                    move.name, line.partner_id.display_name,
                    self.env._("已核销 reconciled with"), other.move_id.display_name))
        return found

    def rollback(self):
        """Reverse the opening entry (the reversal is reconciled with it)."""
        move = self.move()
        if not move:
            self.company.write({"jxc_opening_move_id": False, "jxc_opening_warehouse_id": False})
            return {"reversed": False}
        dependents = self.dependents()
        if dependents:
            raise UserError("\n".join(dependents))
        reverse = move._reverse_moves(
            [{"date": move.date, "ref": "Reversal of %s" % move.ref}], cancel=True
        )
        self.env["jxc.legacy.partner.balance"].search([("move_id", "=", move.id)]).write(
            {"move_id": False})
        self.company.write({"jxc_opening_move_id": False, "jxc_opening_warehouse_id": False})
        return {"reversed": move.name, "reversal": reverse.name}
