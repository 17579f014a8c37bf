"""Each cause from the figures of one mismatching key."""

import datetime
from decimal import Decimal

import pytest
from jxc_reconcile_engine import causes, classify_mismatch, classify_total, unit_conversion
from jxc_reconcile_engine.classify import Mismatch, from_details

D = Decimal


def verdict(**kw):
    return classify_mismatch(Mismatch(**kw))


def test_missing_in_odoo_and_in_legacy():
    v = verdict(check="stock_lot", odoo_present=False, legacy_qty=5)
    assert v.cause == causes.MISSING_ODOO and v.blocking
    v = verdict(check="stock_lot", legacy_present=False, odoo_qty=5)
    assert v.cause == causes.MISSING_LEGACY and v.blocking


def test_rejected_at_import_explains_an_odoo_only_key():
    v = verdict(check="stock_lot", legacy_present=False, odoo_qty=5, rejected=True)
    assert v.cause == causes.REJECTED
    assert not v.blocking


def test_quantity():
    v = verdict(check="stock_lot", legacy_qty=100, odoo_qty=97, ratio=12)
    assert v.cause == causes.QUANTITY and v.blocking


@pytest.mark.parametrize("legacy,odoo,ratio", [
    (5, 60, 12),        # boxes read as units in Odoo: × 换算率
    (60, 5, 12),        # the other way round
    (100, 111, 12),     # one box of 12 counted as one unit: 11 = 1 × (12 − 1)
    (100, 146, 24),     # two boxes of 24: 46 = 2 × 23
    (200, 141, 60),     # one box of 60 the other way: −59
])
def test_unit_conversion(legacy, odoo, ratio):
    v = verdict(check="stock_product", legacy_qty=legacy, odoo_qty=odoo, ratio=ratio)
    assert v.cause == causes.UNIT_CONVERSION, (legacy, odoo, ratio)
    assert v.blocking  # Odoo holds the wrong quantity: it must be fixed
    assert "换算率" in v.note


def test_no_unit_conversion_without_ratio_or_for_other_steps():
    assert unit_conversion(100, 111, None) is None
    assert unit_conversion(100, 111, 1) is None
    assert unit_conversion(100, 112, 12) is None  # 12 is not k × 11
    assert unit_conversion(5, 60, 24) is None
    # k boxes cannot exceed what either side holds
    assert unit_conversion(1, 23, 12) is None


def test_rounding_of_quantity_and_value():
    v = verdict(check="stock_lot", legacy_qty=D("10"), odoo_qty=D("10.01"),
                qty_rounding=D("0.01"))
    assert v.cause == causes.ROUNDING and not v.blocking
    v = verdict(check="value_product", legacy_qty=10, odoo_qty=10, legacy_value=D("100.00"),
                odoo_value=D("100.03"), lines=3)
    assert v.cause == causes.ROUNDING
    v = verdict(check="value_product", legacy_qty=10, odoo_qty=10, legacy_value=D("100.00"),
                odoo_value=D("100.05"), lines=3)
    assert v.cause == causes.COSTING


def test_costing_method():
    v = verdict(check="value_product", legacy_qty=10, odoo_qty=10, legacy_value=100,
                odoo_value=120, cost_method="standard")
    assert v.cause == causes.COSTING and v.blocking and "standard" in v.note
    v = verdict(check="value_product", legacy_qty=10, odoo_qty=10, legacy_value=100,
                odoo_value=120, cost_method="average")
    assert v.cause == causes.COSTING
    # a revaluation layer: value, no quantity, no legacy line
    v = verdict(check="value_company", legacy_present=False, odoo_qty=0, odoo_value=50)
    assert v.cause == causes.COSTING


def test_value_follows_a_quantity_difference():
    v = verdict(check="value_product", legacy_qty=10, odoo_qty=9, legacy_value=100,
                odoo_value=90)
    assert v.cause == causes.QUANTITY


def test_amounts_are_quantity_not_costing():
    v = verdict(check="partner_ar", legacy_value=D("1000.00"), odoo_value=D("900.00"))
    assert v.cause == causes.QUANTITY
    v = verdict(check="partner_ar", legacy_value=D("1000.00"), odoo_value=D("1000.01"))
    assert v.cause == causes.ROUNDING


def test_expiry_date():
    v = verdict(check="stock_lot", legacy_qty=10, odoo_qty=10,
                legacy_date=datetime.date(2027, 1, 31), odoo_date=datetime.date(2027, 1, 1))
    assert v.cause == causes.EXPIRY and v.blocking
    assert "2027-01-01" in v.note


def test_quantity_wins_over_expiry():
    v = verdict(check="stock_lot", legacy_qty=10, odoo_qty=8,
                legacy_date=datetime.date(2027, 1, 31), odoo_date=datetime.date(2027, 1, 1))
    assert v.cause == causes.QUANTITY


def test_order_count():
    v = verdict(check="open_orders", legacy_qty=10, odoo_qty=10, legacy_value=5,
                odoo_value=5, legacy_count=2, odoo_count=1)
    assert v.cause == causes.QUANTITY and "count" in v.note


def test_tolerance_is_applied_before_classifying():
    v = verdict(check="stock_lot", legacy_qty=1000, odoo_qty=1001, qty_tol=(0, D("0.01")),
                legacy_date=datetime.date(2027, 1, 1), odoo_date=datetime.date(2027, 1, 2))
    assert v.cause == causes.EXPIRY


def test_totals_chain():
    assert classify_total("read", 100, 100) is None
    v = classify_total("read", D("100"), D("90"))
    assert v.cause == causes.QUANTITY and v.blocking
    v = classify_total("kept", D("100"), D("95"))
    assert v.cause == causes.REJECTED and not v.blocking
    v = classify_total("imported", D("95"), D("95.01"))
    assert v.cause == causes.ROUNDING
    v = classify_total("imported", D("95"), D("150"), base_total=D("150"))
    assert v.cause == causes.UNIT_CONVERSION and not v.blocking
    v = classify_total("imported", D("95"), D("140"), base_total=D("150"))
    # the detailed checks list and block on the positions behind a kept → Odoo gap
    assert v.cause == causes.QUANTITY and not v.blocking


def test_a_total_takes_the_explanation_of_its_details():
    v = from_details(D("5"), [("rejected", D("5"))])
    assert v.cause == causes.REJECTED and not v.blocking
    v = from_details(D("5.01"), [("rejected", D("5")), ("rounding", D("0.01"))])
    assert v.cause == causes.REJECTED
    assert from_details(D("8"), [("rejected", D("5"))]) is None  # something else too
    assert from_details(D("5"), []) is None
    assert from_details(D("5"), [("expiry", D("0"))]) is None


def test_a_total_follows_its_lots():
    # a lot deleted whose quantity is 2 × (12 − 1): the product misses a lot, it does
    # not hold boxes counted as units
    v = from_details(D("-22"), [("missing_odoo", D("-22"))])
    assert v.cause == causes.QUANTITY and v.blocking
    assert from_details(D("3"), [("quantity", D("3"))]).cause == causes.QUANTITY
    v = from_details(D("55"), [("unit_conversion", D("55"))])
    assert v.cause == causes.UNIT_CONVERSION
    v = from_details(D("58"), [("unit_conversion", D("55")), ("quantity", D("3"))])
    assert v.cause == causes.QUANTITY and "unit_conversion" in v.note
