# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)


class JxcSuiteSetup(models.TransientModel):
    """Switches on, for one company, the suite's rules that change Odoo's behaviour
    (the warehouse lock of the rollout, the expiry lock …): each is a setting, off by
    default, that the implementer turns on here in one step, seeing what it does."""

    _name = "jxc.suite.setup"
    _description = "JXC Suite Setup"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company)
    mode = fields.Selection(
        [("recommended", "Recommended for a migrating company"),
         ("standard", "Odoo's standard behaviour (all off)")],
        required=True, default="recommended",
    )
    line_ids = fields.One2many("jxc.suite.setup.line", "setup_id", string="Settings")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "line_ids" in fields_list:
            company = self.env["res.company"].browse(values.get("company_id")) or \
                self.env.company
            values["line_ids"] = [fields.Command.create(line)
                                  for line in self._lines(company)]
        return values

    @api.onchange("company_id")
    def _onchange_company_id(self):
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(line) for line in self._lines(self.company_id)]

    @api.model
    def _lines(self, company):
        """One line per recommended setting, with the company's current value."""
        if not company:
            return []
        Settings = self.env["res.config.settings"].with_company(company)
        current = Settings.create({})
        lines = []
        for sequence, (name, value) in enumerate(
                sorted(Settings._jxc_recommended_settings().items())):
            field = Settings._fields[name]
            lines.append({
                "sequence": sequence,
                "name": name,
                "label": field._description_string(self.env),
                "description": field._description_help(self.env),
                "current": bool(current[name]),
                "recommended": bool(value),
            })
        return lines

    def action_apply(self):
        """Write the chosen recommended values through the company's settings, as the
        Settings page does."""
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._(
                "Only a settings administrator can change the suite's settings."))
        values = {line.name: self.mode == "recommended" and line.recommended
                  for line in self.line_ids if line.apply}
        if values:
            self.env["res.config.settings"].with_company(self.company_id).create(
                values).execute()
            _logger.info("JXC setup of %s by %s: %s", self.company_id.name,
                         self.env.user.login, values)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s setting(s) changed for %(company)s.",
                    count=len(values), company=self.company_id.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
