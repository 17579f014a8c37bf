# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.query import Query

from .stock_lot import EXPIRY_STATES


def reference_domain(env, model, column, operator, value):
    """Domain on an integer ``column`` holding an id of ``model``, for a computed
    Many2one over it: ids and False map onto the column, anything else is searched on
    ``model`` by name."""
    comodel = env[model]
    if operator in ("any", "not any"):
        query = value if isinstance(value, Query) else comodel._search(value)
        return [(column, "in" if operator == "any" else "not in", query.subselect())]
    if operator in ("=", "!=", "in", "not in"):
        values = value if isinstance(value, list | tuple) else [value]
        if all(isinstance(v, int) or v is False for v in values):
            return [(column, operator, value)]
    name = comodel._rec_name or "id"
    if operator.startswith("not ") or operator == "!=":
        positive = {"!=": "=", "not in": "in", "not ilike": "ilike", "not like": "like"}
        query = comodel._search([(name, positive.get(operator, operator), value)])
        return [(column, "not in", query.subselect())]
    query = comodel._search([(name, operator, value)])
    return [(column, "in", query.subselect())]


class GspLotExpiry(models.Model):
    """The stored alert state of a lot: one narrow row per lot, whose id IS the lot id.

    It lives beside stock_lot rather than in it, and without a foreign key: the daily
    scan writes the states of many lots at once, and writing narrow rows with one index
    is many times cheaper than rewriting stock_lot rows with all their indexes, or than
    the row lock each foreign-key check takes on stock_lot (1M lots in seconds). The row
    goes with its lot (stock.lot.unlink). ``stock.lot.gsp_expiry_state`` reads and
    searches it.
    """

    _name = "gsp.lot.expiry"
    _description = "Lot Expiry State"
    _log_access = False
    _order = "state_date desc, id desc"
    _rec_name = "lot_id"

    lot_id = fields.Many2one(
        "stock.lot", compute="_compute_lot_id", search="_search_lot_id"
    )
    state = fields.Selection(EXPIRY_STATES, readonly=True)
    state_date = fields.Date(string="Since", readonly=True,
                             help="The day the lot entered this state.")
    alert_pending = fields.Boolean(
        readonly=True,
        help="The state changed outside the scan (the lot's dates were edited): the next "
        "scan raises its alert.",
    )
    product_id = fields.Many2one(related="lot_id.product_id")
    company_id = fields.Many2one(related="lot_id.company_id")
    expiration_date = fields.Datetime(related="lot_id.expiration_date")
    product_qty = fields.Float(related="lot_id.product_qty", string="On Hand")

    def _compute_lot_id(self):
        for record in self:
            record.lot_id = self.env["stock.lot"].browse(record.id)

    @api.model
    def _search_lot_id(self, operator, value):
        return reference_domain(self.env, "stock.lot", "id", operator, value)

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS gsp_lot_expiry_alert_pending_idx "
            "ON gsp_lot_expiry (id) WHERE alert_pending"
        )
