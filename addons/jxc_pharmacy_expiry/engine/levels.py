"""Shelf-life and near-expiry threshold maths (no Odoo import).

Levels are numbered from the earliest warning to the most urgent one: with thresholds of
180 / 90 / 30 days, level 1 starts 180 days before expiry, level 3 starts 30 days before.
A threshold is given in days or in percent of the shelf life of the lot.
"""

import calendar
import datetime
import math

DAYS = "days"
MONTHS = "months"
PERCENT = "percent"
MAX_LEVELS = 3
NORMAL = "normal"
EXPIRED = "expired"
# A month of shelf life counts as 30 days where a number of days is needed (percent of
# shelf life, minimum remaining days); expiry dates themselves use calendar months.
DAYS_PER_MONTH = 30


def end_of_month(day):
    """The last day of ``day``'s month: a month-precision expiry (有效期至 2026-05) means
    the product is usable until the end of that month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=last)


def add_months(day, months):
    """``day`` plus ``months`` calendar months, clamped to the end of the target month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def shelf_life_days(value, unit=DAYS):
    """A shelf life of ``value`` days or months, in days (0 or None stays None)."""
    if not value:
        return None
    if value < 0:
        raise ValueError("a shelf life cannot be negative: %r" % value)
    if unit == DAYS:
        return int(value)
    if unit == MONTHS:
        return int(value) * DAYS_PER_MONTH
    raise ValueError("unknown shelf-life unit: %r" % unit)


def expiry_from_production(production_date, value, unit=DAYS):
    """The expiry date of a lot produced on ``production_date`` with that shelf life.

    In months the count is calendar months less one day (GSP: produced 2025-03-15 with
    24 months is usable until 2027-03-14)."""
    if not production_date or not value:
        return None
    if unit == MONTHS:
        return add_months(production_date, int(value)) - datetime.timedelta(days=1)
    return production_date + datetime.timedelta(days=shelf_life_days(value, unit))


def threshold_days(value, unit, shelf_life=None):
    """A threshold of ``value`` days or percent of ``shelf_life`` (days), in days.

    A percentage needs a shelf life: without one the threshold does not apply (None).
    Percentages round up: 10 % of 365 days warns 37 days ahead, never later than asked.
    """
    if value is None or value < 0:
        raise ValueError("a threshold must be zero or positive: %r" % value)
    if unit == DAYS:
        return int(value)
    if unit == MONTHS:
        return int(value) * DAYS_PER_MONTH
    if unit == PERCENT:
        if value > 100:
            raise ValueError("a percentage threshold cannot exceed 100: %r" % value)
        if not shelf_life:
            return None
        return math.ceil(shelf_life * value / 100.0)
    raise ValueError("unknown threshold unit: %r" % unit)


def level_days(thresholds, shelf_life=None):
    """``thresholds`` is a list of (level, value, unit); returns {level: days} for those
    that apply, levels 1..MAX_LEVELS."""
    days = {}
    for level, value, unit in thresholds:
        if not 1 <= int(level) <= MAX_LEVELS:
            raise ValueError("levels go from 1 to %d: %r" % (MAX_LEVELS, level))
        converted = threshold_days(value, unit, shelf_life)
        if converted is not None:
            days[int(level)] = converted
    return days


def effective_thresholds(product=None, category_chain=(), company=None):
    """The thresholds that apply: the product's if it has any, else the nearest category's
    (``category_chain`` from the product's category up to the root), else the company's."""
    if product:
        return list(product)
    for category in category_chain:
        if category:
            return list(category)
    return list(company or [])


def state_for(expiry, today, days_by_level):
    """The alert state of a lot expiring on ``expiry`` (a date) seen on ``today``:
    'expired' once the expiry date is reached, 'near_N' for the most urgent level N whose
    window has started (remaining days <= its threshold), else 'normal'."""
    if expiry is None:
        return NORMAL
    remaining = (expiry - today).days
    if remaining <= 0:
        return EXPIRED
    reached = [level for level, days in days_by_level.items() if remaining <= days]
    if not reached:
        return NORMAL
    return "near_%d" % max(reached)


def remaining_ratio(expiry, today, shelf_life):
    """Remaining shelf life as a percentage of the whole (None without a shelf life)."""
    if not shelf_life or expiry is None:
        return None
    return max(0.0, (expiry - today).days * 100.0 / shelf_life)


def receipt_shortfall(expiry, today, minimum, unit=DAYS, shelf_life=None):
    """How many days short of the minimum remaining shelf life a received lot is (0 when
    it is acceptable or no minimum applies). ``minimum`` is in days, months or percent."""
    if not minimum:
        return 0
    required = threshold_days(minimum, unit, shelf_life)
    if required is None:
        return 0
    remaining = (expiry - today).days
    return max(0, required - remaining)
