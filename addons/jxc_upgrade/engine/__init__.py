"""Plain-Python engine of jxc_upgrade: reads legacy 进销存 exports, cleans and validates them.

Never imports odoo: the addon's models call this API, and the tests run it without Odoo.
"""

from . import cleaning, messages, profiles, readers, uscc
from .cleaning import CleanError
from .pipeline import (
    ISSUE_CODES,
    SEVERITIES,
    CleanResult,
    Issue,
    Record,
    clean,
    load_sources,
)
from .profiles import PRESETS, get_preset
from .readers import ReadError, Table, read_tables, sniff

__all__ = [
    "ISSUE_CODES",
    "PRESETS",
    "SEVERITIES",
    "CleanError",
    "CleanResult",
    "Issue",
    "ReadError",
    "Record",
    "Table",
    "clean",
    "cleaning",
    "get_preset",
    "load_sources",
    "messages",
    "profiles",
    "read_tables",
    "readers",
    "sniff",
    "uscc",
]
