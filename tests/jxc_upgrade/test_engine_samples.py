"""The shared legacy samples end at exactly the figures of expected.json, for both presets.

The samples live beside the repository (../shared/legacy-samples), where CI has them.
"""

import collections
import datetime
import json
import os
from decimal import Decimal

import pytest
from jxc_upgrade_engine import clean, get_preset, load_sources

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(REPO, "..", "shared", "legacy-samples")
CENT = Decimal("0.01")

pytestmark = pytest.mark.skipif(
    not os.path.isfile(os.path.join(SAMPLES, "expected.json")),
    reason="shared legacy samples not found at %s" % os.path.abspath(SAMPLES),
)

KIND = {"客户": (True, False), "供应商": (False, True), "客户及供应商": (True, True)}


@pytest.fixture(scope="module")
def expected():
    with open(os.path.join(SAMPLES, "expected.json"), encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module", params=["guanjiapo", "kingdee_kis"])
def run(request, expected):
    profile = get_preset(request.param)
    tables = load_sources([os.path.join(SAMPLES, request.param)], profile)
    as_of = datetime.date.fromisoformat(expected["as_of"])
    return request.param, tables, clean(tables, profile, as_of)


def _money(value):
    return Decimal(value).quantize(CENT)


def _values(result, entity):
    return [record.values for record in result.records[entity]]


def test_tables_are_classified(run):
    preset, tables, _result = run
    entities = sorted(table.entity for table in tables)
    if preset == "guanjiapo":
        assert entities == ["order", "partner", "product", "stock"]
        html = next(t for t in tables if t.file == "未完成订单.xls")
        assert html.encoding == "gb18030"        # HTML saved as .xls, meta charset gb2312
    else:
        assert entities == ["partner", "product", "stock"]
        assert {t.encoding for t in tables if t.file.endswith(".csv")} == {"gb18030"}


def test_products(run, expected):
    _preset, _tables, result = run
    products = _values(result, "product")
    assert len(products) == expected["products"]
    assert sum(p["tracked"] for p in products) == expected["tracked_products"]
    got = [{"code": p["code"], "name": p["name"], "barcode": p["barcode"],
            "tracked": p["tracked"]} for p in products]
    assert sorted(got, key=lambda p: p["code"]) == \
        sorted(expected["product_list"], key=lambda p: p["code"])
    by_code = {p["code"]: p for p in products}
    assert by_code["SP00002"]["shelf_life_days"] == 540    # 18 months, as 金蝶 states it


def test_partners(run, expected):
    _preset, _tables, result = run
    partners = _values(result, "partner")
    assert len(partners) == expected["partners"]
    flagged = sorted(i.key for i in result.issues if i.code == "bad_vat")
    assert flagged == expected["partners_bad_vat"]
    assert all(i.severity == "flag" for i in result.issues if i.code == "bad_vat")
    by_code = {p["code"]: p for p in partners}
    for want in expected["partner_list"]:
        got = by_code[want["code"]]
        assert got["name"] == want["name"]
        assert (got["is_customer"], got["is_supplier"]) == KIND[want["kind"]]
        assert got["vat"] == want["vat"]
        assert got["vat_valid"] is (want["code"] not in expected["partners_bad_vat"])
        assert (got["ar"], got["ap"]) == (Decimal(want["ar"]), Decimal(want["ap"]))
    assert sum(p["ar"] for p in partners) == Decimal(expected["ar_total"])
    assert sum(p["ap"] for p in partners) == Decimal(expected["ap_total"])


def test_warehouses(run, expected):
    _preset, _tables, result = run
    warehouses = _values(result, "warehouse")
    assert [w["code"] for w in warehouses] == expected["warehouses"]
    assert warehouses[0] == {"code": "CK01", "name": "总仓"}


def test_stock_per_warehouse_and_product(run, expected):
    _preset, _tables, result = run
    stock = _values(result, "stock")
    assert len(stock) == expected["stock_rows"]
    per_warehouse = collections.defaultdict(lambda: {"qty": Decimal(0), "value": Decimal(0),
                                                     "rows": 0})
    per_product = collections.defaultdict(Decimal)
    for row in stock:
        bucket = per_warehouse[row["warehouse_code"]]
        bucket["qty"] += row["qty"]
        bucket["value"] += row["value"]
        bucket["rows"] += 1
        per_product[row["product_code"]] += row["qty"]
    assert set(per_warehouse) == set(expected["per_warehouse"])
    for code, want in expected["per_warehouse"].items():
        got = per_warehouse[code]
        assert _money(got["qty"]) == _money(want["qty"]), code
        assert _money(got["value"]) == _money(want["value"]), code
        assert got["rows"] == want["rows"], code
    assert _money(sum(r["qty"] for r in stock)) == _money(expected["qty_total"])
    assert _money(sum(r["value"] for r in stock)) == _money(expected["value_total"])
    assert {code: _money(qty) for code, qty in per_product.items()} == \
        {code: _money(qty) for code, qty in expected["per_product_qty"].items()}


def test_lots_and_expiry(run, expected):
    preset, _tables, result = run
    stock = _values(result, "stock")
    lots = {"%s/%s" % (r["product_code"], r["lot"]): r for r in stock if r["lot"]}
    assert len(lots) == expected["lots"]
    assert {key: r["expiry_date"].isoformat() for key, r in lots.items()} == \
        expected["lot_expiry"]
    for want in expected["month_precision_lots"]:
        row = lots["%s/%s" % (want["code"], want["lot"])]
        assert row["warehouse_code"] == want["wh"]
        assert row["expiry_date"].isoformat() == want["expiration"]
        if preset == "guanjiapo":   # 金蝶 states the same day in full
            assert row["expiry_precision"] == "month"
    expired = [r for r in stock if r["expired"]]
    assert len(expired) == expected["expired_stock_rows"]
    assert sorted("%s/%s" % (r["product_code"], r["lot"]) for r in expired) == \
        sorted(expected["expired_lots"])
    infos = [i for i in result.issues if i.code == "expired_stock"]
    assert len(infos) == expected["expired_stock_rows"]
    assert {i.severity for i in infos} == {"info"}


def test_rejects(run, expected):
    preset, _tables, result = run
    rejects = sorted((i.entity, i.key, i.code) for i in result.issues if i.severity == "reject")
    if preset == "guanjiapo":
        assert rejects == sorted((r["entity"], r["key"], r["reason"])
                                 for r in expected["rejects"])
    else:
        assert rejects == []
    assert not [i for i in result.issues if i.severity == "warning"]


def test_open_orders(run, expected):
    preset, _tables, result = run
    lines = [r for r in _values(result, "order") if r["open_qty"] > 0]
    if preset == "guanjiapo":
        assert len(lines) == expected["open_order_lines"]
        assert len({r["number"] for r in lines}) == expected["open_orders"]
        first = lines[0]
        assert (first["number"], first["kind"], first["qty"], first["done_qty"],
                first["open_qty"]) == ("CG-2026-00001", "purchase", 151, 75, 76)
    else:
        assert lines == []


def test_legacy_totals_match_what_was_read(run):
    preset, _tables, result = run
    if preset != "guanjiapo":
        assert result.totals == []
        return
    by_column = {t["column"]: t for t in result.totals}
    assert set(by_column) == {"数量", "库存金额"}
    assert all(t["ok"] for t in result.totals)
    value = by_column["库存金额"]
    assert value["legacy_total"] == value["read_total"] == Decimal("9017784.68")
    assert value["staged_total"] == Decimal("8876185.50")
    assert value["staged_total"] + value["rejected_total"] == value["read_total"]
