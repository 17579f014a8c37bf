from . import jxc_reconcile_launch
from . import jxc_reconcile_round_compare
