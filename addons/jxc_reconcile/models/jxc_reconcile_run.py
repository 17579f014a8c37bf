# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import io
import logging
import os
import time

from markupsafe import Markup
from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.jxc_upgrade.services.attachments import attachments_folder

from ..engine import CAUSES, CHECKS, EXPLAINED, rounds, summary
from ..services.reconciler import LegacySource, Reconciler

_logger = logging.getLogger(__name__)

DIFFERENCE_COLUMNS = (
    "run_id", "company_id", "check_code", "warehouse_id", "product_id", "lot_id", "lot_name",
    "partner_id", "key", "legacy_qty", "odoo_qty", "qty_diff", "legacy_value", "odoo_value",
    "value_diff", "legacy_count", "odoo_count", "legacy_date", "odoo_date", "cause", "blocking",
    "note", "res_model", "res_id",
)
CHECK_SELECTION = [(check.code, check.name) for check in CHECKS]
CAUSE_SELECTION = [(code, label) for code, label, _zh in CAUSES]


class JxcReconcileRun(models.Model):
    """One round of the reconciliation: its parameters, the legacy snapshot it compared
    (and that snapshot's hash), the result per check, the differences, the sign-off."""

    _name = "jxc.reconcile.run"
    _description = "Reconciliation Run"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("New"), copy=False,
                       readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("signed", "Signed Off")],
        default="draft", required=True, tracking=True, copy=False, index=True,
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse", string="Warehouses",
        help="The warehouses compared. Left empty, the run compares every warehouse of "
        "the legacy snapshot.")
    source = fields.Selection(
        [("batch", "Staged import batch"), ("file", "New legacy file")], default="batch",
        required=True,
        help="Staged import batch: the cleaned legacy figures the import kept. New legacy "
        "file: a later export, read and cleaned for this run only.")
    batch_id = fields.Many2one("jxc.import.batch", string="Legacy Snapshot", index=True,
                               help="The import batch whose staged figures are compared.")
    profile_id = fields.Many2one("jxc.import.profile", string="Mapping Profile")
    attachment_ids = fields.Many2many("ir.attachment", string="Legacy Files")
    snapshot_hash = fields.Char(readonly=True, copy=False,
                                help="Hash of the legacy rows compared.")
    parameters = fields.Json(readonly=True, copy=False,
                             help="Tolerances, cap and options as the run used them.")
    qty_abs_tol = fields.Float(string="Quantity Tolerance", digits=(16, 6),
                               help="Absolute, in the product's base unit.")
    qty_rel_tol = fields.Float(string="Quantity Tolerance (relative)", digits=(16, 6),
                               help="A fraction: 0.001 is 0.1 %.")
    value_abs_tol = fields.Float(string="Amount Tolerance", digits=(16, 6),
                                 help="Absolute, in the company's currency.")
    value_rel_tol = fields.Float(string="Amount Tolerance (relative)", digits=(16, 6))
    cap = fields.Integer(default=10000, string="Differences Kept per Check",
                         help="At most this many differences are stored per check; every "
                         "mismatch is counted.")
    informational = fields.Boolean(
        string="Information Only",
        help="Differences are reported but block nothing; such a run cannot be signed "
        "off and does not open the go-live gate.")
    date_run = fields.Datetime(string="Run On", readonly=True, copy=False, index=True)
    user_id = fields.Many2one("res.users", string="Run By", readonly=True, copy=False)
    duration = fields.Float(readonly=True, copy=False, help="Seconds.")
    passed = fields.Boolean(readonly=True, copy=False,
                            help="No check of the run has a blocking difference.")
    difference_count = fields.Integer(readonly=True, copy=False)
    blocking_count = fields.Integer(string="Blocking Differences", readonly=True, copy=False)
    mismatch_count = fields.Integer(string="Mismatching Keys", readonly=True, copy=False,
                                    help="Every mismatching key, stored or beyond the cap.")
    previous_run_id = fields.Many2one("jxc.reconcile.run", string="Previous Round",
                                      readonly=True, copy=False)
    fixed_count = fields.Integer(string="Fixed Since Previous Round", readonly=True, copy=False)
    new_count = fields.Integer(string="New Since Previous Round", readonly=True, copy=False)
    open_count = fields.Integer(string="Still Open", readonly=True, copy=False)
    result_ids = fields.One2many("jxc.reconcile.check.result", "run_id", string="Results",
                                 readonly=True)
    difference_ids = fields.One2many("jxc.reconcile.difference", "run_id",
                                     string="Differences", readonly=True)
    cause_summary = fields.Json(readonly=True, copy=False)
    cause_summary_text = fields.Text(compute="_compute_cause_summary_text",
                                     string="Differences by Cause")
    signed_by_id = fields.Many2one("res.users", string="Signed Off By", readonly=True,
                                   copy=False)
    signed_date = fields.Datetime(string="Signed Off On", readonly=True, copy=False)
    sign_note = fields.Text(string="Sign-off Note", copy=False,
                            help="Why the figures are accepted: required to sign off.")
    error_message = fields.Text(readonly=True, copy=False)

    # ------------------------------------------------------------------ compute

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("jxc.reconcile.run") or "/"
        return super().create(vals_list)

    @api.depends("cause_summary")
    def _compute_cause_summary_text(self):
        labels = dict(self.env["jxc.reconcile.difference"]._fields["cause"]._description_selection(
            self.env))
        for run in self:
            counts = run.cause_summary or {}
            run.cause_summary_text = "\n".join(
                "%s: %s" % (labels.get(cause, cause), count)
                for cause, count in counts.items() if count
            ) or False

    def write(self, vals):
        allowed = {"message_main_attachment_id", "message_follower_ids"}
        if any(run.state == "signed" for run in self) and set(vals) - allowed:
            raise UserError(self.env._(
                "已签核的对账不可修改 A signed-off reconciliation cannot be changed: run a "
                "new round."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(run.state == "signed" for run in self):
            raise UserError(self.env._(
                "已签核的对账不可删除 A signed-off reconciliation cannot be deleted: it is "
                "the proof of the go-live."))

    # ---------------------------------------------------------------- helpers

    def _check_manager(self):
        if not self.env.user.has_group("jxc_upgrade.group_jxc_migration_manager"):
            raise AccessError(self.env._(
                "只有迁移管理员可以运行或签核对账。\n"
                "Only a JXC Migration Manager may run or sign off a reconciliation."))

    def _parameters(self):
        self.ensure_one()
        return {
            "qty_abs": self.qty_abs_tol,
            "qty_rel": self.qty_rel_tol,
            "value_abs": self.value_abs_tol,
            "value_rel": self.value_rel_tol,
            "cap": self.cap or 10000,
            "informational": self.informational,
        }

    def _default_batch(self, warehouses):
        """The warehouses' snapshot batch when they share one, else the company's latest
        applied batch that holds legacy stock lines."""
        snapshots = warehouses.jxc_snapshot_batch_id
        if len(snapshots) == 1:
            return snapshots
        if len(snapshots) > 1:
            raise UserError(self.env._(
                "所选仓库的旧系统快照不同，请选择要对账的导入批次。\n"
                "The warehouses were frozen on different legacy snapshots (%(batches)s): "
                "choose the batch to compare, or reconcile them one by one.",
                batches=", ".join(snapshots.mapped("name"))))
        self.env.cr.execute(
            "SELECT MAX(l.batch_id) FROM jxc_legacy_stock_line l"
            " JOIN jxc_import_batch b ON b.id = l.batch_id"
            " WHERE l.company_id = %s AND b.state = 'done'", [self.company_id.id])
        return self.env["jxc.import.batch"].browse(self.env.cr.fetchone()[0] or [])

    def _scope(self, source):
        """The warehouses compared: those chosen, or every warehouse of the snapshot."""
        if self.warehouse_ids:
            return self.warehouse_ids
        if source is not None:
            ids = source.warehouse_ids()
        else:
            self.env.cr.execute(
                "SELECT DISTINCT warehouse_id FROM jxc_legacy_stock_line WHERE batch_id = %s"
                " AND warehouse_id IS NOT NULL UNION SELECT DISTINCT warehouse_id FROM"
                " jxc_legacy_order_line WHERE batch_id = %s AND warehouse_id IS NOT NULL",
                [self.batch_id.id, self.batch_id.id])
            ids = [row[0] for row in self.env.cr.fetchall()]
        return self.env["stock.warehouse"].browse(ids).filtered(
            lambda w: w.company_id == self.company_id)

    def _source(self):
        """A newly read legacy file (source 'file'), or None for the batch's snapshot."""
        if self.source != "file":
            return None
        if not self.attachment_ids or not self.profile_id:
            raise UserError(self.env._(
                "请上传旧系统导出文件并选择映射方案。\n"
                "Add the legacy files and choose their mapping profile."))
        with attachments_folder(self.attachment_ids, prefix="jxc-reconcile-") as folder:
            return self._read_files([folder])

    def _read_files(self, paths):
        from odoo.addons.jxc_upgrade.engine import ReadError

        as_of = self.batch_id.as_of or fields.Date.context_today(self)
        try:
            return LegacySource(self.env, self.company_id, self.profile_id, paths,
                                as_of).load()
        except ReadError as exc:
            raise UserError(str(exc)) from exc

    def _previous(self):
        self.ensure_one()
        candidates = self.search([
            ("company_id", "=", self.company_id.id), ("state", "in", ("done", "signed")),
            ("id", "<", self.id),
        ], order="id desc", limit=50)
        for run in candidates:
            if run.warehouse_ids == self.warehouse_ids:
                return run
        return self.browse()

    # -------------------------------------------------------------------- run

    def action_run(self, paths=None):
        """Compare the legacy snapshot with Odoo and store the results (draft runs)."""
        self.ensure_one()
        self._check_manager()
        if self.state != "draft":
            raise UserError(self.env._(
                "对账已运行 This reconciliation has run: use “Run Again” for a new round."))
        started = time.monotonic()
        run = self.sudo()
        source = run._read_files(paths) if paths else run._source()
        batch = run.batch_id
        if source is None:
            if not batch:
                batch = run._default_batch(run.warehouse_ids)
            if not batch:
                raise UserError(self.env._(
                    "没有可对账的旧系统快照：请先导入旧系统数据。\n"
                    "There is no legacy snapshot to reconcile: import a legacy export "
                    "first (Inventory › Migration › Import Legacy Data)."))
        run.batch_id = batch
        warehouses = run._scope(source)
        if not warehouses:
            raise UserError(self.env._(
                "快照中没有本公司的仓库 The legacy snapshot holds no warehouse of %(company)s.",
                company=run.company_id.name))
        run.warehouse_ids = warehouses
        self.env.flush_all()
        reconciler = Reconciler(self.env, run.company_id, warehouses, batch,
                                run._parameters(), source=source)
        snapshot_hash = reconciler.snapshot_hash()
        outcomes = reconciler.run()
        if source is not None:
            source.drop()
        run._store(outcomes)
        previous = run._previous()
        counts = run._round_status(previous)
        results = run.result_ids
        passed, _failing = summary.verdict([
            {"check": r.check_code, "blocking": r.blocking, "passed": r.passed}
            for r in results])
        run.write({
            "state": "done",
            "date_run": fields.Datetime.now(),
            "user_id": self.env.user.id,
            "snapshot_hash": snapshot_hash,
            "parameters": dict(run._parameters(), source=run.source,
                               files=run.attachment_ids.mapped("name") or
                               [os.path.basename(p) for p in paths or ()],
                               warehouses=warehouses.mapped(
                                   lambda w: w.jxc_legacy_code or w.code)),
            "passed": passed and not run.informational,
            "previous_run_id": previous.id,
            "duration": time.monotonic() - started,
            **counts,
        })
        run._message_log(body=Markup("<p>%s</p>") % self.env._(
            "对账完成 Reconciliation run: %(verdict)s, %(blocking)s blocking of "
            "%(differences)s differences (%(seconds).1fs).",
            verdict=self.env._("通过 passed") if run.passed else self.env._("未通过 not passed"),
            blocking=run.blocking_count, differences=run.difference_count,
            seconds=run.duration))
        return True

    def _store(self, outcomes):
        """Results through the ORM (a few lines), differences in bulk."""
        informational = self.informational
        result_vals = []
        differences = []
        for code, outcome in outcomes.items():
            for result in outcome.results:
                vals = dict(result)
                derived = vals.pop("derived", False)
                vals.update({
                    "run_id": self.id,
                    "blocking": not informational and not derived,
                    "duration": outcome.duration,
                })
                vals["check_code"] = code
                result_vals.append(vals)
            differences.extend(outcome.differences)
        self.env["jxc.reconcile.check.result"].create(result_vals)
        rows = []
        for diff in differences:
            values = dict(diff, run_id=self.id, company_id=self.company_id.id)
            if informational:
                values["blocking"] = False
            rows.append(tuple(_sql_value(values.get(column)) for column in DIFFERENCE_COLUMNS))
        if rows:
            query = sql.SQL("INSERT INTO jxc_reconcile_difference ({}) VALUES %s").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in DIFFERENCE_COLUMNS))
            execute_values(self.env.cr, query.as_string(self.env.cr._obj), rows,
                           page_size=5000)
        self.env["jxc.reconcile.difference"].invalidate_model()
        counts = summary.by_cause(d["cause"] for d in differences)
        self.write({
            "difference_count": len(differences),
            "blocking_count": sum(1 for d in differences if d["blocking"]
                                  and not informational),
            "mismatch_count": sum(r.get("mismatch_count") or 0 for o in outcomes.values()
                                  for r in o.results if o.code != "value_warehouse"),
            "cause_summary": counts,
        })

    def _round_status(self, previous):
        """Mark each difference new or still open against round N−1, in SQL."""
        cr = self.env.cr
        cr.execute(
            "UPDATE jxc_reconcile_difference d SET round_status = CASE WHEN EXISTS ("
            " SELECT 1 FROM jxc_reconcile_difference p WHERE p.run_id = %s"
            " AND p.check_code = d.check_code AND p.key = d.key) THEN 'open' ELSE 'new' END"
            " WHERE d.run_id = %s",
            [previous.id or 0, self.id],
        )
        cr.execute(
            "SELECT COUNT(*) FILTER (WHERE round_status = 'new'),"
            " COUNT(*) FILTER (WHERE round_status = 'open')"
            " FROM jxc_reconcile_difference WHERE run_id = %s", [self.id])
        new, still_open = cr.fetchone()
        fixed = 0
        if previous:
            cr.execute(
                "SELECT COUNT(*) FROM jxc_reconcile_difference p WHERE p.run_id = %s"
                " AND NOT EXISTS (SELECT 1 FROM jxc_reconcile_difference d WHERE d.run_id = %s"
                " AND d.check_code = p.check_code AND d.key = p.key)",
                [previous.id, self.id])
            fixed = cr.fetchone()[0]
        self.env["jxc.reconcile.difference"].invalidate_model(["round_status"])
        return {"fixed_count": fixed, "new_count": new, "open_count": still_open}

    def round_comparison(self):
        """round N against N−1 with the engine, on the stored differences."""
        self.ensure_one()
        previous = self.previous_run_id.difference_ids
        return rounds.compare(
            [{"check": d.check_code, "key": d.key, "cause": d.cause, "record": d}
             for d in previous],
            [{"check": d.check_code, "key": d.key, "cause": d.cause, "record": d}
             for d in self.difference_ids],
        )

    # ----------------------------------------------------------------- actions

    def action_rerun(self):
        """A new round with the same parameters, compared with this one."""
        self.ensure_one()
        self._check_manager()
        new = self.copy({"warehouse_ids": [fields.Command.set(self.warehouse_ids.ids)],
                         "batch_id": self.batch_id.id if self.source == "batch" else False})
        new.action_run()
        return new._form_action()

    def _form_action(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_sign_off(self, note=None):
        """The admin accepts the run: done, passing, with a note."""
        self.ensure_one()
        self._check_manager()
        if note:
            self.sign_note = note
        if self.state != "done":
            raise UserError(self.env._(
                "只能签核已完成且未签核的对账 Only a run that is done (and not yet signed) can "
                "be signed off."))
        if not (self.sign_note or "").strip():
            raise UserError(self.env._(
                "请填写签核说明 Write a sign-off note: what was checked and why the figures "
                "are accepted."))
        if self.informational:
            raise UserError(self.env._(
                "仅供参考的对账不能签核 An information-only run cannot be signed off: run "
                "one whose differences block."))
        failing = self.result_ids.filtered(lambda r: r.blocking and not r.passed)
        if failing:
            raise UserError(self.env._(
                "对账仍有阻断差异，不能签核：%(checks)s\n"
                "The run has blocking differences and cannot be signed off: %(checks)s. "
                "Fix them in Odoo (or explain them with the right tolerance) and run a "
                "new round.",
                checks=", ".join(sorted(set(failing.mapped("name"))))))
        self.write({"state": "signed", "signed_by_id": self.env.user.id,
                    "signed_date": fields.Datetime.now()})
        self._message_log(body=Markup("<p>%s</p><p>%s</p>") % (
            self.env._("已签核 Signed off by %(user)s", user=self.env.user.name),
            self.sign_note))
        return True

    def action_view_differences(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_reconcile.action_jxc_reconcile_difference")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_blocking": 1, "search_default_group_check": 1}
        return action

    def action_compare_previous(self):
        self.ensure_one()
        if not self.previous_run_id:
            raise UserError(self.env._(
                "没有上一轮对账 There is no previous round with the same warehouses."))
        wizard = self.env["jxc.reconcile.round.compare"].create({"run_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Round %(run)s against %(previous)s", run=self.name,
                               previous=self.previous_run_id.name),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------ export

    def _xlsx_content(self):
        """The run as a workbook: summary and checks, differences, counts by cause."""
        import xlsxwriter

        self.ensure_one()
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        red = book.add_format({"font_color": "#b00020"})
        number = book.add_format({"num_format": "#,##0.00##"})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        selection = {
            name: dict(self.env[model]._fields[name]._description_selection(self.env))
            for model, name in (("jxc.reconcile.difference", "cause"),
                                ("jxc.reconcile.difference", "check_code"),
                                ("jxc.reconcile.difference", "round_status"))
        }

        sheet = book.add_worksheet("汇总 Summary")
        info = [
            ("对账 Run", self.name),
            ("公司 Company", self.company_id.name),
            ("仓库 Warehouses", ", ".join(
                "%s %s" % (w.jxc_legacy_code or w.code, w.name) for w in self.warehouse_ids)),
            ("旧系统快照 Legacy snapshot", self.batch_id.name or ""),
            ("快照哈希 Snapshot hash", self.snapshot_hash or ""),
            ("运行时间 Run on", fields.Datetime.to_string(self.date_run) or ""),
            ("结论 Passed", "通过 passed" if self.passed else "未通过 not passed"),
            ("状态 State", dict(self._fields["state"]._description_selection(self.env)).get(
                self.state)),
            ("签核 Signed off by", self.signed_by_id.name or ""),
            ("签核说明 Sign-off note", self.sign_note or ""),
            ("上一轮 Previous round", self.previous_run_id.name or ""),
            ("已解决/新增/仍存在 Fixed/new/open", "%s / %s / %s" % (
                self.fixed_count, self.new_count, self.open_count)),
        ]
        for row, (label, value) in enumerate(info):
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, value)
        start = len(info) + 1
        headers = ["检查 Check", "仓库 Warehouse", "旧系统 Legacy", "Odoo", "差额 Difference",
                   "旧系统键 Legacy keys", "Odoo 键 Odoo keys", "不符 Mismatches",
                   "阻断 Blocking", "通过 Passed", "秒 Seconds", "说明 Note"]
        for col, label in enumerate(headers):
            sheet.write(start, col, label, bold)
        for row, result in enumerate(self.result_ids, start=start + 1):
            style = red if result.blocking and not result.passed else None
            values = [result.name, result.warehouse_id.jxc_legacy_code or
                      result.warehouse_id.code or "", result.legacy_value, result.odoo_value,
                      result.diff, result.legacy_count, result.odoo_count,
                      result.mismatch_count, result.blocking_count,
                      "✓" if result.passed else "✗", round(result.duration, 3),
                      result.note or ""]
            for col, value in enumerate(values):
                if isinstance(value, float) and col in (2, 3, 4):
                    sheet.write_number(row, col, value, number)
                else:
                    sheet.write(row, col, value, style)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 11, 14)

        sheet = book.add_worksheet("差异 Differences")
        columns = [
            ("check_code", "检查 Check"), ("warehouse", "仓库 Warehouse"), ("key", "位置 Key"),
            ("product", "商品 Product"), ("lot_name", "批号 Lot"), ("partner", "往来单位 Partner"),
            ("legacy_qty", "旧系统数量 Legacy qty"), ("odoo_qty", "Odoo 数量 Odoo qty"),
            ("qty_diff", "数量差 Qty diff"), ("legacy_value", "旧系统金额 Legacy amount"),
            ("odoo_value", "Odoo 金额 Odoo amount"), ("value_diff", "金额差 Amount diff"),
            ("legacy_count", "旧系统单数 Legacy count"), ("odoo_count", "Odoo 单数 Odoo count"),
            ("legacy_date", "旧系统有效期 Legacy expiry"), ("odoo_date", "Odoo 有效期 Odoo expiry"),
            ("cause", "原因 Cause"), ("blocking", "阻断 Blocking"),
            ("round_status", "与上一轮 Against previous round"), ("note", "说明 Note"),
        ]
        for col, (_name, label) in enumerate(columns):
            sheet.write(0, col, label, bold)
        self.env.cr.execute(
            "SELECT d.check_code, COALESCE(w.jxc_legacy_code, w.code), d.key,"
            " COALESCE(pt.jxc_legacy_code, pp.default_code), d.lot_name,"
            " COALESCE(p.jxc_legacy_code, p.name), d.legacy_qty, d.odoo_qty, d.qty_diff,"
            " d.legacy_value, d.odoo_value, d.value_diff, d.legacy_count, d.odoo_count,"
            " d.legacy_date, d.odoo_date, d.cause, d.blocking, d.round_status, d.note"
            " FROM jxc_reconcile_difference d"
            " LEFT JOIN stock_warehouse w ON w.id = d.warehouse_id"
            " LEFT JOIN product_product pp ON pp.id = d.product_id"
            " LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id"
            " LEFT JOIN res_partner p ON p.id = d.partner_id"
            " WHERE d.run_id = %s ORDER BY d.blocking DESC, d.check_code, d.key",
            [self.id])
        for row, values in enumerate(self.env.cr.fetchall(), start=1):
            for col, value in enumerate(values):
                name = columns[col][0]
                if name in selection:
                    value = selection[name].get(value, value)
                if value is None:
                    continue
                if hasattr(value, "isoformat"):
                    sheet.write_datetime(row, col, datetime.datetime.combine(
                        value, datetime.time.min), date)
                elif isinstance(value, bool):
                    sheet.write(row, col, "✓" if value else "")
                elif isinstance(value, int | float):
                    sheet.write_number(row, col, value, number)
                else:
                    sheet.write(row, col, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(1, self.difference_count), len(columns) - 1)
        sheet.set_column(0, 0, 18)
        sheet.set_column(2, 2, 30)
        sheet.set_column(19, 19, 40)

        sheet = book.add_worksheet("原因 Causes")
        sheet.write(0, 0, "原因 Cause", bold)
        sheet.write(0, 1, "差异 Differences", bold)
        sheet.write(0, 2, "阻断 Blocking", bold)
        for row, (code, label, label_zh) in enumerate(CAUSES, start=1):
            sheet.write(row, 0, "%s %s" % (label_zh, label))
            sheet.write(row, 1, (self.cause_summary or {}).get(code, 0))
            sheet.write(row, 2, "" if code in EXPLAINED else "✓")
        sheet.set_column(0, 0, 30)
        book.close()
        return buffer.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        name = "%s.xlsx" % self.name.replace("/", "-")
        attachment = self.env["ir.attachment"].create({
            "name": name,
            "raw": self._xlsx_content(),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%d?download=true" % attachment.id,
            "target": "self",
        }

    # ------------------------------------------------------------------- gate

    @api.model
    def _jxc_last_load(self, warehouse):
        """When the warehouse was last loaded: its rollout events and the opening moves."""
        cr = self.env.cr
        cr.execute(
            "SELECT GREATEST((SELECT MAX(date) FROM jxc_rollout_event WHERE warehouse_id = %s"
            " AND to_state = 'loaded'), (SELECT MAX(m.create_date) FROM jxc_legacy_stock_line l"
            " JOIN stock_move m ON m.id = l.move_id WHERE l.warehouse_id = %s))",
            [warehouse.id, warehouse.id])
        return cr.fetchone()[0]

    @api.model
    def _jxc_gate(self, warehouse):
        """(ok, reason) of the go-live gate for ``warehouse``: the latest run covering it
        since its last load is signed off and none of its checks for the warehouse (or
        for the company) has a blocking difference."""
        last_load = self._jxc_last_load(warehouse)
        domain = [("company_id", "=", warehouse.company_id.id),
                  ("state", "in", ("done", "signed")),
                  ("warehouse_ids", "in", warehouse.ids)]
        if last_load:
            domain.append(("date_run", ">=", last_load))
        run = self.sudo().search(domain, order="date_run desc, id desc", limit=1)
        name = warehouse.display_name
        if not run:
            return False, self.env._(
                "仓库「%(warehouse)s」自上次导入后没有对账：请运行对账并签核。\n"
                "Warehouse %(warehouse)s has no reconciliation since its last load: run one "
                "(Inventory › Migration › Reconciliation) and sign it off.",
                warehouse=name)
        if run.informational:
            return False, self.env._(
                "最新对账 %(run)s 仅供参考 The latest reconciliation %(run)s is information "
                "only: run one whose differences block.", run=run.name)
        failing = run.result_ids.filtered(
            lambda r: r.blocking and not r.passed
            and (not r.warehouse_id or r.warehouse_id == warehouse))
        if failing:
            return False, self.env._(
                "最新对账 %(run)s 仍有阻断差异：%(checks)s\n"
                "The latest reconciliation %(run)s has blocking differences for "
                "%(warehouse)s: %(checks)s.",
                run=run.name, warehouse=name,
                checks=", ".join(sorted(set(failing.mapped("name")))))
        if run.state != "signed":
            return False, self.env._(
                "最新对账 %(run)s 尚未签核 The latest reconciliation %(run)s passed but is not "
                "signed off: a JXC Migration Manager signs it off with a note.", run=run.name)
        return True, self.env._(
            "%(run)s 已由 %(user)s 于 %(date)s 签核，无阻断差异 — signed off by %(user)s on "
            "%(date)s, no blocking difference.",
            run=run.name, user=run.signed_by_id.name, date=run.signed_date)


def _sql_value(value):
    if isinstance(value, dict | list):
        return str(value)
    return value
