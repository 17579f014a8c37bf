# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import json
import logging

from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import engine
from ..services.attachments import attachments_folder
from ..services.master_data import MasterDataLoader
from .jxc_import_issue import SEVERITIES

_logger = logging.getLogger(__name__)

SEVERITY_ORDER = {code: index for index, (code, _label) in enumerate(SEVERITIES)}
MASTER_ENTITIES = ("category", "uom", "product", "partner", "warehouse")


def jsonable(value):
    """Decimals and dates of the engine as JSON text (fields.Json stores plain JSON)."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


class JxcImportBatch(models.Model):
    """One import of a customer's legacy export: its files, staged rows, issues, result.

    stage (read + bulk-insert raw rows) → validate (clean, issues, dry-run plan)
    → apply (master data, tied to legacy keys). Every step can be run again.
    """

    _name = "jxc.import.batch"
    _description = "Legacy Import Batch"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("New"), copy=False)
    profile_id = fields.Many2one("jxc.import.profile", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    source = fields.Selection(
        [("files", "Files"), ("soap", "SOAP service")], default="files", required=True
    )
    soap_url = fields.Char(string="WSDL URL")
    attachment_ids = fields.Many2many("ir.attachment", string="Source Files")
    as_of = fields.Date(
        default=fields.Date.context_today,
        required=True,
        help="Cut-over date: stock expiring before it is reported as expired.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("staged", "Staged"),
            ("validated", "Validated (dry run)"),
            ("done", "Imported"),
            ("failed", "Failed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    tables = fields.Json(copy=False, help="Header and 合计 row of each staged table.")
    plan = fields.Json(copy=False, help="What applying creates, updates or leaves unchanged.")
    totals = fields.Json(copy=False, help="Legacy 合计 rows against what was read.")
    result = fields.Json(copy=False, help="What the last apply did.")
    error_message = fields.Text(copy=False)
    row_ids = fields.One2many("jxc.import.row", "batch_id")
    issue_ids = fields.One2many("jxc.import.issue", "batch_id")
    row_count = fields.Integer(compute="_compute_counts")
    reject_count = fields.Integer(compute="_compute_counts")
    flag_count = fields.Integer(compute="_compute_counts")
    warning_count = fields.Integer(compute="_compute_counts")
    done_count = fields.Integer(compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts", help="Share of valid rows imported.")
    summary = fields.Text(compute="_compute_summary")
    error_report_id = fields.Many2one("ir.attachment", copy=False, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("jxc.import.batch") or "/"
        return super().create(vals_list)

    @api.depends("row_ids", "issue_ids")
    def _compute_counts(self):
        rows = {
            (batch.id, state): count
            for batch, state, count in self.env["jxc.import.row"]._read_group(
                [("batch_id", "in", self.ids)], ["batch_id", "state"], ["__count"]
            )
        }
        issues = {
            (batch.id, severity): count
            for batch, severity, count in self.env["jxc.import.issue"]._read_group(
                [("batch_id", "in", self.ids)], ["batch_id", "severity"], ["__count"]
            )
        }
        for batch in self:
            states = {s: rows.get((batch.id, s), 0) for s in ("staged", "valid", "flagged",
                                                                 "rejected", "done")}
            batch.row_count = sum(states.values())
            batch.reject_count = states["rejected"]
            batch.flag_count = issues.get((batch.id, "flag"), 0)
            batch.warning_count = issues.get((batch.id, "warning"), 0)
            batch.done_count = states["done"]
            importable = batch.row_count - states["rejected"]
            batch.progress = 100.0 * states["done"] / importable if importable else 0.0

    @api.depends("plan", "result", "totals")
    def _compute_summary(self):
        for batch in self:
            lines = []
            for title, data in ((self.env._("Plan"), batch.plan),
                                (self.env._("Result"), batch.result)):
                if not data:
                    continue
                lines.append(title)
                for entity, counts in data.items():
                    lines.append("  %s: %s" % (entity, ", ".join(
                        "%s %s" % (k, v) for k, v in counts.items())))
            for total in batch.totals or []:
                lines.append(
                    "%s %s: 合计 %s / read %s / kept %s%s" % (
                        total["file"], total["column"], total["legacy_total"],
                        total["read_total"], total["staged_total"],
                        "" if total["ok"] else "  ≠",
                    )
                )
            batch.summary = "\n".join(lines)

    # ------------------------------------------------------------------ staging

    def _check_manager(self):
        if not self.env.user.has_group("jxc_upgrade.group_jxc_migration_manager"):
            raise UserError(
                self.env._(
                    "只有迁移管理员可以导入旧系统数据。\n"
                    "Only a JXC Migration Manager may import legacy data."
                )
            )

    def _read_sources(self, paths=None):
        """Read the batch's files (or ``paths``, or its SOAP service) into engine tables."""
        profile = self.profile_id._to_engine_dict()
        if self.source == "soap":
            # zeep is imported only when a SOAP source is used.
            from ..engine import soap_source

            return soap_source.fetch_tables(self.soap_url)
        if paths:
            return engine.load_sources(list(paths), profile)
        if not self.attachment_ids:
            raise UserError(self.env._(
                "请先把旧系统文件添加到导入批次中。\nAdd the legacy files to the batch first."))
        with attachments_folder(self.attachment_ids, prefix="jxc-import-") as folder:
            return engine.load_sources([folder], profile)

    def _stage_tables(self, tables):
        """Replace the batch's staged rows with ``tables``, in bulk."""
        self.ensure_one()
        cr = self.env.cr
        cr.execute("DELETE FROM jxc_import_issue WHERE batch_id = %s", [self.id])
        cr.execute("DELETE FROM jxc_import_row WHERE batch_id = %s", [self.id])
        meta = []
        for index, table in enumerate(tables):
            description = table.to_json()
            description.pop("rows", None)
            meta.append(description)
            execute_values(
                cr,
                "INSERT INTO jxc_import_row (batch_id, table_index, entity, file_name, sheet,"
                " row_number, file_hash, cells, state) VALUES %s",
                [
                    (self.id, index, table.entity, table.file, table.sheet or "", number,
                     table.file_hash, json.dumps(cells, ensure_ascii=False), "staged")
                    for number, cells in table.rows
                ],
                template="(%s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s)",
                page_size=5000,
            )
        self.env["jxc.import.row"].invalidate_model()
        self.write({"tables": meta, "plan": False, "result": False, "totals": False,
                    "error_message": False, "state": "staged"})

    def _staged_tables(self):
        """Rebuild the engine's tables from the staged rows (what a resumed run reads)."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT table_index, row_number, cells FROM jxc_import_row WHERE batch_id = %s"
            " ORDER BY table_index, row_number",
            [self.id],
        )
        rows_by_table = {}
        for index, number, cells in self.env.cr.fetchall():
            rows_by_table.setdefault(index, []).append((number, cells))
        tables = []
        for index, description in enumerate(self.tables or []):
            tables.append(engine.Table.from_json(
                dict(description, rows=rows_by_table.get(index, []))))
        return tables

    def action_stage(self, paths=None):
        """Read the sources and stage them; a file that cannot be read stages nothing."""
        self.ensure_one()
        self._check_manager()
        try:
            tables = self._read_sources(paths)
        except engine.ReadError as exc:
            self.write({"state": "failed", "error_message": str(exc)})
            raise UserError(str(exc)) from exc
        self._stage_tables(tables)
        return True

    # --------------------------------------------------------------- validation

    def _known_codes(self):
        cr = self.env.cr
        cr.execute("SELECT jxc_legacy_code FROM product_template WHERE jxc_legacy_code IS NOT NULL")
        products = frozenset(code for (code,) in cr.fetchall())
        cr.execute(
            "SELECT jxc_legacy_code FROM res_partner WHERE jxc_legacy_code IS NOT NULL"
            " AND (company_id IS NULL OR company_id = %s)",
            [self.company_id.id],
        )
        partners = frozenset(code for (code,) in cr.fetchall())
        return products, partners

    def _clean(self):
        self.ensure_one()
        products, partners = self._known_codes()
        return engine.clean(
            self._staged_tables(),
            self.profile_id._to_engine_dict(),
            as_of=self.as_of,
            known_product_codes=products,
            known_partner_codes=partners,
        )

    def _store_issues(self, result):
        cr = self.env.cr
        cr.execute("DELETE FROM jxc_import_issue WHERE batch_id = %s", [self.id])
        execute_values(
            cr,
            "INSERT INTO jxc_import_issue (batch_id, severity, severity_order, code, entity,"
            " key, file_name, sheet, row_number, \"column\", value, message_zh, message_en)"
            " VALUES %s",
            [
                (self.id, i.severity, SEVERITY_ORDER.get(i.severity, 9), i.code, i.entity,
                 i.key, i.file, i.sheet, i.row, i.column, (i.value or "")[:500],
                 i.message_zh, i.message_en)
                for i in result.issues
            ],
            page_size=5000,
        )
        # Row states in one statement: rejected / flagged rows by (file, sheet, row).
        cr.execute(
            "UPDATE jxc_import_row SET state = CASE WHEN state = 'done' THEN 'done'"
            " ELSE 'valid' END WHERE batch_id = %s",
            [self.id],
        )
        for severity, state in (("flag", "flagged"), ("reject", "rejected")):
            cr.execute(
                "UPDATE jxc_import_row r SET state = %s FROM jxc_import_issue i"
                " WHERE i.batch_id = %s AND r.batch_id = i.batch_id AND i.severity = %s"
                " AND r.file_name = i.file_name AND COALESCE(r.sheet, '') = COALESCE(i.sheet, '')"
                " AND r.row_number = i.row_number AND r.state <> 'done'",
                [state, self.id, severity],
            )
        self.env["jxc.import.row"].invalidate_model()
        self.env["jxc.import.issue"].invalidate_model()

    def action_validate(self):
        """Dry run: clean, validate and plan, without writing any target record."""
        self.ensure_one()
        self._check_manager()
        if self.state == "draft":
            self.action_stage()
        result = self._clean()
        self._store_issues(result)
        plan = MasterDataLoader(self.env, self.company_id).plan(result)
        self.write({"plan": plan, "totals": jsonable(result.totals),
                    "state": "validated" if self.state != "done" else "done"})
        return result

    # -------------------------------------------------------------------- apply

    def action_apply(self, commit_chunks=False):
        """Import the master data; run again, it updates or skips, never duplicates."""
        self.ensure_one()
        self._check_manager()
        if self.state in ("draft", "failed"):
            self.action_stage()
        result = self._clean()
        self._store_issues(result)
        loader = MasterDataLoader(self.env, self.company_id, commit_chunks=commit_chunks)
        plan = loader.plan(result)
        applied = loader.apply(result)
        self._mark_done(applied.pop("_rows", {}))
        self._report_dropped_barcodes(applied.pop("_dropped_barcodes", []))
        applied["snapshot"] = self._store_snapshot(result)
        self.write({"plan": plan, "totals": jsonable(result.totals), "result": jsonable(applied),
                    "state": "done"})
        # A log note, not a message: it needs no e-mail address of the user who imports.
        self._message_log(body=self.env._("Imported: %(summary)s", summary=self.summary))
        return applied

    def _report_dropped_barcodes(self, dropped):
        if not dropped:
            return
        values = []
        for record, barcode in dropped:
            # English on purpose: this is the message_en half of a bilingual issue.
            where = "%s row %s, column 条码" % (record.file, record.row)
            values.append((
                self.id, "flag", SEVERITY_ORDER["flag"], "duplicate_barcode", "product",
                record.key, record.file, record.sheet, record.row, "条码", barcode,
                "%s 第%s行「条码」: 条码 %s 已被其他商品使用, 商品已导入但未带条码"
                % (record.file, record.row, barcode),
                "%s: barcode %s is already used by another product; the product was "
                "imported without it" % (where, barcode),
            ))
        execute_values(
            self.env.cr,
            "INSERT INTO jxc_import_issue (batch_id, severity, severity_order, code, entity,"
            " key, file_name, sheet, row_number, \"column\", value, message_zh, message_en)"
            " VALUES %s",
            values,
        )
        self.env["jxc.import.issue"].invalidate_model()

    def _store_snapshot(self, result):
        """Keep the cleaned legacy figures (stock lines, partner balances, open order
        lines) of the batch: the cut-over loads them, the reconciliation compares them."""
        self.ensure_one()
        cr = self.env.cr
        company = self.company_id.id
        for table in ("jxc_legacy_stock_line", "jxc_legacy_partner_balance",
                      "jxc_legacy_order_line"):
            cr.execute(
                sql.SQL("DELETE FROM {} WHERE batch_id = %s").format(sql.Identifier(table)),
                [self.id],
            )
        stock = result.records.get("stock", [])
        execute_values(
            cr,
            "INSERT INTO jxc_legacy_stock_line (batch_id, company_id, warehouse_code,"
            " product_code, lot_name, production_date, expiry_date, expiry_precision, qty,"
            " unit_cost, value, expired, file_name, row_number, state) VALUES %s",
            [
                (self.id, company, v["warehouse_code"], v["product_code"], v.get("lot") or None,
                 v.get("production_date"), v.get("expiry_date"), v.get("expiry_precision"),
                 v["qty"], v.get("unit_cost"), v.get("value"), bool(v.get("expired")),
                 r.file, r.row, "pending")
                for r in stock
                for v in (r.values,)
            ],
            page_size=5000,
        )
        partners = [r for r in result.records.get("partner", [])
                    if r.values.get("ar") is not None or r.values.get("ap") is not None]
        execute_values(
            cr,
            "INSERT INTO jxc_legacy_partner_balance (batch_id, company_id, partner_code,"
            " receivable, payable, file_name, row_number) VALUES %s",
            [(self.id, company, r.values["code"], r.values.get("ar") or 0,
              r.values.get("ap") or 0, r.file, r.row) for r in partners],
            page_size=5000,
        )
        orders = result.records.get("order", [])
        execute_values(
            cr,
            "INSERT INTO jxc_legacy_order_line (batch_id, company_id, number, kind, date,"
            " partner_code, warehouse_code, product_code, qty, done_qty, open_qty, price,"
            " file_name, row_number) VALUES %s",
            [(self.id, company, v["number"], v["kind"], v.get("date"), v["partner_code"],
              v["warehouse_code"], v["product_code"], v["qty"], v.get("done_qty") or 0,
              v["open_qty"], v.get("price") or 0, r.file, r.row)
             for r in orders for v in (r.values,)],
            page_size=5000,
        )
        # Legacy codes → Odoo ids, in three statements, from the keys the import tied.
        for table in ("jxc_legacy_stock_line", "jxc_legacy_order_line"):
            cr.execute(sql.SQL(
                "UPDATE {t} l SET product_id = pp.id FROM product_template pt"
                " JOIN product_product pp ON pp.product_tmpl_id = pt.id"
                " WHERE l.batch_id = %s AND pt.jxc_legacy_code = l.product_code"
            ).format(t=sql.Identifier(table)), [self.id])
            cr.execute(sql.SQL(
                "UPDATE {t} l SET warehouse_id = w.id FROM stock_warehouse w"
                " WHERE l.batch_id = %s AND w.jxc_legacy_code = l.warehouse_code"
                " AND w.company_id = l.company_id"
            ).format(t=sql.Identifier(table)), [self.id])
        for table in ("jxc_legacy_partner_balance", "jxc_legacy_order_line"):
            cr.execute(sql.SQL(
                "UPDATE {t} l SET partner_id = p.id FROM res_partner p"
                " WHERE l.batch_id = %s AND p.jxc_legacy_code = l.partner_code"
            ).format(t=sql.Identifier(table)), [self.id])
        for model in ("jxc.legacy.stock.line", "jxc.legacy.partner.balance",
                      "jxc.legacy.order.line"):
            self.env[model].invalidate_model()
        return {"stock_lines": len(stock), "partner_balances": len(partners),
                "order_lines": len(orders)}

    def _mark_done(self, targets):
        """Tie the staged rows to their target records: (file, sheet, row) → model, id."""
        values = [
            (self.id, file_name, sheet or "", row, model, res_id)
            for (file_name, sheet, row), (model, res_id) in targets.items()
        ]
        if not values:
            return
        execute_values(
            self.env.cr,
            "UPDATE jxc_import_row r SET state = 'done', res_model = v.model, res_id = v.res_id"
            " FROM (VALUES %s) AS v(batch_id, file_name, sheet, row_number, model, res_id)"
            " WHERE r.batch_id = v.batch_id AND r.file_name = v.file_name"
            " AND COALESCE(r.sheet, '') = v.sheet AND r.row_number = v.row_number",
            values,
            page_size=5000,
        )
        self.env["jxc.import.row"].invalidate_model()

    # ------------------------------------------------------------------ reports

    def _issue_rows(self):
        return [
            {
                "severity": issue.severity,
                "code": issue.code,
                "entity": issue.entity,
                "key": issue.key,
                "file": issue.file_name,
                "sheet": issue.sheet,
                "row": issue.row_number,
                "column": issue.column,
                "value": issue.value,
                "message_zh": issue.message_zh,
                "message_en": issue.message_en,
            }
            for issue in self.issue_ids
        ]

    def _error_report_xlsx(self):
        import xlsxwriter

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet("问题 Issues")
        bold = workbook.add_format({"bold": True})
        headers = [
            ("severity", "级别 Severity"), ("code", "原因 Code"), ("entity", "对象 Entity"),
            ("key", "编号 Key"), ("file", "文件 File"), ("sheet", "工作表 Sheet"),
            ("row", "行 Row"), ("column", "列 Column"), ("value", "值 Value"),
            ("message_zh", "说明"), ("message_en", "Message"),
        ]
        for col, (_key, label) in enumerate(headers):
            sheet.write(0, col, label, bold)
        for row_index, row in enumerate(self._issue_rows(), start=1):
            for col, (key, _label) in enumerate(headers):
                sheet.write(row_index, col, row[key])
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(1, len(self.issue_ids)), len(headers) - 1)
        workbook.close()
        return buffer.getvalue()

    def action_download_error_report(self):
        self.ensure_one()
        content = self._error_report_xlsx()
        name = "%s-issues.xlsx" % self.name.replace("/", "-")
        if self.error_report_id:
            self.error_report_id.write({"raw": content, "name": name})
        else:
            self.error_report_id = self.env["ir.attachment"].create(
                {"name": name, "raw": content, "res_model": self._name, "res_id": self.id,
                 "mimetype": "application/vnd.openxmlformats-officedocument."
                             "spreadsheetml.sheet"}
            )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%d?download=true" % self.error_report_id.id,
            "target": "self",
        }

    def action_view_issues(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_upgrade.action_jxc_import_issue"
        )
        action["domain"] = [("batch_id", "=", self.id)]
        action["context"] = {"search_default_group_code": 1}
        return action

    def action_view_rows(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("jxc_upgrade.action_jxc_import_row")
        action["domain"] = [("batch_id", "=", self.id)]
        return action
