"""The engine is imported as ``jxc_upgrade_engine`` (see ../conftest.py); this directory
is put on sys.path for its shared fixtures module, ``jxc_fixtures``."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
