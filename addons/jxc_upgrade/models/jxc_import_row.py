# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .jxc_import_profile import ENTITIES


class JxcImportRow(models.Model):
    """One source row of a batch, kept raw, as it was read.

    Rows are bulk-inserted in SQL (see ``jxc.import.batch._stage_tables``): a million-row
    stock list must not go through one ORM ``create`` per row.
    """

    _name = "jxc.import.row"
    _description = "Legacy Import Staged Row"
    _order = "batch_id, table_index, row_number"
    _log_access = False

    batch_id = fields.Many2one("jxc.import.batch", required=True, ondelete="cascade", index=True)
    table_index = fields.Integer(required=True, help="Position of the table in the batch.")
    entity = fields.Selection(ENTITIES, required=True)
    file_name = fields.Char(required=True)
    sheet = fields.Char()
    row_number = fields.Integer(required=True, help="Row number as the user sees it.")
    file_hash = fields.Char(help="SHA-256 of the source file.")
    cells = fields.Json(help="The raw cells, in the order of the table's header.")
    key = fields.Char(index=True)
    state = fields.Selection(
        [
            ("staged", "Staged"),
            ("valid", "Valid"),
            ("flagged", "Flagged"),
            ("rejected", "Rejected"),
            ("done", "Imported"),
        ],
        default="staged",
        required=True,
        index=True,
    )
    res_model = fields.Char(string="Target Model")
    res_id = fields.Many2oneReference(model_field="res_model", string="Target Record")
