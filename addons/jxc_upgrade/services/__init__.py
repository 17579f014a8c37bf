from . import attachments
from . import default_cache
from . import product_bulk
from . import master_data
from . import open_orders
from . import balances
from . import opening_stock
