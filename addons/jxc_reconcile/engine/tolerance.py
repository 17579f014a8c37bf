"""Absolute and relative tolerances, the same rule in Python and in SQL.

A figure passes when |odoo − legacy| ≤ max(abs_tol, rel_tol × max(|legacy|, |odoo|)).
A side that is missing counts as 0. Both tolerances at 0 (the default) mean exact.
"""

from decimal import Decimal

# Numeric noise below this is no difference (quantities and amounts carry ≤ 6 decimals).
EPSILON = Decimal("0.0000005")


def as_decimal(value):
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def limit(legacy, odoo, abs_tol=0, rel_tol=0):
    legacy, odoo = as_decimal(legacy), as_decimal(odoo)
    return max(as_decimal(abs_tol), as_decimal(rel_tol) * max(abs(legacy), abs(odoo)))


def exceeds(legacy, odoo, abs_tol=0, rel_tol=0):
    """True when the two figures differ by more than the tolerance."""
    diff = abs(as_decimal(odoo) - as_decimal(legacy))
    return diff > limit(legacy, odoo, abs_tol, rel_tol) + EPSILON


def sql_exceeds(legacy, odoo, abs_param, rel_param):
    """The SQL form of :func:`exceeds` over two column expressions and two named
    parameters (``%(name)s`` placeholders); NULL counts as 0."""
    left = "COALESCE(%s, 0)" % legacy
    right = "COALESCE(%s, 0)" % odoo
    return "ABS(%s - %s) > GREATEST(%%(%s)s::numeric, %%(%s)s::numeric * GREATEST(ABS(%s)," \
        " ABS(%s))) + %s" % (right, left, abs_param, rel_param, left, right, EPSILON)


def validate(abs_tol, rel_tol):
    """Tolerances must be ≥ 0 and the relative one below 1 (100 %)."""
    abs_tol, rel_tol = as_decimal(abs_tol), as_decimal(rel_tol)
    if abs_tol < 0 or rel_tol < 0:
        raise ValueError("tolerances cannot be negative")
    if rel_tol >= 1:
        raise ValueError("a relative tolerance is a fraction below 1 (0.001 = 0.1 %)")
    return abs_tol, rel_tol
