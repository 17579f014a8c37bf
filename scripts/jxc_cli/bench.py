"""Shared plumbing of the benchmarks: a throwaway database, timers, the printed table."""

# pylint: disable=print-used

import contextlib
import subprocess
import sys
import time

import psycopg2
from psycopg2 import sql

from .odoo_env import odoo_argv


def create_database(args, dbname, modules):
    """A fresh database with ``modules`` installed, by Odoo's own ``-i``."""
    drop_database(args, dbname)
    cmd = [sys.executable, "-m", "odoo"] + odoo_argv(args, [
        "-d", dbname, "-i", ",".join(modules), "--without-demo", "all", "--stop-after-init",
        "--max-cron-threads", "0", "--log-level", "warn",
    ])
    started = time.monotonic()
    subprocess.run(cmd, check=True)
    return time.monotonic() - started


def drop_database(args, dbname):

    conn = psycopg2.connect(dbname="postgres", host=args.db_host or None,
                            port=args.db_port or None, user=args.db_user or None,
                            password=args.db_password or None)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                   " WHERE datname = %s AND pid <> pg_backend_pid()", [dbname])
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
    conn.close()


@contextlib.contextmanager
def timer(results, label):
    started = time.monotonic()
    yield
    results[label] = time.monotonic() - started


def print_table(title, rows, header=("way", "rows", "seconds", "rows/s")):
    print("\n" + title)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths,
                                                                              strict=True)))
