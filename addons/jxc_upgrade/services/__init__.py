from . import master_data
