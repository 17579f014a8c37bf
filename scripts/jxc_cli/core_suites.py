"""Run Odoo's own test suites of some modules on a database where our addons are installed.

Odoo runs a module's ``at_install`` tests right after installing it, before the modules
that depend on it are loaded: they never see our overrides. Here the registry is loaded
whole (our addons included) and both the ``at_install`` and ``post_install`` tests of the
named core modules run against it: that is what "our addons must not break Odoo's own
behaviour" means. Browser tests (HttpCase) are left out: they need the web client's
assets, which this project does not rely on.

Usage: python3 -m jxc_cli.core_suites DB MODULE[,MODULE...] [odoo options...]
"""

# pylint: disable=print-used
import sys


def main(argv):
    dbname, modules = argv[0], argv[1].split(",")
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    # No test tags (which imply --test-enable) while the registry loads: Odoo would then
    # run each module's at_install tests in load order, on a half-set-up registry,
    # against a database whose tables carry the columns of every installed module.
    config.parse_config(argv[2:] + ["-d", dbname])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(dbname)
    config["test_tags"] = ",".join("/%s" % m for m in modules)
    config["test_enable"] = True
    # Only now: Odoo's test framework logs an error when imported outside test mode.
    from odoo.tests import HttpCase, loader
    from odoo.tests.result import OdooTestResult
    from odoo.tests.suite import OdooSuite

    report = OdooTestResult()
    skipped_http = 0
    for position in ("at_install", "post_install"):
        suite = loader.make_suite(modules, position)
        tests = []
        for test in suite:
            if isinstance(test, HttpCase):
                skipped_http += 1
            else:
                tests.append(test)
        report.update(loader.run_suite(OdooSuite(tests), global_report=report))
    del registry
    failed = report.failures_count + report.errors_count
    passed = report.testsRun - failed
    print(report)  # "N failed, N error(s) of N tests", as Odoo's own runner prints it
    print("core suites %s: %d passed, %d failed (%d browser tests left out)"
          % (",".join(modules), passed, failed, skipped_http))
    return 1 if failed or not report.testsRun else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
