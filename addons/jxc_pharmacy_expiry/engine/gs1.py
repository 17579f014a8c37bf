"""Parse what a scanner sends on a pharmacy receipt (no Odoo import).

* GS1 element strings (GS1-128 / GS1 DataMatrix): application identifiers 01 (GTIN),
  10 (batch/lot), 11 (production date), 17 (expiry date), and also 02, 15, 21, 30, 37.
  Variable-length fields end with FNC1, sent by scanners as the ASCII group separator
  (GS, 0x1D); a symbology identifier (]C1, ]d2, ]Q3, ]e0) at the start is dropped. The
  human-readable form with parentheses, ``(01)06901234567892(17)270500(10)B2405``, is
  accepted too.
* The 20-digit 药品追溯码 (Chinese drug traceability code, 码上放心 / NMPA): 7 digits of
  药品标识码 (identifies the product and package level), 9 digits of 单品序列号 and
  4 check digits (verified by the traceability platform, not computable offline).
* A bare EAN-13 / GTIN-14 identifies the product only.

Errors are :class:`ScanError` with a message meant for the person scanning.
"""

import calendar
import datetime
import re

GS = "\x1d"
SYMBOLOGY_IDS = ("]C1", "]d2", "]Q3", "]e0", "]J1")
TRACE_CODE_LENGTH = 20

# AI: (name, fixed length or None, max length for variable fields, kind)
AIS = {
    "01": ("gtin", 14, 14, "gtin"),
    "02": ("content_gtin", 14, 14, "gtin"),
    "10": ("lot", None, 20, "text"),
    "11": ("production_date", 6, 6, "date"),
    "15": ("best_before_date", 6, 6, "date"),
    "17": ("expiry_date", 6, 6, "date"),
    "21": ("serial", None, 20, "text"),
    "30": ("quantity", None, 8, "int"),
    "37": ("quantity", None, 8, "int"),
}


class ScanError(ValueError):
    """A code that cannot be read; ``str(error)`` is the message for the user (English),
    ``key`` and ``params`` let a caller word it in the user's language."""

    def __init__(self, message, code="", key="", **params):
        super().__init__(message)
        self.message = message
        self.code = code
        self.key = key
        self.params = params


def gtin_check_digit(digits):
    """The GS1 mod-10 check digit of ``digits`` (the GTIN without its last digit)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def valid_gtin(gtin):
    return bool(re.fullmatch(r"\d{8}|\d{12,14}", gtin)) and gtin[-1] == gtin_check_digit(
        gtin[:-1]
    )


def gs1_date(value, today=None):
    """A GS1 YYMMDD date. DD = 00 means the end of the month (month precision). The
    century follows GS1's rule: the year is placed within 49 years back / 50 ahead."""
    if not re.fullmatch(r"\d{6}", value):
        raise ScanError("date %r is not YYMMDD" % value, key="not_yymmdd", value=value)
    year2, month, day = int(value[:2]), int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        raise ScanError("date %r has month %02d" % (value, month), key="bad_month", value=value,
                        month=month)
    today = today or datetime.date.today()
    current = today.year % 100
    century = today.year - current
    diff = year2 - current
    if diff > 50:
        century -= 100
    elif diff < -49:
        century += 100
    year = century + year2
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        day = last
    if day > last:
        raise ScanError("date %r has day %02d, the month has %d days" % (value, day, last),
                        key="bad_day", value=value, day=day, days=last)
    return datetime.date(year, month, day)


def _normalise(code):
    code = (code or "").strip()
    for symbology in SYMBOLOGY_IDS:
        if code.startswith(symbology):
            return code[len(symbology) :], True
    return code, False


def _parse_parenthesised(code, today):
    parts = re.findall(r"\((\d{2,4})\)([^()]*)", code)
    if not parts or "".join("(%s)%s" % part for part in parts) != code:
        raise ScanError("cannot read %r: expected (AI)value groups" % code, code, key="parens")
    result = {}
    for ai, value in parts:
        _store(result, ai, value, today, code)
    return result


def _store(result, ai, value, today, code):
    if ai not in AIS:
        raise ScanError("application identifier (%s) is not supported" % ai, code,
                        key="unsupported_ai", ai=ai)
    name, fixed, maximum, kind = AIS[ai]
    if fixed and len(value) != fixed:
        raise ScanError(
            "AI (%s) needs %d characters, got %d (%r)" % (ai, fixed, len(value), value), code,
            key="fixed_length", ai=ai, length=fixed, got=len(value),
        )
    if not value or len(value) > maximum:
        raise ScanError("AI (%s) needs 1 to %d characters, got %r" % (ai, maximum, value), code,
                        key="var_length", ai=ai, maximum=maximum)
    if kind == "gtin":
        if not valid_gtin(value):
            raise ScanError("GTIN %s has a wrong check digit" % value, code,
                            key="check_digit", gtin=value)
        result[name] = value
    elif kind == "date":
        try:
            result[name] = gs1_date(value, today)
        except ScanError as exc:
            raise ScanError("AI (%s): %s" % (ai, exc.message), code, key=exc.key, ai=ai,
                            **exc.params) from exc
    elif kind == "int":
        if not value.isdigit():
            raise ScanError("AI (%s) needs digits, got %r" % (ai, value), code,
                            key="not_digits", ai=ai)
        result[name] = int(value)
    else:
        if GS in value or not value.isprintable():
            raise ScanError("AI (%s) contains control characters" % ai, code,
                            key="control_chars", ai=ai)
        result[name] = value


def _parse_element_string(code, today):
    result = {}
    position = 0
    while position < len(code):
        if code[position] == GS:
            position += 1
            continue
        ai = code[position : position + 2]
        if ai not in AIS:
            raise ScanError(
                "application identifier %r at position %d is not supported (01, 02, 10, 11, "
                "15, 17, 21, 30, 37 are)" % (ai, position + 1),
                code,
                key="unsupported_ai",
                ai=ai,
            )
        name, fixed, maximum, _kind = AIS[ai]
        start = position + 2
        if fixed:
            value = code[start : start + fixed]
            position = start + fixed
        else:
            end = code.find(GS, start)
            end = len(code) if end == -1 else end
            value = code[start:end]
            if len(value) > maximum:
                raise ScanError(
                    "AI (%s) is longer than %d characters: a FNC1 separator (GS) is missing "
                    "after it" % (ai, maximum),
                    code,
                    key="missing_fnc1",
                    ai=ai,
                    maximum=maximum,
                )
            position = end
        if name in result:
            raise ScanError("AI (%s) appears twice" % ai, code, key="duplicate_ai", ai=ai)
        _store(result, ai, value, today, code)
    return result


def parse(code, today=None):
    """Read one scan; returns a dict with ``kind`` ('gs1', 'drug_trace' or 'gtin') and the
    fields found: gtin, lot, production_date, expiry_date, best_before_date, serial,
    quantity (GS1); trace_code, drug_code, serial (药品追溯码)."""
    raw = code
    code, had_symbology = _normalise(code)
    if not code:
        raise ScanError("empty scan", raw, key="empty")
    if code.startswith("("):
        result = _parse_parenthesised(code, today)
    elif not had_symbology and GS not in code and code.isdigit() and len(code) == TRACE_CODE_LENGTH:
        return {
            "kind": "drug_trace",
            "trace_code": code,
            "drug_code": code[:7],
            "serial": code[7:16],
        }
    elif not had_symbology and code.isdigit() and len(code) in (8, 12, 13, 14):
        if not valid_gtin(code):
            raise ScanError("barcode %s has a wrong check digit" % code, raw,
                            key="check_digit", gtin=code)
        return {"kind": "gtin", "gtin": code.zfill(14)}
    else:
        if code[:2] not in AIS:
            if code.isdigit():
                raise ScanError(
                    "%d digits: neither a GTIN (8, 12, 13 or 14 digits), a 20-digit 药品追溯码 "
                    "nor a GS1 string" % len(code),
                    raw,
                    key="digits",
                    length=len(code),
                )
            raise ScanError(
                "not a GS1 string (it must start with an application identifier such as 01) "
                "nor a 20-digit 药品追溯码",
                raw,
                key="not_gs1",
            )
        result = _parse_element_string(code, today)
    if "gtin" not in result and "content_gtin" not in result:
        raise ScanError("the GS1 string has no GTIN (AI 01): the product is unknown", raw,
                        key="no_gtin")
    result["kind"] = "gs1"
    result.setdefault("gtin", result.get("content_gtin"))
    return result
