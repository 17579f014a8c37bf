# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..engine import CAUSES

MAX_ROWS = 300


class ReportJxcReconcileRun(models.AbstractModel):
    _name = "report.jxc_reconcile.report_jxc_reconcile_run"
    _description = "Reconciliation Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        runs = self.env["jxc.reconcile.run"].browse(docids)
        Difference = self.env["jxc.reconcile.difference"]
        return {
            "doc_ids": docids,
            "doc_model": "jxc.reconcile.run",
            "docs": runs,
            "causes": CAUSES,
            "max_rows": MAX_ROWS,
            # The first differences only, blocking first: the .xlsx holds them all.
            "differences": {
                run.id: Difference.search([("run_id", "=", run.id)],
                                          order="blocking desc, check_code, key",
                                          limit=MAX_ROWS)
                for run in runs
            },
        }
