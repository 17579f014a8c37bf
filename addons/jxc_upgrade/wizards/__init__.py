from . import jxc_import_run
from . import jxc_rollout_transition
from . import jxc_suite_setup
from . import jxc_suite_setup_line
