from . import test_security
from . import test_import_master
from . import test_shared_samples
