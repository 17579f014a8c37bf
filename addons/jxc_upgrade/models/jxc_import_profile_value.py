# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .jxc_import_profile import VALUE_MAP_KINDS


class JxcImportProfileValue(models.Model):
    _name = "jxc.import.profile.value"
    _description = "Legacy Import Value Mapping"
    _order = "profile_id, map_kind, legacy_value"

    profile_id = fields.Many2one("jxc.import.profile", required=True, ondelete="cascade")
    map_kind = fields.Selection(VALUE_MAP_KINDS, required=True)
    legacy_value = fields.Char(required=True)
    target_value = fields.Char(required=True)
