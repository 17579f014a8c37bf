"""Argument checks shared by the commands that read legacy files."""

import datetime
import os

from .errors import CliError


def existing_paths(paths):
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise CliError("No such file or folder: %s" % ", ".join(missing))
    return [os.path.abspath(p) for p in paths]


def cutover_date(text):
    """``--as-of`` as a date, or None when not given."""
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CliError("--as-of must be YYYY-MM-DD, not %r" % text) from exc
