from . import jxc_reconcile_run
from . import jxc_reconcile_check_result
from . import jxc_reconcile_difference
from . import stock_warehouse
