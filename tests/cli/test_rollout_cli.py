"""``jxc rollout``: its usage errors are clear and need no database."""

import json


def test_rollout_is_listed_with_its_actions(jxc):
    assert "rollout" in jxc("--help").stdout
    proc = jxc("rollout", "--help")
    assert proc.returncode == 0
    for action in ("status", "freeze", "load", "golive", "rollback"):
        assert action in proc.stdout


def test_unknown_action_is_a_usage_error(jxc):
    proc = jxc("rollout", "--db", "x", "--warehouse", "CK01", "explode")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_paths_belong_to_load_only(jxc, tmp_path):
    proc = jxc("rollout", "--db", "x", "--warehouse", "CK01", "freeze", str(tmp_path), "--json")
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"] == "PATHs are read by `load` only."
    assert "Traceback" not in proc.stderr


def test_missing_path_is_reported_before_odoo_starts(jxc, tmp_path):
    missing = str(tmp_path / "nope")
    proc = jxc("rollout", "--db", "x", "--warehouse", "CK01", "load", missing)
    assert proc.returncode == 2
    assert "No such file or folder: %s" % missing in proc.stderr
