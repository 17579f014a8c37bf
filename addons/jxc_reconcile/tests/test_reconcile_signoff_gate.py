# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReconcileCase


@tagged("post_install", "-at_install")
class TestSignOff(ReconcileCase):
    def test_only_a_manager_runs_and_signs(self):
        with self.assertRaises(AccessError):
            self._run(user=self.viewer)
        run = self._run()
        with self.assertRaises(AccessError):
            run.with_user(self.viewer).action_sign_off(note="ok")
        # Users read the runs and their differences.
        self.assertEqual(run.with_user(self.viewer).read(["state"])[0]["state"], "done")

    def test_note_is_required(self):
        run = self._run()
        with self.assertRaisesRegex(UserError, "sign-off note"):
            run.action_sign_off()
        with self.assertRaisesRegex(UserError, "sign-off note"):
            run.action_sign_off(note="   ")
        run.action_sign_off(note="Counted CK01 with the store manager.")
        self.assertEqual(run.state, "signed")
        self.assertEqual(run.signed_by_id, self.manager)
        self.assertTrue(run.signed_date)
        self.assertIn("store manager", run.message_ids[0].body)

    def test_failing_or_informational_runs_cannot_be_signed(self):
        line = self._line("CK01")
        self._set_quant_qty(self._quant(line), 0.5)
        run = self._run()
        self.assertFalse(run.passed)
        with self.assertRaisesRegex(UserError, "blocking differences"):
            run.action_sign_off(note="ok")
        info = self._run(informational=True)
        self.assertFalse(info.blocking_count)
        self.assertFalse(info.passed)
        with self.assertRaisesRegex(UserError, "information-only"):
            info.action_sign_off(note="ok")

    def test_signed_run_is_kept_as_it_is(self):
        run = self._run()
        run.action_sign_off(note="ok")
        with self.assertRaises(UserError):
            run.action_sign_off(note="again")
        with self.assertRaises(UserError):
            run.write({"qty_abs_tol": 5})
        with self.assertRaises(UserError):
            run.unlink()
        with self.assertRaises(UserError):
            run.action_run()
        # It can still be exported, printed, and compared with by a next round.
        self.assertEqual(run.action_export_xlsx()["type"], "ir.actions.act_url")
        self.assertIn(run.name, self.env["ir.actions.report"]._render_qweb_html(
            "jxc_reconcile.report_jxc_reconcile_run", run.ids)[0].decode())
        following = self.env["jxc.reconcile.run"].browse(
            run.with_user(self.manager).action_rerun()["res_id"])
        self.assertEqual(following.previous_run_id, run)
        self.assertEqual(run.state, "signed")


@tagged("post_install", "-at_install")
class TestGoLiveGate(ReconcileCase):
    def _warehouse(self, code="CK01"):
        return self.warehouses[code].with_user(self.manager)

    def test_gate_refuses_without_a_run(self):
        warehouse = self._warehouse()
        self.assertEqual(warehouse.jxc_cutover_state, "loaded")
        ok, why = warehouse._jxc_check_reconciled()
        self.assertFalse(ok)
        self.assertIn("no reconciliation", why)
        with self.assertRaisesRegex(UserError, "no reconciliation"):
            warehouse.action_jxc_mark_reconciled()

    def test_gate_refuses_a_passing_run_not_signed(self):
        self._run(["CK01"])
        with self.assertRaisesRegex(UserError, "not signed off"):
            self._warehouse().action_jxc_mark_reconciled()

    def test_gate_refuses_blocking_differences(self):
        line = self._line("CK01")
        self._set_quant_qty(self._quant(line), 1)
        self._run()
        with self.assertRaisesRegex(UserError, "blocking differences"):
            self._warehouse().action_jxc_mark_reconciled()
        # The difference is CK01's: another warehouse of the same run may pass (once
        # signed), a failing run cannot be signed: reconcile CK02 on its own.
        run = self._run(["CK02"])
        run.action_sign_off(note="CK02 counted")
        self._warehouse("CK02").action_jxc_mark_reconciled()
        self.assertEqual(self.warehouses["CK02"].jxc_cutover_state, "reconciled")

    def test_gate_accepts_a_signed_passing_run_and_goes_live(self):
        run = self._run()
        run.action_sign_off(note="All warehouses counted.")
        warehouse = self._warehouse()
        ok, why = warehouse._jxc_check_reconciled()
        self.assertTrue(ok, why)
        self.assertIn(run.name, why)
        warehouse.action_jxc_mark_reconciled()
        self.assertEqual(warehouse.jxc_cutover_state, "reconciled")
        event = warehouse.jxc_rollout_event_ids[0]
        self.assertEqual(event.to_state, "reconciled")
        # Going live checks the gate again: a newer failing round closes it.
        line = self._line("CK01")
        self._set_quant_qty(self._quant(line), 1)
        self._run(["CK01"])
        problems = warehouse._jxc_golive_problems()
        self.assertTrue(any("blocking differences" in p for p in problems), problems)

    def test_run_older_than_the_last_load_does_not_count(self):
        run = self._run(["CK01"])
        run.action_sign_off(note="ok")
        self.env.flush_all()
        self.env.cr.execute("UPDATE jxc_reconcile_run SET date_run = %s WHERE id = %s",
                            [fields.Datetime.now() - datetime.timedelta(days=1), run.id])
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "since its last load"):
            self._warehouse().action_jxc_mark_reconciled()


@tagged("post_install", "-at_install")
class TestRounds(ReconcileCase):
    def test_round_n_against_n_minus_1(self):
        quant_line = self._line("CK01", index=0)
        expiry_line = self._line("CK02", index=3)
        quant = self._quant(quant_line)
        original = quant.quantity
        self._set_quant_qty(quant, original + 2)
        expiry_line.lot_id.expiration_date += datetime.timedelta(days=3)
        first = self._run()
        self.assertFalse(first.previous_run_id)
        # Round 2: the quant is fixed, the expiry is not, a new difference appears.
        self._set_quant_qty(quant, original)
        other = self._line("CK03", index=1)
        self._set_quant_qty(self._quant(other), self._quant(other).quantity - 1)
        second = first.with_user(self.manager).action_rerun()
        second = self.env["jxc.reconcile.run"].browse(second["res_id"])
        self.assertEqual(second.previous_run_id, first)
        comparison = second.round_comparison()
        fixed = {(d["check"], d["key"]) for d in comparison.fixed}
        self.assertIn(("stock_lot", self._key(quant_line)), fixed)
        self.assertIn(("stock_product", self._key(quant_line, lot=False)), fixed)
        new = {(d["check"], d["key"]) for d in comparison.new}
        self.assertEqual(new, {("stock_lot", self._key(other)),
                               ("stock_product", self._key(other, lot=False))})
        still_open = {(d["check"], d["key"]) for d in comparison.still_open}
        self.assertIn(("stock_lot", self._key(expiry_line)), still_open)
        blocking_fixed = [d for d in comparison.fixed if d["record"].blocking]
        self.assertEqual(second.fixed_count, len(comparison.fixed))
        self.assertEqual(len(blocking_fixed), 2)
        self.assertEqual(second.new_count, len(comparison.new))
        statuses = {(d.check_code, d.key): d.round_status for d in second.difference_ids}
        self.assertEqual(statuses[("stock_lot", self._key(other))], "new")
        self.assertEqual(statuses[("stock_lot", self._key(expiry_line))], "open")
        # The wizard shows the same.
        action = second.action_compare_previous()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.fixed_count, len(comparison.fixed))
        self.assertIn(("stock_lot", self._key(other)),
                      {(d.check_code, d.key) for d in wizard.new_ids})


@tagged("post_install", "-at_install")
class TestExports(ReconcileCase):
    def test_xlsx_export(self):
        import io

        import openpyxl

        line = self._line("CK01")
        self._set_quant_qty(self._quant(line), 7)
        run = self._run()
        action = run.action_export_xlsx()
        self.assertIn("/web/content/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(run._xlsx_content()))
        self.assertEqual(book.sheetnames, ["汇总 Summary", "差异 Differences", "原因 Causes"])
        keys = [row[2].value for row in book["差异 Differences"].iter_rows(min_row=2)]
        self.assertIn(self._key(line), keys)
        self.assertEqual(len(keys), run.difference_count)

    def test_report_renders_chinese(self):
        run = self._run()
        run.action_sign_off(note="盘点已核对 counted")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "jxc_reconcile.report_jxc_reconcile_run", run.ids)[0].decode()
        self.assertIn("对账报告", html)
        self.assertIn("盘点已核对", html)
        self.assertIn(run.name, html)

    def test_pdf_embeds_a_chinese_font(self):
        """With wkhtmltopdf (and a CJK font) on the machine, the PDF embeds a Chinese font
        for the report's Chinese text."""
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        run = self._run(["CK01"])
        # wkhtmltopdf would fetch the assets from the test server, which waits on this
        # test's cursor: a closed port makes it render without them, at once.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "jxc_reconcile.report_jxc_reconcile_run", run.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(any(name in pdf for name in (
            b"WenQuanYi", b"NotoSansCJK", b"NotoSerifCJK", b"SourceHan", b"DroidSansFallback",
            b"AR PL")), "no CJK font embedded")

    def test_launch_wizard(self):
        wizard = self.env["jxc.reconcile.launch"].with_user(self.manager).create({
            "warehouse_ids": [(6, 0, self.warehouses["CK01"].ids)],
            "company_id": self.company.id,
            "qty_abs_tol": 0.5,
        })
        action = wizard.action_launch()
        run = self.env["jxc.reconcile.run"].browse(action["res_id"])
        self.assertEqual(run.state, "done")
        self.assertEqual(run.parameters["qty_abs"], 0.5)
        self.assertEqual(run.batch_id, self.warehouses["CK01"].jxc_snapshot_batch_id)
        with self.assertRaises(UserError):
            self.env["jxc.reconcile.launch"].create({"qty_rel_tol": 2})

    def test_tolerance_hides_small_differences(self):
        line = self._line("CK01")
        quant = self._quant(line)
        self._set_quant_qty(quant, quant.quantity + 1)
        self.assertFalse(self._run(["CK01"]).passed)
        self.assertTrue(self._run(["CK01"], qty_abs_tol=1).passed)
