"""Counts by cause and the verdict of a run."""

import collections

from .causes import CAUSE_CODES


def by_cause(differences):
    """{cause: count} in report order, every cause present (0 when none)."""
    counts = collections.Counter(
        d["cause"] if isinstance(d, dict) else d for d in differences)
    return {cause: counts.get(cause, 0) for cause in CAUSE_CODES}


def result_passed(mismatch_count, stored_blocking, stored_count, aggregate_ok=True):
    """A check result passes when none of its differences blocks.

    Differences beyond the cap were counted but not classified: they count as blocking
    (the cap is raised, or the differences fixed, before a go-live)."""
    unclassified = max(0, int(mismatch_count or 0) - int(stored_count or 0))
    return aggregate_ok and not stored_blocking and not unclassified


def verdict(results):
    """(passed, failing check codes) over result dicts with 'check', 'blocking' (the
    check blocks in this run) and 'passed'."""
    failing = sorted({r["check"] for r in results if r["blocking"] and not r["passed"]})
    return not failing, failing
