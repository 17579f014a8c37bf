"""``jxc rollout``: its usage errors are clear and need no database."""

import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JXC = os.path.join(REPO, "scripts", "jxc")


def jxc(*argv):
    return subprocess.run([sys.executable, JXC, *argv], capture_output=True, text=True,
                          timeout=120, check=False)


def test_rollout_is_listed_with_its_actions():
    assert "rollout" in jxc("--help").stdout
    proc = jxc("rollout", "--help")
    assert proc.returncode == 0
    for action in ("status", "freeze", "load", "golive", "rollback"):
        assert action in proc.stdout


def test_unknown_action_is_a_usage_error():
    proc = jxc("rollout", "--db", "x", "--warehouse", "CK01", "explode")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_paths_belong_to_load_only(tmp_path):
    proc = jxc("rollout", "--db", "x", "--warehouse", "CK01", "freeze", str(tmp_path), "--json")
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"] == "PATHs are read by `load` only."
    assert "Traceback" not in proc.stderr


def test_missing_path_is_reported_before_odoo_starts(tmp_path):
    missing = str(tmp_path / "nope")
    proc = jxc("rollout", "--db", "x", "--warehouse", "CK01", "load", missing)
    assert proc.returncode == 2
    assert "No such file or folder: %s" % missing in proc.stderr
