"""Round N against round N−1: which differences were fixed, which are new, which stay.

A difference is identified by its check and its key (the key names the warehouse,
product, lot or partner in legacy codes), so that the same position is recognised in
two runs whatever Odoo ids or figures it has now.
"""

import collections

Comparison = collections.namedtuple("Comparison", "fixed new still_open cause_changed")


def identity(difference):
    if isinstance(difference, dict):
        return difference["check"], difference["key"]
    return difference[0], difference[1]


def _cause(difference):
    if isinstance(difference, dict):
        return difference.get("cause")
    return difference[2] if len(difference) > 2 else None


def compare(previous, current):
    """Each argument: differences as dicts with 'check', 'key' (and 'cause'), or
    (check, key[, cause]) tuples. Returns lists of the given items: ``fixed`` from
    ``previous``; ``new``, ``still_open`` and ``cause_changed`` (a subset of
    still_open) from ``current``."""
    before = {}
    for item in previous:
        before.setdefault(identity(item), item)
    seen = set()
    new, still_open, cause_changed = [], [], []
    for item in current:
        key = identity(item)
        seen.add(key)
        if key in before:
            still_open.append(item)
            if _cause(before[key]) != _cause(item):
                cause_changed.append(item)
        else:
            new.append(item)
    fixed = [item for key, item in before.items() if key not in seen]
    return Comparison(fixed, new, still_open, cause_changed)
