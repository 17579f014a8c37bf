# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class JxcReconcileRoundCompare(models.TransientModel):
    """Round N against round N−1: fixed, new and still open differences."""

    _name = "jxc.reconcile.round.compare"
    _description = "Compare Reconciliation Rounds"

    run_id = fields.Many2one("jxc.reconcile.run", required=True, readonly=True)
    previous_run_id = fields.Many2one(related="run_id.previous_run_id")
    fixed_ids = fields.Many2many("jxc.reconcile.difference", compute="_compute_rounds")
    new_ids = fields.Many2many("jxc.reconcile.difference", compute="_compute_rounds")
    open_ids = fields.Many2many("jxc.reconcile.difference", compute="_compute_rounds",
                                string="Still Open")
    cause_changed_ids = fields.Many2many("jxc.reconcile.difference",
                                         compute="_compute_rounds")
    fixed_count = fields.Integer(compute="_compute_rounds")
    new_count = fields.Integer(compute="_compute_rounds")
    open_count = fields.Integer(compute="_compute_rounds")

    @api.depends("run_id")
    def _compute_rounds(self):
        Difference = self.env["jxc.reconcile.difference"]
        for wizard in self:
            comparison = wizard.run_id.round_comparison()

            def records(items):
                return Difference.union(*[item["record"] for item in items])

            wizard.fixed_ids = records(comparison.fixed)
            wizard.new_ids = records(comparison.new)
            wizard.open_ids = records(comparison.still_open)
            wizard.cause_changed_ids = records(comparison.cause_changed)
            wizard.fixed_count = len(comparison.fixed)
            wizard.new_count = len(comparison.new)
            wizard.open_count = len(comparison.still_open)
