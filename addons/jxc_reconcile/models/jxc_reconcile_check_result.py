# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..engine import CHECKS_BY_CODE, checks
from .jxc_reconcile_run import CHECK_SELECTION

ENTITY_NAMES = {code: name for code, name, _zh in checks.COUNT_ENTITIES}
ENTITY_NAMES_ZH = {code: zh for code, _name, zh in checks.COUNT_ENTITIES}


class JxcReconcileCheckResult(models.Model):
    """The result of one check of a run, for one warehouse or for the company."""

    _name = "jxc.reconcile.check.result"
    _description = "Reconciliation Check Result"
    _order = "run_id desc, sequence, warehouse_id, id"

    run_id = fields.Many2one("jxc.reconcile.run", required=True, ondelete="cascade",
                             index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    check_code = fields.Selection(CHECK_SELECTION, string="Check", required=True)
    name = fields.Char(compute="_compute_name")
    entity = fields.Char(help="Counts: the entity counted; 合计: the file and column.")
    warehouse_id = fields.Many2one("stock.warehouse", index=True,
                                   help="Empty for a check of the whole company.")
    legacy_value = fields.Float(string="Legacy", digits=(16, 4))
    odoo_value = fields.Float(string="Odoo", digits=(16, 4))
    diff = fields.Float(string="Difference", digits=(16, 4))
    legacy_count = fields.Integer(string="Legacy Keys")
    odoo_count = fields.Integer(string="Odoo Keys")
    mismatch_count = fields.Integer(string="Mismatches",
                                    help="Every mismatching key, including those beyond "
                                    "the cap that were not stored.")
    stored_count = fields.Integer(string="Differences Kept")
    blocking_count = fields.Integer(string="Blocking Differences")
    blocking = fields.Boolean(help="The check blocks the go-live in this run.")
    passed = fields.Boolean()
    duration = fields.Float(help="Seconds the check took.", digits=(16, 3))
    note = fields.Char()

    @api.depends("check_code")
    def _compute_sequence(self):
        order = {code: index for index, code in enumerate(checks.CHECK_CODES)}
        for result in self:
            result.sequence = order.get(result.check_code, 99)

    @api.depends_context("lang")
    @api.depends("check_code", "entity")
    def _compute_name(self):
        labels = dict(self._fields["check_code"]._description_selection(self.env))
        names = ENTITY_NAMES_ZH if (self.env.lang or "").startswith("zh") else ENTITY_NAMES
        for result in self:
            name = labels.get(result.check_code) or result.check_code
            if result.entity:
                name = "%s: %s" % (name, names.get(result.entity, result.entity))
            result.name = name

    def action_view_differences(self):
        self.ensure_one()
        action = self.run_id.action_view_differences()
        domain = [("run_id", "=", self.run_id.id), ("check_code", "=", self.check_code)]
        if self.warehouse_id:
            domain.append(("warehouse_id", "=", self.warehouse_id.id))
        if CHECKS_BY_CODE[self.check_code].code == "value_warehouse":
            domain = [("run_id", "=", self.run_id.id), ("check_code", "=", "value_product"),
                      ("warehouse_id", "=", self.warehouse_id.id)]
        action["domain"] = domain
        action["context"] = {}
        return action
