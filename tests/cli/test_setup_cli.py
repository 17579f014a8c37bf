"""``jxc setup``: listed, its usage errors clear, a missing database named."""

import json


def test_setup_is_listed(jxc):
    assert "setup" in jxc("--help").stdout
    proc = jxc("setup", "--help")
    assert proc.returncode == 0
    assert "--off" in proc.stdout and "--list" in proc.stdout


def test_list_and_off_together_are_a_usage_error(jxc):
    proc = jxc("setup", "--db", "x", "--list", "--off")
    assert proc.returncode == 2
    assert "not allowed with argument" in proc.stderr


def test_missing_database_is_named(jxc):
    proc = jxc("setup", "--db", "jxc_never_created_setup", "--json")
    assert proc.returncode == 2
    document = json.loads(proc.stdout)
    assert document["ok"] is False
    assert "jxc_never_created_setup" in document["error"]
