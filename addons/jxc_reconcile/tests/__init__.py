from . import test_menus
from . import test_reconcile_clean
from . import test_reconcile_causes
from . import test_reconcile_signoff_gate
