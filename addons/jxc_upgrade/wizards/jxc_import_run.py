# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class JxcImportRun(models.TransientModel):
    """Import wizard: pick the legacy files (or a SOAP service) and a profile, then
    either a dry run (validate and plan) or the import itself."""

    _name = "jxc.import.run"
    _description = "Run a Legacy Import"

    profile_id = fields.Many2one(
        "jxc.import.profile",
        required=True,
        default=lambda self: self.env["jxc.import.profile"].search([], limit=1),
    )
    source = fields.Selection(
        [("files", "Files"), ("soap", "SOAP service")], default="files", required=True
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Legacy Files")
    soap_url = fields.Char(string="WSDL URL", help="e.g. http://127.0.0.1:8800/?wsdl")
    as_of = fields.Date(default=fields.Date.context_today, required=True)
    dry_run = fields.Boolean(
        default=True,
        help="Validate and show what would be created or updated, without writing any "
        "product, partner or warehouse.",
    )

    def action_run(self):
        self.ensure_one()
        batch = self.env["jxc.import.batch"].create(
            {
                "profile_id": self.profile_id.id,
                "source": self.source,
                "soap_url": self.soap_url,
                "as_of": self.as_of,
                "attachment_ids": [fields.Command.set(self.attachment_ids.ids)],
            }
        )
        batch.action_stage()
        if self.dry_run:
            batch.action_validate()
        else:
            batch.action_apply()
        return {
            "type": "ir.actions.act_window",
            "res_model": "jxc.import.batch",
            "res_id": batch.id,
            "view_mode": "form",
            "target": "current",
        }
