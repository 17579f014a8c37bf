"""Start Odoo's HTTP server for a database in the background and wait for its login page."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .errors import CliError
from .odoo_env import odoo_argv

STATE_DIR = os.path.join(
    os.environ.get("XDG_STATE_HOME", os.path.expanduser("~/.local/state")), "jxc"
)


def _port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _login_page(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local URL)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def serve(args, dbname, port, timeout=120):
    """Serve ``dbname`` on ``port``; returns what a user needs to reach it."""
    url = "http://localhost:%d/web/login?db=%s" % (port, dbname)
    if _port_open(port):
        status = _login_page(url)
        if status == 200:
            return {"url": "http://localhost:%d" % port, "server": "already running"}
        raise CliError(
            "Port %d is taken by something that does not serve Odoo's login page for %r "
            "(HTTP %s): stop it, or pass --http-port." % (port, dbname, status)
        )
    os.makedirs(STATE_DIR, exist_ok=True)
    logfile = os.path.join(STATE_DIR, "odoo-%s.log" % dbname)
    cmd = [sys.executable, "-m", "odoo"] + odoo_argv(
        args,
        [
            "-d",
            dbname,
            "--db-filter",
            "^%s$" % dbname,
            "--http-port",
            str(port),
            "--logfile",
            logfile,
        ],
    )
    # A new session, so that the server outlives this command and its terminal.
    process = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CliError(
                "Odoo's server stopped at start (exit %s); see %s" % (process.returncode, logfile)
            )
        if _login_page(url) == 200:
            with open(os.path.join(STATE_DIR, "odoo-%s.pid" % dbname), "w") as pidfile:
                pidfile.write(str(process.pid))
            return {"url": "http://localhost:%d" % port, "pid": process.pid, "log": logfile}
        time.sleep(1)
    raise CliError("Odoo did not serve its login page within %ds; see %s" % (timeout, logfile))
