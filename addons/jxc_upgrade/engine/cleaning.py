"""Cell-level cleaning rules: one small pure function per rule.

Each function takes the raw cell as the readers give it (str, int, float or None) and
returns the cleaned Python value, or raises :class:`CleanError` with an issue code.
Nothing here guesses: a value that can be read two ways, or not at all, is an error.
"""

import calendar
import datetime
import functools
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import uscc


class CleanError(ValueError):
    """A cell that cannot be cleaned. ``code`` is the issue code, ``variant`` picks the
    precise wording in :mod:`.messages`, ``params`` fill the template's placeholders."""

    def __init__(self, code, value="", variant=None, **params):
        self.code = code
        self.variant = variant
        self.value = value
        self.params = params
        super().__init__("%s: %s" % (code, value))

    @property
    def message_key(self):
        return "%s.%s" % (self.code, self.variant) if self.variant else self.code


# --------------------------------------------------------------------------- text

_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20  # ideographic space


def to_halfwidth(text):
    """Full-width ASCII forms (ＳＰ０００１２, （）, ：, ideographic space) to ASCII."""
    return text.translate(_HALFWIDTH)


def cell_text(value):
    """The raw cell as text, for messages and Issue.value: 37.0 -> '37', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    return str(value)


def clean_text(value):
    """Trimmed half-width text, None when blank. Numbers keep no trailing '.0'
    (a barcode or lot stored as a number cell must read as the digits people see)."""
    if value is None:
        return None
    if value.__class__ is str:
        # Full-width forms are never ASCII: most cells need no translation at all.
        text = value.strip() if value.isascii() else value.translate(_HALFWIDTH).strip()
    else:
        text = to_halfwidth(cell_text(value)).strip()
    return text or None


def clean_code(value):
    """A record code; the same rule as text, named apart because codes are compared."""
    return clean_text(value)


# ------------------------------------------------------------------------ numbers

_CURRENCY = re.compile(r"^(?:RMB|CNY|[¥￥$])\s*|\s*元$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def _float_to_decimal(value):
    # 15 significant digits is what Excel itself shows and stores reliably; beyond that
    # a float carries binary noise (0.30000000000000004) that is not in the legacy data.
    if not math.isfinite(value):
        raise CleanError("invalid_number", cell_text(value))
    return Decimal(format(value, ".15g"))


@functools.lru_cache(maxsize=65536)
def _text_to_decimal(text):
    raw = text
    text = to_halfwidth(text).strip()
    if text in ("", "-", "--"):
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting notation (12.30)
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY.sub("", text).replace(" ", "")
    if "," in text:
        # A comma is only a thousands separator in full groups of three: '12,5' could be
        # a decimal comma and must not silently become 125.
        if not _GROUPED_NUMBER.fullmatch(text):
            raise CleanError("invalid_number", raw)
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise CleanError("invalid_number", raw)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CleanError("invalid_number", raw) from None
    return -number if negative else number


def parse_decimal(value):
    """Decimal from a number cell or text ('1,234.50', '１２．５', '¥12.3', '(5)');
    None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CleanError("invalid_number", cell_text(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _float_to_decimal(value)
    if isinstance(value, Decimal):
        return value
    return _text_to_decimal(str(value))


def parse_positive(value):
    """A ratio or other factor: a number > 0, or None when blank."""
    number = parse_decimal(value)
    if number is not None and number <= 0:
        raise CleanError("invalid_number", cell_text(value), variant="positive")
    return number


def parse_non_negative(value):
    number = parse_decimal(value)
    if number is not None and number < 0:
        raise CleanError("invalid_number", cell_text(value), variant="negative")
    return number


# -------------------------------------------------------------------------- dates

MIN_YEAR, MAX_YEAR = 1900, 2200
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MAX_SERIAL = (datetime.date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
_YMD_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_YM = re.compile(r"(\d{4})([-/.])(\d{1,2})")
_YM_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_XY_YEAR = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _TIME)
_DIGITS = re.compile(r"[0-9]+")
_SERIAL = re.compile(r"[0-9]{1,6}(?:\.[0-9]+)?")


def _make_date(raw, year, month, day):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CleanError("invalid_date", raw, variant="range")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CleanError("invalid_date", raw) from None


def _month(raw, year, month, month_end):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CleanError("invalid_date", raw, variant="range")
    if not 1 <= month <= 12:
        raise CleanError("invalid_date", raw)
    day = calendar.monthrange(year, month)[1] if month_end else 1
    return datetime.date(year, month, day), "month"


def excel_serial_to_date(serial, raw=None):
    """The date of an Excel (1900 date system) serial number; the time part is dropped."""
    raw = cell_text(serial) if raw is None else raw
    days = math.floor(float(serial))
    if days == 60:
        # Excel's serial 60 is 1900-02-29, a day that never existed (a Lotus 1-2-3 bug).
        raise CleanError("invalid_date", raw)
    if not 1 <= days <= _MAX_SERIAL:
        raise CleanError("invalid_date", raw, variant="range")
    if days < 60:
        return datetime.date(1899, 12, 31) + datetime.timedelta(days=days)
    return _EXCEL_EPOCH + datetime.timedelta(days=days)


def _digits(raw, digits, month_end):
    if len(digits) == 8:  # 20250305
        return _make_date(raw, int(digits[:4]), int(digits[4:6]), int(digits[6:])), "day"
    if len(digits) == 6 and MIN_YEAR <= int(digits[:4]) <= MAX_YEAR:  # 202603
        return _month(raw, int(digits[:4]), int(digits[4:]), month_end)
    return excel_serial_to_date(int(digits), raw), "day"


@functools.lru_cache(maxsize=65536)
def _parse_date_text(text, month_end, date_order):
    raw = text
    text = to_halfwidth(text).strip()
    if not text:
        return None, None
    match = _YMD.fullmatch(text)
    if match:
        year, month, day = int(match[1]), int(match[3]), int(match[4])
        return _make_date(raw, year, month, day), "day"
    match = _YMD_CN.fullmatch(text)
    if match:
        return _make_date(raw, int(match[1]), int(match[2]), int(match[3])), "day"
    match = _YM.fullmatch(text)
    if match:
        return _month(raw, int(match[1]), int(match[3]), month_end)
    match = _YM_CN.fullmatch(text)
    if match:
        return _month(raw, int(match[1]), int(match[2]), month_end)
    if _DIGITS.fullmatch(text):
        return _digits(raw, text, month_end)
    if _SERIAL.fullmatch(text):
        return excel_serial_to_date(float(text), raw), "day"
    match = _XY_YEAR.fullmatch(text)
    if match and date_order in ("dmy", "mdy"):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        day, month = (first, second) if date_order == "dmy" else (second, first)
        return _make_date(raw, year, month, day), "day"
    raise CleanError("invalid_date", raw, variant="format")


def parse_date(value, month_end=False, date_order="ymd"):
    """(date, precision) of a cell; (None, None) when blank.

    precision is 'day', or 'month' for '2026-03', '2026/3', '2026.03', '2026年3月',
    '202603': such a date is the last day of the month when ``month_end`` (an expiry
    date: usable through the end of that month), else the first.
    Real date cells arrive from the readers as 'YYYY-MM-DD'; numbers are Excel serials,
    except 8 digits (yyyymmdd) and 6 digits (yyyymm).
    """
    if value is None:
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), "day"
    if isinstance(value, datetime.date):
        return value, "day"
    if isinstance(value, bool):
        raise CleanError("invalid_date", cell_text(value), variant="format")
    if isinstance(value, int):
        return _digits(str(value), str(value), month_end) if value > 0 else _bad_serial(value)
    if isinstance(value, float):
        if value.is_integer() and value > 0:
            return _digits(cell_text(value), str(int(value)), month_end)
        if not math.isfinite(value) or value <= 0:
            return _bad_serial(value)
        return excel_serial_to_date(value), "day"
    return _parse_date_text(str(value), bool(month_end), date_order)


def _bad_serial(value):
    raise CleanError("invalid_date", cell_text(value), variant="range")


# ------------------------------------------------------------------ value maps

def _map_key(value):
    return to_halfwidth(cell_text(value)).strip().upper()


def normalize_map(mapping):
    """A value map with keys as :func:`map_value` looks them up (trimmed, upper-case)."""
    return {_map_key(key): target for key, target in (mapping or {}).items()}


def map_value(value, normalized_map):
    """The mapped value of a cell; None when blank; CleanError('invalid_value') when the
    cell holds a value the map does not know. ``normalized_map`` from :func:`normalize_map`."""
    if value is None:
        return None
    key = _map_key(value)
    if not key:
        return None
    # Number cells holding 1/0 arrive as 1 or 1.0: cell_text already made them '1'.
    try:
        return normalized_map[key]
    except KeyError:
        choices = "/".join(sorted(normalized_map))
        raise CleanError("invalid_value", cell_text(value), choices=choices) from None


def parse_bool(value, normalized_map):
    """是/否, Y/N, TRUE/FALSE… via the profile's bool map; None when blank."""
    result = map_value(value, normalized_map)
    if result is not None and not isinstance(result, bool):
        raise CleanError("invalid_value", cell_text(value), choices="/".join(normalized_map))
    return result


def rename(text, normalized_map):
    """Optional renames (unit or category names): unknown values pass unchanged."""
    if text is None or not normalized_map:
        return text
    return normalized_map.get(_map_key(text), text)


# --------------------------------------------------------------- product rules

_UNIT_DAYS = {"day": 1, "month": 30, "year": 365}


def shelf_life_days(value, unit):
    """Shelf life in days from a number of ``unit`` ('day', 'month', 'year').

    A month counts 30 days: that is how the legacy systems convert (18 months is stated
    as 540 days in the 金蝶 export of the same products)."""
    number = parse_non_negative(value)
    if number is None:
        return None
    days = number * _UNIT_DAYS[unit]
    return int(days.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_base_unit(qty, unit_cost, unit, uom, aux_uom, ratio):
    """(qty, unit_cost) in the product's base unit.

    A row in the auxiliary unit (1 aux = ratio × base) is multiplied out; a row in the
    base unit, or with no unit, is unchanged; any other unit is CleanError('unknown_unit')."""
    if unit is None or unit == uom:
        return qty, unit_cost
    if aux_uom is not None and unit == aux_uom and ratio:
        qty = None if qty is None else qty * ratio
        unit_cost = None if unit_cost is None else unit_cost / ratio
        return qty, unit_cost
    if uom is None and aux_uom is None:
        # The product's units are not known here: nothing to check against.
        return qty, unit_cost
    raise CleanError("unknown_unit", unit, uom=uom or "", aux_uom=aux_uom or "")


def check_vat(value):
    """(normalized USCC or None, problem or None); problem in 'length', 'charset', 'check'."""
    text = clean_text(value)
    if text is None:
        return None, None
    vat = uscc.normalize(text)
    return vat, uscc.problem(vat)
