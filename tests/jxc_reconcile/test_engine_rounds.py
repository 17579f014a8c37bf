"""Round N against N−1, counts by cause, the verdict, and legacy rows for COPY."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from jxc_reconcile_engine import CAUSE_CODES, CHECK_CODES, checks, legacy_file, rounds, summary


def test_rounds_fixed_new_still_open():
    previous = [
        {"check": "stock_lot", "key": "CK01/SP1/A", "cause": "quantity"},
        {"check": "stock_lot", "key": "CK01/SP2/B", "cause": "expiry"},
        {"check": "partner_ar", "key": "WL1", "cause": "quantity"},
    ]
    current = [
        {"check": "stock_lot", "key": "CK01/SP2/B", "cause": "quantity"},
        {"check": "partner_ar", "key": "WL1", "cause": "quantity"},
        {"check": "partner_ap", "key": "WL1", "cause": "quantity"},
    ]
    result = rounds.compare(previous, current)
    assert [d["key"] for d in result.fixed] == ["CK01/SP1/A"]
    assert [(d["check"], d["key"]) for d in result.new] == [("partner_ap", "WL1")]
    assert len(result.still_open) == 2
    assert [d["key"] for d in result.cause_changed] == ["CK01/SP2/B"]


def test_rounds_accept_tuples_and_empty_rounds():
    result = rounds.compare([], [("stock_lot", "K", "quantity")])
    assert result.new == [("stock_lot", "K", "quantity")]
    assert rounds.compare([("a", "b")], []).fixed == [("a", "b")]


def test_by_cause_lists_every_cause():
    counts = summary.by_cause([{"cause": "quantity"}, {"cause": "quantity"}, "rounding"])
    assert list(counts) == list(CAUSE_CODES)
    assert counts["quantity"] == 2 and counts["rounding"] == 1 and counts["expiry"] == 0


def test_result_passed_and_verdict():
    assert summary.result_passed(0, False, 0)
    assert not summary.result_passed(3, True, 3)
    assert summary.result_passed(3, False, 3)          # only explained differences
    assert not summary.result_passed(12, False, 10)    # 2 beyond the cap, unclassified
    assert not summary.result_passed(0, False, 0, aggregate_ok=False)
    ok, failing = summary.verdict([
        {"check": "stock_lot", "blocking": True, "passed": True},
        {"check": "partner_ar", "blocking": True, "passed": False},
        {"check": "counts", "blocking": False, "passed": False},
    ])
    assert not ok and failing == ["partner_ar"]


def test_check_catalogue_and_tolerances():
    assert CHECK_CODES[0] == "counts" and "legacy_totals" in CHECK_CODES
    assert len(set(CHECK_CODES)) == len(CHECK_CODES)
    params = {"qty_abs": 0.5, "value_rel": 0.01}
    assert checks.tolerances(params, "stock_lot") == (0.5, 0.0)
    assert checks.tolerances(params, "partner_ar") == (0.0, 0.01)


def test_copy_text_escapes_and_hash_is_stable():
    record = SimpleNamespace(values={
        "warehouse_code": "CK01", "product_code": "SP\t1", "lot": None,
        "expiry_date": datetime.date(2027, 1, 31), "qty": Decimal("12"),
        "unit_cost": Decimal("1.50"), "value": Decimal("18.00")}, file="库存.xls", row=4)
    text = legacy_file.copy_text(legacy_file.stock_rows([record]))
    assert text == "CK01\tSP\\t1\t\\N\t2027-01-31\t12\t1.50\t18.00\t库存.xls\t4\n"
    assert len(text.rstrip("\n").split("\t")) == len(legacy_file.STOCK_COLUMNS)
    assert legacy_file.snapshot_hash(text) == legacy_file.snapshot_hash(text)
    assert legacy_file.snapshot_hash(text) != legacy_file.snapshot_hash(text, "")


def test_partner_rows_skip_partners_without_balances():
    rows = list(legacy_file.partner_rows([
        SimpleNamespace(values={"code": "WL1", "ar": Decimal(5), "ap": None}, file="f", row=2),
        SimpleNamespace(values={"code": "WL2", "ar": None, "ap": None}, file="f", row=3),
    ]))
    assert rows == [("WL1", Decimal(5), 0, "f", 2)]
