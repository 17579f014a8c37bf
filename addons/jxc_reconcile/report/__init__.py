from . import jxc_reconcile_run_report
