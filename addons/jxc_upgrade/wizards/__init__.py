from . import jxc_import_run
from . import jxc_rollout_transition
