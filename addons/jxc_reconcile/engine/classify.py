"""Classify one mismatching key by its cause.

The SQL layer selects the keys whose figures differ beyond the tolerance (at most the
run's cap of them); each then goes through :func:`classify` with what is known of the
key: both sides' figures, the product's 换算率 and unit rounding, the currency's
rounding, the product's costing method, whether the legacy key was rejected at import.

Rules, in order:

1. a key Odoo holds, the legacy snapshot lacks, and the batch rejected → rejected at
   import (explained: the issue list says why);
2. one side missing → missing in Odoo / missing in legacy; a value with no quantity
   and no legacy counterpart (a revaluation, a landed cost) → costing method;
3. quantities differ: by at most the unit's rounding → rounding; Odoo = legacy ×
   换算率 (or ÷), or the difference is k × (换算率 − 1) for k ≤ the smaller side
   (k boxes counted as units) → unit conversion; else → quantity;
4. expiry dates differ → expiry date;
5. amounts differ at equal quantity: by at most the currency's rounding (per line
   aggregated) → rounding; a stock value → costing method (standard cost, or a
   revalued layer); an amount (balances, orders) → quantity / amount.
"""

import dataclasses
import datetime
from decimal import Decimal

from . import causes
from .tolerance import EPSILON, as_decimal, exceeds

STOCK_QTY_CHECKS = ("stock_lot", "stock_product")
STOCK_VALUE_CHECKS = ("value_product", "value_warehouse", "value_company")


@dataclasses.dataclass
class Mismatch:
    """One key whose figures differ. ``None`` figures are not compared by the check."""

    check: str
    legacy_present: bool = True
    odoo_present: bool = True
    legacy_qty: object = None
    odoo_qty: object = None
    legacy_value: object = None
    odoo_value: object = None
    legacy_count: int | None = None
    odoo_count: int | None = None
    legacy_date: datetime.date | None = None
    odoo_date: datetime.date | None = None
    lines: int = 1
    ratio: object = None
    qty_rounding: object = Decimal("0.01")
    currency_rounding: object = Decimal("0.01")
    cost_method: str | None = None
    rejected: bool = False
    qty_tol: tuple = (0, 0)
    value_tol: tuple = (0, 0)


@dataclasses.dataclass(frozen=True)
class Verdict:
    cause: str
    blocking: bool
    note: str = ""


def _verdict(cause, note="", blocking=None):
    return Verdict(cause, causes.is_blocking(cause) if blocking is None else blocking, note)


def _fmt(value):
    value = as_decimal(value).normalize()
    text = format(value, "f")
    return text


def unit_conversion(legacy, odoo, ratio):
    """The note explaining a quantity difference by the 换算率, or None."""
    if ratio is None:
        return None
    legacy, odoo, ratio = as_decimal(legacy), as_decimal(odoo), as_decimal(ratio)
    if ratio <= 1 or not legacy or not odoo:
        return None
    if abs(odoo - legacy * ratio) <= EPSILON:
        return "Odoo = legacy × %s (换算率)" % _fmt(ratio)
    if abs(legacy - odoo * ratio) <= EPSILON:
        return "legacy = Odoo × %s (换算率)" % _fmt(ratio)
    diff = odoo - legacy
    step = ratio - 1
    k = abs(diff) / step
    if abs(k - k.to_integral_value()) <= EPSILON and 1 <= k <= min(abs(legacy), abs(odoo)):
        return "%s × (换算率 %s − 1): %s %s counted in the wrong unit" % (
            _fmt(k), _fmt(ratio), _fmt(k), "box(es)")
    return None


def _rounding_bound(rounding, lines):
    return as_decimal(rounding) * max(1, int(lines or 1))


def classify(m):
    """The :class:`Verdict` of one :class:`Mismatch`."""
    stock_value = m.check in STOCK_VALUE_CHECKS
    if not m.legacy_present:
        if m.rejected:
            return _verdict(causes.REJECTED, "rejected by the import (see its issues)")
        if stock_value and not as_decimal(m.odoo_qty) and as_decimal(m.odoo_value):
            return _verdict(causes.COSTING, "value without quantity (revaluation)")
        return _verdict(causes.MISSING_LEGACY)
    if not m.odoo_present:
        return _verdict(causes.MISSING_ODOO)
    qty_compared = m.legacy_qty is not None or m.odoo_qty is not None
    if qty_compared and exceeds(m.legacy_qty, m.odoo_qty, *m.qty_tol):
        diff = abs(as_decimal(m.odoo_qty) - as_decimal(m.legacy_qty))
        if diff <= _rounding_bound(m.qty_rounding, 1) + EPSILON:
            return _verdict(causes.ROUNDING, "≤ unit rounding %s" % _fmt(m.qty_rounding))
        note = unit_conversion(m.legacy_qty, m.odoo_qty, m.ratio)
        if note:
            return _verdict(causes.UNIT_CONVERSION, note)
        return _verdict(causes.QUANTITY)
    if m.legacy_count is not None and m.odoo_count is not None and \
            m.legacy_count != m.odoo_count:
        return _verdict(causes.QUANTITY, "count %s ≠ %s" % (m.odoo_count, m.legacy_count))
    if m.legacy_date and m.legacy_date != m.odoo_date:
        return _verdict(causes.EXPIRY, "%s ≠ %s" % (
            m.odoo_date.isoformat() if m.odoo_date else "-", m.legacy_date.isoformat()))
    if exceeds(m.legacy_value, m.odoo_value, *m.value_tol):
        diff = abs(as_decimal(m.odoo_value) - as_decimal(m.legacy_value))
        if diff <= _rounding_bound(m.currency_rounding, m.lines) + EPSILON:
            return _verdict(causes.ROUNDING, "≤ currency rounding %s × %s line(s)" % (
                _fmt(m.currency_rounding), max(1, int(m.lines or 1))))
        if stock_value:
            if m.cost_method == "standard":
                return _verdict(causes.COSTING, "standard cost: Odoo values at the "
                                "product's cost, not the legacy 成本单价")
            return _verdict(causes.COSTING, "valued differently at equal quantity")
        return _verdict(causes.QUANTITY)
    # Within tolerance on every figure: the SQL layer should not have selected it.
    return _verdict(causes.ROUNDING, "within tolerance", blocking=False)


def from_details(diff, details):
    """The verdict of a total (warehouse × product) from its detailed (per lot)
    differences, when they add up to exactly its difference; else None (the total is
    then classified on its own figures).

    The details are the more precise: a quant deleted whose quantity happens to be a
    multiple of (换算率 − 1) is a lot missing in Odoo, not boxes counted as units.

    * every detail explained (rejected, rounding) → the same explanation, not blocking;
    * one cause for all (quantity, unit conversion) → that cause;
    * lots missing on one side, or mixed causes → quantity (the product is on both
      sides: its quantity differs).

    ``details``: (cause, difference) of the detailed rows of the same total."""
    details = [(cause, as_decimal(d)) for cause, d in details or () if abs(as_decimal(d))
               > EPSILON]
    if not details:
        return None
    total = sum((d for _cause, d in details), Decimal(0))
    if abs(total - as_decimal(diff)) > EPSILON:
        return None
    found = {cause for cause, _d in details}
    note = "from the lot differences"
    if found <= causes.EXPLAINED:
        cause = causes.REJECTED if causes.REJECTED in found else causes.ROUNDING
        return _verdict(cause, "the lot differences of this product, all explained")
    if len(found) == 1 and found <= {causes.QUANTITY, causes.UNIT_CONVERSION}:
        return _verdict(found.pop(), note)
    return _verdict(causes.QUANTITY, "%s: %s" % (note, ", ".join(sorted(found))))


def classify_total(stage, legacy, odoo, rounding=Decimal("0.01"), base_total=None):
    """The verdict of one step of the 合计 chain, or None when the two figures agree.

    ``stage``: 'read' (the file's 合计 against the rows read: the legacy file
    contradicts itself), 'kept' (rows read against rows kept: the rejected rows),
    'imported' (rows kept against what Odoo holds). ``base_total``: for a quantity
    column, the kept rows in the base unit (the 合计 adds boxes and units as written).
    """
    legacy, odoo = as_decimal(legacy), as_decimal(odoo)
    diff = abs(odoo - legacy)
    if diff <= EPSILON:
        return None
    if stage == "kept":
        return _verdict(causes.REJECTED, "rows rejected at import")
    if diff <= as_decimal(rounding) + EPSILON:
        return _verdict(causes.ROUNDING, "≤ rounding %s" % _fmt(rounding))
    if stage == "imported" and base_total is not None and \
            abs(odoo - as_decimal(base_total)) <= EPSILON:
        return _verdict(causes.UNIT_CONVERSION,
                        "the 合计 adds auxiliary and base units as written; in the base "
                        "unit the kept rows hold %s" % _fmt(base_total), blocking=False)
    if stage == "read":
        return _verdict(causes.QUANTITY, "the legacy file's 合计 is not the sum of its rows")
    # kept → Odoo: the detailed checks list (and block on) the positions behind it.
    return _verdict(causes.QUANTITY, "listed position by position by the detailed checks",
                    blocking=False)
