"""clean(): cross-row rules, issues and records on a dirty set the tests build."""

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from jxc_fixtures import (
    GJP_ORDER_HEADER,
    GJP_PARTNER_HEADER,
    GJP_PRODUCT_HEADER,
    GJP_STOCK_HEADER,
    html_bytes,
    product_row,
    write_bytes,
    write_xls,
)
from jxc_upgrade_engine import ISSUE_CODES, SEVERITIES, Table, clean, get_preset, load_sources, uscc
from jxc_upgrade_engine.readers import ReadError

D = Decimal
AS_OF = datetime.date(2026, 11, 1)
GJP = get_preset("guanjiapo")
GOOD_VAT = "91330100MA2KXY7P0" + uscc.check_char("91330100MA2KXY7P0")

PRODUCTS = [
    ["商品信息表"],
    [],
    GJP_PRODUCT_HEADER,
    product_row("SP00001", "碘伏消毒液1", ratio=12, cost=10.0, months=24),  # row 4
    product_row(" ＳＰ００００２ ", "板蓝根颗粒2", ratio=60, cost=75.68, months=18),  # row 5
    product_row("SP00003", "医用口罩3", tracked="否", months=None),  # row 6
    product_row("SP00001", "碘伏消毒液1", ratio=12, cost=10.0, months=24),  # 7 merged
    product_row("SP00003", "医用口罩3(重复)", tracked="否", months=None),  # 8 conflict
    product_row("SP00004", "停用品4", **{"停用": "是"}),  # row 9
    product_row("SP00005", "怪值5", tracked="可能"),  # 10 invalid
    product_row("SP00006", "零换算6", ratio=0),  # 11 ratio 0
    product_row("SP00007", None),  # 12 no name
    product_row("ＳＰ００００１", "碘伏消毒液1", ratio=12, cost=10.0, months=24),  # 13 merged
]
PARTNERS = [
    GJP_PARTNER_HEADER,
    ["WL0001", "台州华东大药房1", "客户", "0571-1", GOOD_VAT, 100.5, 0],
    ["WL0002", "宁波仁和医药2", "供应商", "0571-2", "9133010098Q68PURMK", 0, "1,000.00"],
    ["WL0003", "嘉兴益民医药3", "客户及供应商", None, None, 1, 2],
    ["WL0004", "温州康泰医药4", "客户", None, "123", 0, 0],
    ["WL0005", "员工5", "员工", None, None, 0, 0],
]
STOCK = [
    ["库存状况表"],
    [],
    GJP_STOCK_HEADER,
    [
        "CK01",
        "总仓",
        "SP00001",
        "x",
        "A1",
        datetime.date(2025, 1, 2),
        "2027-01-31",
        10,
        "盒",
        10,
        100,
    ],  # row 4
    ["CK01", "总仓", "ＳＰ００００２", "x", "B1", 45700, "2026-03", 2, "箱", 4540.8, 9081.6],  # 5
    ["CK02", "一号门店", "SP00003", "x", None, None, None, 5, "盒", 3, None],  # row 6
    ["CK02", "一号门店", "SP00001", "x", "A2", None, "2025-02-30", 1, "盒", 10, 10],  # 7
    ["CK02", "一号门店", "SP00001", "x", "A3", None, "2027-01-01", -3, "盒", 10, -30],  # 8
    ["CK03", "二号门店", "SP99999", "x", "Z1", None, "2027-01-01", 4, "盒", 1, 4],  # row 9
    ["CK03", "二号门店", "SP00001", "x", "A5", None, "2027-01-01", 1, "瓶", 1, 1],  # 10
    ["CK01", "总仓", "SP00001", "x", "A4", None, 46000, 3, None, 10, 30],  # 11
    ["CK01", "总仓", "SP00001", "x", "A6", None, None, "abc", "盒", 10, 10],  # 12
    ["CK01", "总仓", None, "x", "A7", None, None, 1, "盒", 10, 10],  # 13
    ["CK01", "总仓", "SP00004", "x", "C1", None, "2026年11月", 7, "盒", None, None],  # 14
]
ORDERS = [
    GJP_ORDER_HEADER,
    ["CG-1", "采购订单", "2026-10-29", "WL0002", "CK01", "SP00001", "100", "40", "10"],  # 2
    ["CG-1", "采购订单", "2026-10-16", "WL0002", "CK01", "ＳＰ００００２", "10", "0", "7.5"],  # 3
    ["XS-2", "销售订单", "2026-10-27", "WL0001", "CK04", "SP00003", "5", "5", "1"],  # 4
    ["XS-3", "销售订单", "2026-10-27", "WL9999", "CK01", "SP00003", "5", "0", "1"],  # 5
    ["XS-4", "退货单", "2026-10-27", "WL0001", "CK01", "SP00003", "5", "0", "1"],  # 6
    ["XS-2", "销售订单", "2026-10-27", "WL0003", "CK04", "SP00001", "5", "0", "1"],  # 7
    ["CG-5", "采购订单", "2026-10-27", "WL0002", "CK01", "SP00001", "5", "8", "1"],  # 8
    ["CG-6", "采购订单", "2026-13-01", "WL0002", "CK01", "SP00077", "5", None, "1"],  # 9
]


def _total(rows, qty_total=None, value_total=None):
    data = rows[3:]
    qty = sum(row[7] for row in data if isinstance(row[7], int | float))
    value = sum(row[10] for row in data if isinstance(row[10], int | float))
    return rows + [
        [
            "合计",
            None,
            None,
            None,
            None,
            None,
            None,
            qty if qty_total is None else qty_total,
            None,
            None,
            value if value_total is None else value_total,
        ]
    ]


@pytest.fixture
def folder(tmp_path):
    write_xls(tmp_path / "商品信息.xls", {"商品信息": PRODUCTS})
    write_xls(tmp_path / "往来单位.xls", {"往来单位": PARTNERS})
    write_xls(tmp_path / "库存.xls", {"库存": _total(STOCK)})
    write_bytes(tmp_path / "未完成订单.xls", html_bytes(ORDERS))
    return tmp_path


@pytest.fixture
def result(folder):
    return clean(load_sources([str(folder)], GJP), GJP, AS_OF)


def _issues(result, severity=None):
    return {
        (issue.entity, issue.key, issue.code, issue.row)
        for issue in result.issues
        if severity is None or issue.severity == severity
    }


def _by_key(result, entity):
    return {record.key: record for record in result.records[entity]}


def test_counts(result):
    assert result.counts() == {
        "product": {"accepted": 4, "rejected": 4, "flagged": 0},
        "partner": {"accepted": 4, "rejected": 1, "flagged": 2},
        "warehouse": {"accepted": 3, "rejected": 0, "flagged": 0},
        "stock": {"accepted": 5, "rejected": 6, "flagged": 0},
        "order": {"accepted": 3, "rejected": 5, "flagged": 0},
    }


def test_rejects(result):
    assert _issues(result, "reject") == {
        ("product", "SP00003", "conflicting_duplicate", 8),
        ("product", "SP00005", "invalid_value", 10),
        ("product", "SP00006", "invalid_number", 11),
        ("product", "SP00007", "missing_value", 12),
        ("partner", "WL0005", "invalid_value", 6),
        ("stock", "CK02/SP00001/A2", "invalid_date", 7),
        ("stock", "CK02/SP00001/A3", "negative_qty", 8),
        ("stock", "CK03/SP99999/Z1", "unknown_product", 9),
        ("stock", "CK03/SP00001/A5", "unknown_unit", 10),
        ("stock", "CK01/SP00001/A6", "invalid_number", 12),
        ("stock", "CK01//A7", "missing_value", 13),
        ("order", "XS-3/SP00003", "unknown_partner", 5),
        ("order", "XS-4/SP00003", "invalid_value", 6),
        ("order", "XS-2/SP00001", "conflicting_duplicate", 7),
        ("order", "CG-5/SP00001", "negative_qty", 8),
        ("order", "CG-6/SP00077", "invalid_date", 9),
        ("order", "CG-6/SP00077", "unknown_product", 9),  # every problem of a row is told
    }


def test_flags_infos_and_warnings(result):
    assert _issues(result, "flag") == {
        ("partner", "WL0002", "bad_vat", 3),
        ("partner", "WL0004", "bad_vat", 5),
    }
    assert _issues(result, "info") == {
        ("product", "SP00001", "duplicate_merged", 7),
        ("product", "SP00001", "duplicate_merged", 13),
        ("stock", "CK01/SP00002/B1", "expired_stock", 5),
        ("stock", "CK01/SP00001/A4", "expired_stock", 11),
    }
    assert _issues(result, "warning") == set()
    assert {issue.code for issue in result.issues} <= set(ISSUE_CODES)
    assert {issue.severity for issue in result.issues} <= set(SEVERITIES)


def test_products(result):
    products = _by_key(result, "product")
    assert list(products) == ["SP00001", "SP00002", "SP00003", "SP00004"]  # file order
    first = products["SP00001"]
    assert (first.file, first.sheet, first.row) == ("商品信息.xls", "商品信息", 4)
    assert first.values == {
        "code": "SP00001",
        "name": "碘伏消毒液1",
        "short_name": "JC",
        "spec": "10片",
        "barcode": first.values["barcode"],
        "uom": "盒",
        "aux_uom": "箱",
        "ratio": D(12),
        "category": "西药",
        "cost": D("10"),
        "price": D("13.5"),
        "tracked": True,
        "shelf_life_days": 720,
        "active": True,
    }
    assert products["SP00002"].values["shelf_life_days"] == 540
    assert products["SP00003"].values["name"] == "医用口罩3"  # the first row is kept
    assert products["SP00003"].values["tracked"] is False
    assert products["SP00003"].values["shelf_life_days"] is None
    assert products["SP00004"].values["active"] is False


def test_partners(result):
    partners = _by_key(result, "partner")
    one, two, three, four = (
        partners[code].values for code in ("WL0001", "WL0002", "WL0003", "WL0004")
    )
    assert (one["is_customer"], one["is_supplier"], one["vat"], one["vat_valid"]) == (
        True,
        False,
        GOOD_VAT,
        True,
    )
    assert (two["is_customer"], two["is_supplier"], two["vat_valid"], two["ap"]) == (
        False,
        True,
        False,
        D("1000.00"),
    )
    assert (three["is_customer"], three["is_supplier"], three["vat"], three["vat_valid"]) == (
        True,
        True,
        None,
        False,
    )
    assert four["vat_valid"] is False
    assert one["ar"] == D("100.5") and one["ap"] == 0


def test_stock_values(result):
    stock = _by_key(result, "stock")
    assert list(stock) == [
        "CK01/SP00001/A1",
        "CK01/SP00002/B1",
        "CK02/SP00003/",
        "CK01/SP00001/A4",
        "CK01/SP00004/C1",
    ]
    a1 = stock["CK01/SP00001/A1"].values
    assert a1 == {
        "warehouse_code": "CK01",
        "warehouse_name": "总仓",
        "product_code": "SP00001",
        "lot": "A1",
        "production_date": datetime.date(2025, 1, 2),
        "expiry_date": datetime.date(2027, 1, 31),
        "expiry_precision": "day",
        "qty": D(10),
        "unit": "盒",
        "unit_cost": D(10),
        "value": D(100),
        "expired": False,
    }
    boxes = stock["CK01/SP00002/B1"].values
    assert (boxes["qty"], boxes["unit_cost"], boxes["value"], boxes["unit"]) == (
        D(120),
        D("75.68"),
        D("9081.6"),
        "箱",
    )
    assert (boxes["expiry_date"], boxes["expiry_precision"], boxes["expired"]) == (
        datetime.date(2026, 3, 31),
        "month",
        True,
    )
    assert boxes["production_date"] == datetime.date(2025, 2, 12)  # serial 45700
    untracked = stock["CK02/SP00003/"].values
    assert (untracked["lot"], untracked["expiry_date"], untracked["value"]) == (None, None, D(15))
    assert stock["CK01/SP00001/A4"].values["expiry_date"] == datetime.date(2025, 12, 9)
    # Month precision through the end of the as-of month: not expired yet.
    c1 = stock["CK01/SP00004/C1"].values
    assert (c1["expiry_date"], c1["expired"]) == (datetime.date(2026, 11, 30), False)
    # Neither 成本单价 nor 库存金额: the product's cost.
    assert (c1["unit_cost"], c1["value"]) == (D("10"), D("70"))


def test_warehouses_from_stock_and_orders(result):
    # CK03 has rejected rows only; CK04 is known from an order line only.
    assert [(r.key, r.values) for r in result.records["warehouse"]] == [
        ("CK01", {"code": "CK01", "name": "总仓"}),
        ("CK02", {"code": "CK02", "name": "一号门店"}),
        ("CK04", {"code": "CK04", "name": "CK04"}),
    ]


def test_orders(result):
    orders = _by_key(result, "order")
    assert list(orders) == ["CG-1/SP00001", "CG-1/SP00002", "XS-2/SP00003"]
    line = orders["CG-1/SP00001"].values
    assert line == {
        "number": "CG-1",
        "kind": "purchase",
        "date": datetime.date(2026, 10, 29),
        "partner_code": "WL0002",
        "warehouse_code": "CK01",
        "product_code": "SP00001",
        "qty": D(100),
        "done_qty": D(40),
        "open_qty": D(60),
        "price": D(10),
    }
    assert orders["XS-2/SP00003"].values["open_qty"] == 0
    assert orders["XS-2/SP00003"].values["kind"] == "sale"


def test_totals(result):
    assert result.totals == [
        {
            "file": "库存.xls",
            "sheet": "库存",
            "column": "数量",
            "legacy_total": D(31),
            "read_total": D(31),
            "staged_total": D(27),
            "rejected_total": D(4),
            "ok": True,
        },
        {
            "file": "库存.xls",
            "sheet": "库存",
            "column": "库存金额",
            "legacy_total": D("9216.6"),
            "read_total": D("9216.6"),
            "staged_total": D("9211.6"),
            "rejected_total": D("5"),
            "ok": True,
        },
    ]


def test_total_mismatch_is_a_warning(tmp_path):
    write_xls(tmp_path / "商品信息.xls", PRODUCTS)
    write_xls(tmp_path / "库存.xls", _total(STOCK, qty_total=41))
    result = clean(load_sources([str(tmp_path)], GJP), GJP, AS_OF)
    warnings = [issue for issue in result.issues if issue.severity == "warning"]
    assert [(w.code, w.file, w.row, w.column, w.value) for w in warnings] == [
        ("total_mismatch", "库存.xls", 15, "数量", "41"),
    ]
    assert "41" in warnings[0].message_zh and "31" in warnings[0].message_en
    assert [t["ok"] for t in result.totals] == [False, True]


def test_messages_name_file_row_and_column(result):
    issue = next(i for i in result.issues if i.code == "invalid_date" and i.entity == "stock")
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == (
        "库存.xls",
        "库存",
        7,
        "有效期至",
        "2025-02-30",
    )
    assert issue.message_zh == "库存.xls 第7行「有效期至」: 日期 2025-02-30 不存在"
    assert issue.message_en == "库存.xls row 7, column 有效期至: 2025-02-30 is not a real date"
    conflict = next(i for i in result.issues if i.code == "conflicting_duplicate")
    assert conflict.column == "商品全名" and conflict.value == "医用口罩3(重复)"
    assert "第6行" in conflict.message_zh and "row 6" in conflict.message_en
    for issue in result.issues:
        assert issue.message_zh.startswith("%s 第%d行" % (issue.file, issue.row))
        assert issue.message_en.startswith("%s row %d" % (issue.file, issue.row))
        if issue.column:
            assert "「%s」" % issue.column in issue.message_zh
            assert "column %s" % issue.column in issue.message_en
    json.dumps([issue.to_json() for issue in result.issues], ensure_ascii=False)


def test_clean_of_json_round_tripped_tables_is_the_same(folder, result):
    tables = load_sources([str(folder)], GJP)
    again = [Table.from_json(json.loads(json.dumps(t.to_json()))) for t in tables]
    assert clean(again, GJP, AS_OF) == result


def test_stock_alone_accepts_codes_known_in_odoo(tmp_path):
    write_xls(tmp_path / "库存.xls", STOCK[:6])
    tables = load_sources([str(tmp_path)], GJP)
    alone = clean(tables, GJP, AS_OF)
    assert {i.code for i in alone.issues if i.severity == "reject"} == {"unknown_product"}
    assert alone.records["stock"] == []
    known = clean(
        tables, GJP, AS_OF, known_product_codes=frozenset({"SP00001", "ＳＰ００００２", "SP00003"})
    )
    assert len(known.records["stock"]) == 3
    # With a plain set the units cannot be checked: quantities stay in the file's unit.
    boxes = _by_key(known, "stock")["CK01/SP00002/B1"].values
    assert (boxes["qty"], boxes["unit"]) == (D(2), "箱")
    # With the units of the products in Odoo the row is converted like any other.
    units = {
        "SP00001": {"uom": "盒", "aux_uom": "箱", "ratio": 12},
        "SP00002": {"uom": "盒", "aux_uom": "箱", "ratio": "60"},
        "SP00003": {"uom": "盒"},
    }
    converted = clean(tables, GJP, AS_OF, known_product_codes=units)
    boxes = _by_key(converted, "stock")["CK01/SP00002/B1"].values
    assert (boxes["qty"], boxes["unit_cost"]) == (D(120), D("75.68"))


def test_orders_accept_partners_known_in_odoo(tmp_path):
    write_bytes(tmp_path / "未完成订单.xls", html_bytes(ORDERS[:4]))
    tables = load_sources([str(tmp_path)], GJP)
    result = clean(
        tables,
        GJP,
        AS_OF,
        known_product_codes=frozenset({"SP00001", "SP00002"}),
        known_partner_codes=frozenset({"WL0002"}),
    )
    assert [r.key for r in result.records["order"]] == ["CG-1/SP00001", "CG-1/SP00002"]
    assert {(i.key, i.code) for i in result.issues} == {
        ("XS-2/SP00003", "unknown_product"),
        ("XS-2/SP00003", "unknown_partner"),
    }


def test_same_product_in_two_files_with_other_columns_is_merged(tmp_path):
    # A second product file with fewer columns: only the columns both files have are
    # compared, a missing column is no conflict.
    write_xls(tmp_path / "a.xls", [GJP_PRODUCT_HEADER, product_row("SP00001", "碘伏")])
    write_xls(
        tmp_path / "b.xls", [["商品编号", "商品全名"], ["SP00001", "碘伏"], ["SP00002", "新品"]]
    )
    result = clean(load_sources([str(tmp_path)], GJP), GJP, AS_OF)
    assert [r.key for r in result.records["product"]] == ["SP00001", "SP00002"]
    assert [(i.code, i.file) for i in result.issues] == [("duplicate_merged", "b.xls")]


def test_clean_refuses_a_table_whose_profile_lost_a_required_column(folder):
    tables = load_sources([str(folder)], GJP)
    edited = get_preset("guanjiapo")
    del edited["entities"]["stock"]["columns"]["数量"]
    edited["entities"]["stock"]["columns"]["库存数量"] = "qty"
    with pytest.raises(ReadError) as info:
        clean(tables, edited, AS_OF)
    assert info.value.code == "missing_columns" and "库存数量" in info.value.message_en


def test_engine_never_imports_odoo():
    addon = os.path.join(os.path.dirname(__file__), "..", "..", "addons", "jxc_upgrade")
    code = (
        "import sys; sys.path.insert(0, %r); import engine, engine.pipeline; "
        "assert not [m for m in sys.modules if m == 'odoo' or m.startswith('odoo.')]"
        % os.path.abspath(addon)
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_unclassified_tables_are_classified_by_clean(folder, result):
    # Tables built elsewhere (the SOAP source, a resumed run) may come without entity.
    tables = load_sources([str(folder)], GJP)
    for table in tables:
        table.entity = None
    assert clean(tables, GJP, AS_OF) == result


def test_profile_listing_a_required_field_twice(folder, result):
    # The Odoo side rebuilds ``required`` from column records, one per alias.
    profile = get_preset("guanjiapo")
    profile["entities"]["stock"]["required"] += ["qty", "product_code"]
    tables = load_sources([str(folder)], profile)
    assert clean(tables, profile, AS_OF) == result
