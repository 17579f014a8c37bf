"""The jxc command line as users script it: exit codes, --json, clear errors."""

import json


def test_help_lists_commands(jxc):
    proc = jxc("--help")
    assert proc.returncode == 0
    assert "demo" in proc.stdout


def test_unknown_command_is_a_usage_error(jxc):
    proc = jxc("frobnicate")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_postgres_down_is_a_clear_error_in_text_and_json(jxc):
    # Port 9 (discard) has no PostgreSQL: the command must say so, not crash.
    proc = jxc("demo", "--db", "jxc_never_created", "--db-port", "9", "--no-serve")
    assert proc.returncode == 2
    assert "PostgreSQL does not answer" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = jxc("demo", "--db", "jxc_never_created", "--db-port", "9", "--no-serve", "--json")
    assert proc.returncode == 2
    document = json.loads(proc.stdout)
    assert document["ok"] is False
    assert "PostgreSQL does not answer" in document["error"]


def test_postgres_role_is_refused_before_odoo_starts(jxc):
    proc = jxc("demo", "--db", "jxc_never_created", "--db-user", "postgres", "--no-serve")
    assert proc.returncode == 2
    assert "'postgres'" in proc.stderr
