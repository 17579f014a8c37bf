from . import gsp_expiry_override
from . import stock_picking_gsp_scan
