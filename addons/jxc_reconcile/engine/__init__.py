"""Plain-Python engine of jxc_reconcile: tolerances, classification of differences by
cause, the catalogue of checks, round comparison and legacy rows for COPY.

Never imports odoo: the ORM layer (services/) builds the set-based SQL and calls this
for the mismatching keys only; the tests run it with pytest, without Odoo.
"""

from . import causes, checks, classify, legacy_file, rounds, summary, tolerance
from .causes import CAUSE_CODES, CAUSES, EXPLAINED
from .checks import CHECK_CODES, CHECKS, CHECKS_BY_CODE, DEFAULT_PARAMETERS
from .classify import Mismatch, Verdict, classify_total, unit_conversion
from .classify import classify as classify_mismatch

__all__ = [
    "CAUSES",
    "CAUSE_CODES",
    "CHECKS",
    "CHECKS_BY_CODE",
    "CHECK_CODES",
    "DEFAULT_PARAMETERS",
    "EXPLAINED",
    "Mismatch",
    "Verdict",
    "causes",
    "checks",
    "classify",
    "classify_mismatch",
    "classify_total",
    "legacy_file",
    "rounds",
    "summary",
    "tolerance",
    "unit_conversion",
]
