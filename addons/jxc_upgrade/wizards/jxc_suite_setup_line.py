# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class JxcSuiteSetupLine(models.TransientModel):
    _name = "jxc.suite.setup.line"
    _description = "JXC Suite Setup Line"
    _order = "sequence, id"

    setup_id = fields.Many2one("jxc.suite.setup", required=True, ondelete="cascade")
    sequence = fields.Integer()
    name = fields.Char(string="Setting Field", required=True, readonly=True)
    label = fields.Char(string="Setting", readonly=True)
    description = fields.Text(readonly=True)
    current = fields.Boolean(string="Now On", readonly=True)
    recommended = fields.Boolean(string="Recommended On", readonly=True)
    apply = fields.Boolean(
        compute="_compute_apply", store=True, readonly=False,
        help="Change this setting when the wizard is applied: by default, where the "
        "company's value differs from the chosen one.")

    @api.depends("setup_id.mode", "current", "recommended")
    def _compute_apply(self):
        for line in self:
            wanted = line.setup_id.mode == "recommended" and line.recommended
            line.apply = line.current != wanted
