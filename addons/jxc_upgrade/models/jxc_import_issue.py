# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

SEVERITIES = [
    ("reject", "Rejected"),
    ("flag", "Flagged"),
    ("warning", "Warning"),
    ("info", "Info"),
]


class JxcImportIssue(models.Model):
    """A rejected, flagged or noteworthy row, with its reason in Chinese and English."""

    _name = "jxc.import.issue"
    _description = "Legacy Import Issue"
    _order = "batch_id, severity_order, file_name, row_number, id"
    _log_access = False

    batch_id = fields.Many2one("jxc.import.batch", required=True, ondelete="cascade", index=True)
    severity = fields.Selection(SEVERITIES, required=True, index=True)
    severity_order = fields.Integer()
    code = fields.Char(required=True, index=True)
    entity = fields.Char()
    key = fields.Char(index=True)
    file_name = fields.Char()
    sheet = fields.Char()
    row_number = fields.Integer()
    column = fields.Char()
    value = fields.Char()
    message_zh = fields.Char(string="Message (Chinese)")
    message_en = fields.Char(string="Message (English)")
    message = fields.Char(compute="_compute_message")

    @api.depends_context("lang")
    @api.depends("message_zh", "message_en")
    def _compute_message(self):
        chinese = (self.env.lang or "").startswith("zh")
        for issue in self:
            issue.message = issue.message_zh if chinese else issue.message_en
