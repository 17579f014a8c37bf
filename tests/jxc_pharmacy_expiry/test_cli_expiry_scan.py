"""``jxc expiry-scan`` as users script it (no database needed for these)."""

import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JXC = os.path.join(REPO, "scripts", "jxc")


def jxc(*argv):
    return subprocess.run(
        [sys.executable, JXC, *argv], capture_output=True, text=True, timeout=120
    )


def test_help_lists_expiry_scan():
    proc = jxc("--help")
    assert proc.returncode == 0
    assert "expiry-scan" in proc.stdout
    proc = jxc("expiry-scan", "--help")
    assert proc.returncode == 0
    assert "--db" in proc.stdout and "--json" in proc.stdout


def test_db_is_required():
    proc = jxc("expiry-scan")
    assert proc.returncode == 2
    assert "--db" in proc.stderr


def test_bad_date_is_a_clear_error_in_text_and_json():
    proc = jxc("expiry-scan", "--db", "x", "--date", "2026-13-01")
    assert proc.returncode == 2
    assert "--date must be YYYY-MM-DD" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = jxc("expiry-scan", "--db", "x", "--date", "tomorrow", "--json")
    assert json.loads(proc.stdout)["ok"] is False


def test_postgres_down_is_a_clear_error():
    proc = jxc("expiry-scan", "--db", "jxc_never_created", "--db-port", "9")
    assert proc.returncode == 2
    assert "PostgreSQL does not answer" in proc.stderr
