import datetime

import pytest
from jxc_pharmacy_expiry_engine import gs1

D = datetime.date
TODAY = D(2025, 6, 1)
GTIN = "06901234567892"  # check digit 2 is right for 0690123456789


def test_check_digit():
    assert gs1.gtin_check_digit("0690123456789") == "2"
    assert gs1.valid_gtin(GTIN)
    assert not gs1.valid_gtin("06901234567893")


def test_fixed_then_variable_fields_with_fnc1():
    code = "01" + GTIN + "17270531" + "10B2405-A" + gs1.GS + "11250115"
    result = gs1.parse(code, TODAY)
    assert result == {
        "kind": "gs1",
        "gtin": GTIN,
        "expiry_date": D(2027, 5, 31),
        "lot": "B2405-A",
        "production_date": D(2025, 1, 15),
    }


def test_symbology_identifier_and_lot_last():
    result = gs1.parse("]d2" + "01" + GTIN + "11250115" + "17270500" + "10LOT77", TODAY)
    assert result["lot"] == "LOT77"
    # DD = 00: month precision, read as the end of the month
    assert result["expiry_date"] == D(2027, 5, 31)
    assert result["production_date"] == D(2025, 1, 15)


def test_parenthesised_human_readable_form():
    result = gs1.parse("(01)%s(17)260228(10)ABC 12(30)24" % GTIN, TODAY)
    assert result["expiry_date"] == D(2026, 2, 28)
    assert result["lot"] == "ABC 12"
    assert result["quantity"] == 24


def test_century_window():
    assert gs1.gs1_date("991231", D(2025, 1, 1)) == D(1999, 12, 31)
    assert gs1.gs1_date("750101", D(2025, 1, 1)) == D(2075, 1, 1)
    assert gs1.gs1_date("240229", D(2025, 1, 1)) == D(2024, 2, 29)


def test_twenty_digit_trace_code():
    result = gs1.parse(" 81234560012345678901 ", TODAY)
    assert result == {
        "kind": "drug_trace",
        "trace_code": "81234560012345678901",
        "drug_code": "8123456",
        "serial": "001234567",
    }


def test_bare_ean13_is_a_product_only():
    assert gs1.parse("6901234567892", TODAY) == {"kind": "gtin", "gtin": GTIN}


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "empty scan"),
        ("01" + GTIN[:-1] + "3" + "17270531", "wrong check digit"),
        ("01" + GTIN + "17271331", "month 13"),
        ("01" + GTIN + "17270230", "day 30"),
        ("01" + GTIN + "1727053", "needs 6 characters"),
        ("01" + GTIN + "10" + "X" * 21, "FNC1 separator"),
        ("01" + GTIN + "99ABC", "not supported"),
        ("10ABC", "no GTIN"),
        ("ABC123", "not a GS1 string"),
        ("1234567", "neither a GTIN"),
        ("812345600123456789", "neither a GTIN"),
        ("(01)%s(17)27053" % GTIN, "needs 6 characters"),
        ("(01)%s17" % GTIN[:5], "needs 14 characters"),
        ("01" + GTIN + "10A" + gs1.GS + "10B", "appears twice"),
        ("6901234567893", "wrong check digit"),
    ],
)
def test_malformed_codes_get_a_clear_error(code, fragment):
    with pytest.raises(gs1.ScanError) as info:
        gs1.parse(code, TODAY)
    assert fragment in str(info.value)


def test_all_digit_gs1_string_is_not_taken_for_a_gtin():
    assert gs1.parse("01" + GTIN, TODAY) == {"kind": "gs1", "gtin": GTIN}
    assert gs1.parse("01" + GTIN + "17270531", TODAY)["expiry_date"] == D(2027, 5, 31)
