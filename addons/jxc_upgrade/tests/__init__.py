from . import test_security
from . import test_import_master
from . import test_product_bulk
from . import test_shared_samples
from . import test_open_orders
from . import test_balances
from . import test_opening_stock
from . import test_rollout
