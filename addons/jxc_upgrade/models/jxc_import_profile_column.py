# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .jxc_import_profile import ENTITIES


class JxcImportProfileColumn(models.Model):
    _name = "jxc.import.profile.column"
    _description = "Legacy Import Column Mapping"
    _order = "profile_id, sequence, id"

    profile_id = fields.Many2one("jxc.import.profile", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    entity = fields.Selection(ENTITIES, required=True)
    legacy_column = fields.Char(required=True, help="The header text in the legacy export.")
    target_field = fields.Char(
        required=True, help="The engine's field, e.g. code, name, qty, expiry_date."
    )
    required = fields.Boolean(help="A file of this entity without this column is refused.")
