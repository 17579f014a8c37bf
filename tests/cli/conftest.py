"""The ``jxc`` fixture: runs the command line as a user does, in a subprocess."""

import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JXC = os.path.join(REPO, "scripts", "jxc")


def run_jxc(*argv, env=None):
    return subprocess.run(
        [sys.executable, JXC, *argv],
        capture_output=True,
        text=True,
        env=dict(os.environ, **(env or {})),
        timeout=120,
        check=False,
    )


@pytest.fixture
def jxc():
    return run_jxc
