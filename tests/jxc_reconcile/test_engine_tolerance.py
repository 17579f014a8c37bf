"""Tolerances: absolute, relative, missing sides, and the SQL text of the same rule."""

from decimal import Decimal

import pytest
from jxc_reconcile_engine import tolerance


def test_exact_by_default():
    assert not tolerance.exceeds(10, 10)
    assert tolerance.exceeds(10, Decimal("10.01"))
    assert not tolerance.exceeds(Decimal("1.1"), 1.1)  # a float is read by its repr


def test_absolute_tolerance():
    assert not tolerance.exceeds(100, Decimal("100.5"), abs_tol=Decimal("0.5"))
    assert tolerance.exceeds(100, Decimal("100.51"), abs_tol=Decimal("0.5"))


def test_relative_tolerance_scales_with_the_larger_side():
    assert not tolerance.exceeds(1000, 1001, rel_tol=Decimal("0.001"))
    assert tolerance.exceeds(1000, 1002, rel_tol=Decimal("0.001"))
    # max(abs, rel × figure): the larger of the two applies
    assert not tolerance.exceeds(10, 11, abs_tol=1, rel_tol=Decimal("0.001"))


def test_missing_side_counts_as_zero():
    assert tolerance.exceeds(None, 5)
    assert tolerance.exceeds(5, None)
    assert not tolerance.exceeds(None, None)


def test_validate():
    assert tolerance.validate(0, "0.01") == (0, Decimal("0.01"))
    with pytest.raises(ValueError):
        tolerance.validate(-1, 0)
    with pytest.raises(ValueError):
        tolerance.validate(0, 1)


def test_sql_text_names_the_parameters_and_coalesces():
    text = tolerance.sql_exceeds("l.qty", "o.qty", "qty_abs", "qty_rel")
    assert "%(qty_abs)s" in text and "%(qty_rel)s" in text
    assert "COALESCE(l.qty, 0)" in text and "COALESCE(o.qty, 0)" in text
