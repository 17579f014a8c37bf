from . import jxc_import_run
