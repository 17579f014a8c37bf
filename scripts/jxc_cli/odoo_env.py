"""Find Odoo 18.0, configure it for our addons and open environments on a database."""

import contextlib
import os
import sys

from .errors import CliError

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# JXC_ADDONS_PATH lets an installation keep the addons elsewhere (the Docker image
# mounts them at /mnt/extra-addons).
ADDONS_DIR = os.environ.get("JXC_ADDONS_PATH") or os.path.join(REPO, "addons")
SUITE = ("jxc_upgrade", "jxc_reconcile", "jxc_pharmacy_expiry")


def import_odoo():
    """Import Odoo, or explain what is missing instead of a traceback."""
    try:
        import odoo
        import odoo.release
    except ImportError as exc:
        raise CliError(
            "Odoo 18.0 cannot be imported by %s (%s). Install Odoo 18.0 so that "
            "`python3 -c 'import odoo'` works (see README.md, Prerequisites), or use "
            "`docker compose up -d`." % (sys.executable, exc)
        ) from exc
    if odoo.release.version_info[0] != 18:
        raise CliError(
            "Odoo %s is importable, but the JXC suite needs Odoo 18.0."
            % odoo.release.version
        )
    return odoo


def add_connection_arguments(parser):
    group = parser.add_argument_group("database connection")
    group.add_argument(
        "--db-host",
        default=os.environ.get("JXC_DB_HOST", os.environ.get("PGHOST", "127.0.0.1")),
        help="PostgreSQL host (env JXC_DB_HOST or PGHOST; default 127.0.0.1)",
    )
    group.add_argument(
        "--db-port",
        default=os.environ.get("JXC_DB_PORT", os.environ.get("PGPORT", "5432")),
        help="PostgreSQL port (default 5432)",
    )
    group.add_argument(
        "--db-user",
        default=os.environ.get("JXC_DB_USER", os.environ.get("PGUSER")),
        help="PostgreSQL role (default: the current user; Odoo refuses 'postgres')",
    )
    group.add_argument(
        "--db-password",
        default=os.environ.get("JXC_DB_PASSWORD", os.environ.get("PGPASSWORD")),
    )
    group.add_argument(
        "--log-level",
        default=os.environ.get("JXC_LOG_LEVEL", "warn"),
        help="Odoo's log level (default warn; info shows every module loaded)",
    )
    group.add_argument(
        "-c",
        "--config",
        dest="odoo_config",
        help="an Odoo configuration file to read before these options",
    )


def odoo_argv(args, extra=()):
    """The Odoo command-line arguments matching our connection options."""
    odoo = import_odoo()
    base_addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    argv = []
    if getattr(args, "odoo_config", None):
        argv += ["-c", args.odoo_config]
    argv += ["--addons-path", ",".join([ADDONS_DIR, base_addons])]
    if args.db_host:
        argv += ["--db_host", args.db_host]
    if args.db_port:
        argv += ["--db_port", str(args.db_port)]
    if args.db_user:
        argv += ["--db_user", args.db_user]
    if args.db_password:
        argv += ["--db_password", args.db_password]
    if getattr(args, "log_level", None):
        argv += ["--log-level", args.log_level]
    argv += list(extra)
    return argv


def configure(args, extra=()):
    odoo = import_odoo()
    from odoo.tools import config

    argv = odoo_argv(args, extra)
    config.parse_config(argv, setup_logging=True)
    user = config["db_user"] or os.environ.get("USER") or ""
    if user == "postgres":
        raise CliError(
            "Odoo refuses to run as the PostgreSQL role 'postgres': pass --db-user "
            "with another role (or set JXC_DB_USER)."
        )
    return odoo


def check_postgres(odoo):
    import psycopg2

    from odoo.tools import config

    try:
        conn = psycopg2.connect(
            dbname="postgres",
            host=config["db_host"] or None,
            port=config["db_port"] or None,
            user=config["db_user"] or None,
            password=config["db_password"] or None,
            connect_timeout=5,
        )
        conn.close()
    except psycopg2.OperationalError as exc:
        raise CliError(
            "PostgreSQL does not answer on %s:%s as role %s: %s"
            % (
                config["db_host"] or "socket",
                config["db_port"] or 5432,
                config["db_user"] or os.environ.get("USER"),
                str(exc).strip(),
            )
        ) from exc


def database_exists(odoo, dbname):
    return dbname in odoo.service.db.list_dbs(force=True)


@contextlib.contextmanager
def environment(odoo, dbname, context=None, modules=SUITE):
    """An environment as superuser on ``dbname``, committed on success; ``modules``
    must be installed there."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    if not database_exists(odoo, dbname):
        raise CliError(
            "Database %r does not exist (create it with `jxc demo --db %s`)." % (dbname, dbname)
        )
    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, dict(context or {}))
        missing = env["ir.module.module"].search_count(
            [("name", "in", list(modules)), ("state", "=", "installed")]
        ) != len(modules)
        if missing:
            raise CliError(
                "Database %r does not have %s installed "
                "(run `jxc demo --db %s` or install the addons)."
                % (dbname, ", ".join(modules), dbname)
            )
        yield env
