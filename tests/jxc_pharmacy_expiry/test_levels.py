import datetime

import pytest
from jxc_pharmacy_expiry_engine import levels

D = datetime.date


def test_end_of_month_handles_leap_years_and_december():
    assert levels.end_of_month(D(2024, 2, 3)) == D(2024, 2, 29)
    assert levels.end_of_month(D(2025, 2, 3)) == D(2025, 2, 28)
    assert levels.end_of_month(D(2025, 12, 1)) == D(2025, 12, 31)


def test_add_months_clamps_to_month_end():
    assert levels.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert levels.add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)


def test_shelf_life_in_days_and_months():
    assert levels.shelf_life_days(730) == 730
    assert levels.shelf_life_days(24, levels.MONTHS) == 720
    assert levels.shelf_life_days(0) is None
    with pytest.raises(ValueError):
        levels.shelf_life_days(5, "weeks")
    with pytest.raises(ValueError):
        levels.shelf_life_days(-1)


def test_expiry_from_production_in_months_is_the_day_before():
    assert levels.expiry_from_production(D(2025, 3, 15), 24, levels.MONTHS) == D(2027, 3, 14)
    assert levels.expiry_from_production(D(2025, 3, 15), 10) == D(2025, 3, 25)
    assert levels.expiry_from_production(None, 10) is None


def test_threshold_days_percent_rounds_up_and_needs_a_shelf_life():
    assert levels.threshold_days(90, levels.DAYS) == 90
    assert levels.threshold_days(10, levels.PERCENT, 365) == 37
    assert levels.threshold_days(10, levels.PERCENT, None) is None
    assert levels.threshold_days(2, levels.MONTHS) == 60
    with pytest.raises(ValueError):
        levels.threshold_days(120, levels.PERCENT, 365)
    with pytest.raises(ValueError):
        levels.threshold_days(-3, levels.DAYS)


def test_level_days_mixes_units_and_skips_percent_without_shelf_life():
    thresholds = [(1, 180, "days"), (2, 25, "percent"), (3, 30, "days")]
    assert levels.level_days(thresholds, 720) == {1: 180, 2: 180, 3: 30}
    assert levels.level_days(thresholds, None) == {1: 180, 3: 30}
    with pytest.raises(ValueError):
        levels.level_days([(4, 10, "days")])


def test_effective_thresholds_product_then_nearest_category_then_company():
    company = [(1, 180, "days")]
    parent = [(1, 90, "days")]
    product = [(1, 30, "days")]
    assert levels.effective_thresholds(product, [None, parent], company) == product
    assert levels.effective_thresholds(None, [None, parent], company) == parent
    assert levels.effective_thresholds(None, [[], None], company) == company
    assert levels.effective_thresholds(None, (), None) == []


@pytest.mark.parametrize(
    ("expiry", "state"),
    [
        (D(2025, 12, 31), "normal"),
        (D(2025, 7, 1), "normal"),  # 181 days ahead
        (D(2025, 6, 30), "near_1"),  # 180 days ahead: the window starts at <= 180
        (D(2025, 3, 31), "near_2"),
        (D(2025, 1, 31), "near_3"),
        (D(2025, 1, 2), "near_3"),
        (D(2025, 1, 1), "expired"),
        (D(2024, 6, 1), "expired"),
        (None, "normal"),
    ],
)
def test_state_for(expiry, state):
    days = {1: 180, 2: 90, 3: 30}
    assert levels.state_for(expiry, D(2025, 1, 1), days) == state


def test_state_for_without_thresholds_only_knows_expired():
    assert levels.state_for(D(2025, 1, 5), D(2025, 1, 1), {}) == "normal"
    assert levels.state_for(D(2025, 1, 1), D(2025, 1, 1), {}) == "expired"


def test_receipt_shortfall():
    today = D(2025, 1, 1)
    assert levels.receipt_shortfall(D(2025, 3, 2), today, 180) == 120
    assert levels.receipt_shortfall(D(2026, 1, 1), today, 180) == 0
    assert levels.receipt_shortfall(D(2025, 3, 2), today, 0) == 0
    # two thirds of a two-year shelf life must remain
    assert levels.receipt_shortfall(D(2026, 1, 1), today, 66, levels.PERCENT, 730) == 117
    assert levels.receipt_shortfall(D(2026, 1, 1), today, 66, levels.PERCENT, None) == 0


def test_remaining_ratio():
    assert levels.remaining_ratio(D(2025, 7, 1), D(2025, 1, 1), 362) == pytest.approx(50.0)
    assert levels.remaining_ratio(D(2024, 7, 1), D(2025, 1, 1), 362) == 0.0
    assert levels.remaining_ratio(D(2025, 7, 1), D(2025, 1, 1), None) is None
