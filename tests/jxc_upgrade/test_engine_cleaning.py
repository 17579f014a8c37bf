"""One test group per cell-level cleaning rule."""

import datetime
from decimal import Decimal

import pytest
from jxc_upgrade_engine import cleaning
from jxc_upgrade_engine.cleaning import CleanError

D = Decimal
MARCH_5 = datetime.date(2025, 3, 5)


# ------------------------------------------------------------------ full width, text

@pytest.mark.parametrize("raw, clean", [
    ("ＳＰ０００１２", "SP00012"),
    (" ＳＰ０００２４ ", "SP00024"),
    ("\u3000SP00012\u3000", "SP00012"),        # ideographic spaces
    ("保质期（月）", "保质期(月)"),
    ("ａｂｃ－１２３：／", "abc-123:/"),
    ("SP00012", "SP00012"),
])
def test_codes_are_half_width_and_trimmed(raw, clean):
    assert cleaning.clean_code(raw) == clean


def test_text_rules():
    assert cleaning.to_halfwidth("ＡＢＣ　１") == "ABC 1"
    assert cleaning.clean_text("  ") is None
    assert cleaning.clean_text(None) is None
    assert cleaning.clean_text(" 碘伏消毒液 ") == "碘伏消毒液"
    # A barcode or lot in a number cell reads as the digits people see.
    assert cleaning.clean_text(6928792174218) == "6928792174218"
    assert cleaning.clean_text(6928792174218.0) == "6928792174218"
    assert cleaning.clean_text(37.0) == "37"
    assert cleaning.clean_text(12.5) == "12.5"


def test_cell_text():
    assert cleaning.cell_text(None) == ""
    assert cleaning.cell_text(-26.0) == "-26"
    assert cleaning.cell_text(49.88) == "49.88"
    assert cleaning.cell_text("2025-02-30") == "2025-02-30"


# ---------------------------------------------------------------------- decimals

@pytest.mark.parametrize("raw, number", [
    (12, D("12")),
    (49.88, D("49.88")),
    (0.1 + 0.2, D("0.3")),                  # float noise is not legacy data
    (9017784.68, D("9017784.68")),
    ("1,234.50", D("1234.50")),
    ("１，２３４．５０", D("1234.50")),
    ("¥12.3", D("12.3")),
    ("￥12.3", D("12.3")),
    ("RMB 5", D("5")),
    ("12元", D("12")),
    ("(12.30)", D("-12.30")),
    ("-26", D("-26")),
    ("+3", D("3")),
    (" 7 ", D("7")),
    (".5", D("0.5")),
    ("1.5E3", D("1500")),
    ("1,234,567", D("1234567")),
])
def test_decimals(raw, number):
    assert cleaning.parse_decimal(raw) == number


@pytest.mark.parametrize("raw", [None, "", "   ", "-", "--"])
def test_blank_decimals_are_none(raw):
    assert cleaning.parse_decimal(raw) is None


@pytest.mark.parametrize("raw", [
    "abc", "12,5", "1,23,4", "1.2.3", "NaN", "Infinity", float("nan"), float("inf"), True,
    "12 kg", "#N/A",
])
def test_bad_decimals(raw):
    with pytest.raises(CleanError) as info:
        cleaning.parse_decimal(raw)
    assert info.value.code == "invalid_number"


def test_positive_and_non_negative():
    assert cleaning.parse_positive("12") == 12
    assert cleaning.parse_positive(None) is None
    with pytest.raises(CleanError) as info:
        cleaning.parse_positive(0)
    assert (info.value.code, info.value.variant) == ("invalid_number", "positive")
    assert cleaning.parse_non_negative(0) == 0
    with pytest.raises(CleanError):
        cleaning.parse_non_negative("-1")


# ------------------------------------------------------------------------- dates

@pytest.mark.parametrize("raw", [
    "2025-03-05", "2025/3/5", "2025/03/05", "2025.03.05", "2025.3.5", "2025年3月5日",
    "2025 年 3 月 5 日", "2025年03月05号", "20250305", 20250305, 20250305.0,
    "2025-03-05 00:00:00", "2025-03-05T10:20", "２０２５年３月５日", "２０２５－０３－０５",
    45721, 45721.0, 45721.75, "45721", "45721.5",   # Excel serial numbers
    datetime.date(2025, 3, 5), datetime.datetime(2025, 3, 5, 8, 30),
])
def test_day_dates(raw):
    assert cleaning.parse_date(raw) == (MARCH_5, "day")


def test_serial_matches_the_samples():
    # 库存.xls holds 生产日期 46219 for lot 20260716B; 即时库存.xlsx says 2026-07-16.
    assert cleaning.excel_serial_to_date(46219) == datetime.date(2026, 7, 16)
    assert cleaning.excel_serial_to_date(1) == datetime.date(1900, 1, 1)
    assert cleaning.excel_serial_to_date(59) == datetime.date(1900, 2, 28)
    assert cleaning.excel_serial_to_date(61) == datetime.date(1900, 3, 1)


@pytest.mark.parametrize("raw", ["2026-03", "2026/3", "2026.03", "2026年3月", "202603", 202603,
                                 "２０２６年３月", "2026-3"])
def test_month_precision_expiry_is_the_last_day(raw):
    assert cleaning.parse_date(raw, month_end=True) == (datetime.date(2026, 3, 31), "month")
    assert cleaning.parse_date(raw) == (datetime.date(2026, 3, 1), "month")


def test_month_end_knows_leap_years():
    assert cleaning.parse_date("2028-02", month_end=True)[0] == datetime.date(2028, 2, 29)
    assert cleaning.parse_date("2026年2月", month_end=True)[0] == datetime.date(2026, 2, 28)
    assert cleaning.parse_date("2026-11", month_end=True)[0] == datetime.date(2026, 11, 30)


@pytest.mark.parametrize("raw, variant", [
    ("2025-02-30", None),
    ("2025/2/29", None),          # 2025 is no leap year
    ("2025.13.01", None),
    ("2025-00-10", None),
    ("2025年2月30日", None),
    ("20250230", None),
    (20251301, None),
    ("2026-13", None),            # month precision, month 13
    ("202613", None),
    ("2026年13月", None),
    (60, None),                   # Excel's 1900-02-29
    ("0000-00-00", "range"),
    ("1899-12-31", "range"),
    ("2201-01-01", "range"),
    (999999, "range"),
    (0, "range"),
    (-5, "range"),
    ("abc", "format"),
    ("2025-3/5", "format"),       # mixed separators: not a form we know
    ("05/03/2025", "format"),     # d/m or m/d: never guessed under date_order ymd
    ("2025-03-05x", "format"),
])
def test_impossible_dates_are_errors_never_guesses(raw, variant):
    with pytest.raises(CleanError) as info:
        cleaning.parse_date(raw, month_end=True)
    assert info.value.code == "invalid_date"
    assert info.value.variant == variant
    assert info.value.value == cleaning.cell_text(raw)


def test_date_order_for_year_last_forms():
    assert cleaning.parse_date("05/03/2025", date_order="dmy")[0] == datetime.date(2025, 3, 5)
    assert cleaning.parse_date("03/05/2025", date_order="mdy")[0] == datetime.date(2025, 3, 5)
    with pytest.raises(CleanError):
        cleaning.parse_date("31/02/2025", date_order="dmy")


def test_blank_dates():
    assert cleaning.parse_date(None) == (None, None)
    assert cleaning.parse_date("  ") == (None, None)


# -------------------------------------------------------------------- value maps

BOOL = cleaning.normalize_map({"是": True, "否": False, "Y": True, "N": False, "1": True,
                               "0": False, "TRUE": True, "FALSE": False})


@pytest.mark.parametrize("raw, value", [
    ("是", True), ("否", False), (" 是 ", True), ("Y", True), ("y", True), ("n", False),
    (1, True), (0, False), (1.0, True), ("TRUE", True), ("false", False), ("Ｙ", True),
    (None, None), ("", None),
])
def test_booleans(raw, value):
    assert cleaning.parse_bool(raw, BOOL) is value


def test_unknown_boolean_is_an_error():
    with pytest.raises(CleanError) as info:
        cleaning.parse_bool("可能", BOOL)
    assert info.value.code == "invalid_value"
    assert "是" in info.value.params["choices"]


def test_map_value_and_rename():
    kinds = cleaning.normalize_map({"客户": "customer", "供应商": "supplier",
                                    "客户及供应商": "both"})
    assert cleaning.map_value(" 客户及供应商 ", kinds) == "both"
    with pytest.raises(CleanError):
        cleaning.map_value("员工", kinds)
    units = cleaning.normalize_map({"PCS": "个"})
    assert cleaning.rename("pcs", units) == "个"
    assert cleaning.rename("盒", units) == "盒"
    assert cleaning.rename(None, units) is None


# ------------------------------------------------------------------ product rules

@pytest.mark.parametrize("raw, unit, days", [
    (18, "month", 540), ("18", "month", 540), (18.0, "month", 540), (540, "day", 540),
    ("1.5", "month", 45), (2, "year", 730), (None, "month", None), ("", "day", None),
])
def test_shelf_life_days(raw, unit, days):
    assert cleaning.shelf_life_days(raw, unit) == days


def test_negative_shelf_life_is_an_error():
    with pytest.raises(CleanError) as info:
        cleaning.shelf_life_days(-1, "month")
    assert info.value.code == "invalid_number"


def test_auxiliary_unit_is_converted_to_the_base_unit():
    # 6 箱 at 4540.80 each, 1 箱 = 60 盒: 360 盒 at 75.68 (the 金蝶 export of the same lot)
    qty, cost = cleaning.to_base_unit(D("6"), D("4540.8"), "箱", "盒", "箱", D("60"))
    assert (qty, cost) == (D("360"), D("75.68"))
    assert qty * cost == D("6") * D("4540.8")


def test_base_unit_and_blank_unit_are_unchanged():
    assert cleaning.to_base_unit(D("5"), D("2"), "盒", "盒", "箱", D("12")) == (D("5"), D("2"))
    assert cleaning.to_base_unit(D("5"), D("2"), None, "盒", "箱", D("12")) == (D("5"), D("2"))
    assert cleaning.to_base_unit(D("5"), None, "箱", "盒", "箱", D("12")) == (D("60"), None)


@pytest.mark.parametrize("unit, aux, ratio", [("瓶", "箱", D("12")), ("箱", None, None)])
def test_unknown_unit_is_an_error(unit, aux, ratio):
    with pytest.raises(CleanError) as info:
        cleaning.to_base_unit(D("5"), D("2"), unit, "盒", aux, ratio)
    assert info.value.code == "unknown_unit"
    assert info.value.value == unit


def test_check_vat():
    assert cleaning.check_vat(" 91350100m000100y43 ") == ("91350100M000100Y43", None)
    assert cleaning.check_vat("9133010098Q68PURMK") == ("9133010098Q68PURMK", "check")
    assert cleaning.check_vat("１２３") == ("123", "length")
    assert cleaning.check_vat(None) == (None, None)
    assert cleaning.check_vat("  ") == (None, None)
