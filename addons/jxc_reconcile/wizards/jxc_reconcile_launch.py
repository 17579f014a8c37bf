# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import tolerance


class JxcReconcileLaunch(models.TransientModel):
    """Start a round: which warehouses, which legacy snapshot, which tolerances."""

    _name = "jxc.reconcile.launch"
    _description = "Run a Reconciliation"

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    warehouse_ids = fields.Many2many(
        "stock.warehouse", string="Warehouses",
        domain="[('company_id', '=', company_id), ('jxc_legacy_code', '!=', False)]",
        help="Empty: every warehouse of the legacy snapshot.")
    source = fields.Selection(
        [("batch", "Staged import batch"), ("file", "New legacy file")], default="batch",
        required=True)
    batch_id = fields.Many2one(
        "jxc.import.batch", string="Legacy Snapshot",
        domain="[('company_id', '=', company_id), ('state', '=', 'done')]",
        help="Empty: the warehouses' snapshot, or the latest imported batch.")
    profile_id = fields.Many2one("jxc.import.profile", string="Mapping Profile")
    attachment_ids = fields.Many2many("ir.attachment", string="Legacy Files")
    qty_abs_tol = fields.Float(string="Quantity Tolerance", digits=(16, 6))
    qty_rel_tol = fields.Float(string="Quantity Tolerance (relative)", digits=(16, 6))
    value_abs_tol = fields.Float(string="Amount Tolerance", digits=(16, 6))
    value_rel_tol = fields.Float(string="Amount Tolerance (relative)", digits=(16, 6))
    cap = fields.Integer(string="Differences Kept per Check", default=10000)
    informational = fields.Boolean(
        string="Information Only",
        help="Report the differences without blocking: the run cannot be signed off.")

    @api.constrains("qty_abs_tol", "qty_rel_tol", "value_abs_tol", "value_rel_tol", "cap")
    def _check_tolerances(self):
        for wizard in self:
            for abs_tol, rel_tol in ((wizard.qty_abs_tol, wizard.qty_rel_tol),
                                     (wizard.value_abs_tol, wizard.value_rel_tol)):
                try:
                    tolerance.validate(abs_tol, rel_tol)
                except ValueError as exc:
                    raise UserError(self.env._(
                        "容差无效 Invalid tolerance: %(error)s", error=str(exc))) from exc
            if wizard.cap < 1:
                raise UserError(self.env._("每项保留的差异数至少为 1 Keep at least one "
                                           "difference per check."))

    def action_launch(self):
        self.ensure_one()
        run = self.env["jxc.reconcile.run"].create({
            "company_id": self.company_id.id,
            "warehouse_ids": [fields.Command.set(self.warehouse_ids.ids)],
            "source": self.source,
            "batch_id": self.batch_id.id,
            "profile_id": self.profile_id.id,
            "attachment_ids": [fields.Command.set(self.attachment_ids.ids)],
            "qty_abs_tol": self.qty_abs_tol,
            "qty_rel_tol": self.qty_rel_tol,
            "value_abs_tol": self.value_abs_tol,
            "value_rel_tol": self.value_rel_tol,
            "cap": self.cap,
            "informational": self.informational,
        })
        run.action_run()
        return run._form_action()
