"""Makes each addon's plain-Python engine importable under a name of its own.

``from odoo.addons.jxc_upgrade.engine import …`` would run the addon's ``__init__`` and
import its Odoo models; the engines never import odoo. Two addons have an ``engine``
package, so each is registered as ``<addon>_engine`` (``jxc_upgrade_engine``,
``jxc_pharmacy_expiry_engine``): the tests of both collect in one pytest run.
"""

import importlib.util
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _register(addon):
    name = "%s_engine" % addon
    path = os.path.join(REPO, "addons", addon, "engine")
    if name in sys.modules or not os.path.isfile(os.path.join(path, "__init__.py")):
        return
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(path, "__init__.py"), submodule_search_locations=[path]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


for _addon in ("jxc_upgrade", "jxc_pharmacy_expiry", "jxc_reconcile"):
    _register(_addon)
