"""Readers: sniffing by bytes, each format and encoding, header and 合计 detection,
and the ReadError of each kind of broken file."""

import datetime
import json

import pytest
from jxc_fixtures import (
    GJP_ORDER_HEADER,
    GJP_PRODUCT_HEADER,
    GJP_STOCK_HEADER,
    KD_PARTNER_HEADER,
    KD_PRODUCT_HEADER,
    KD_STOCK_HEADER,
    csv_bytes,
    html_bytes,
    product_row,
    write_bytes,
    write_csv,
    write_xls,
    write_xlsx,
)
from jxc_upgrade_engine import get_preset, load_sources, readers
from jxc_upgrade_engine.readers import ReadError, Table

GJP = get_preset("guanjiapo")
KD = get_preset("kingdee_kis")

STOCK_ROWS = [
    ["CK01", "总仓", "SP00001", "碘伏消毒液1", "20250305A", datetime.date(2025, 3, 5),
     "2026-09-10", 206, "盒", 101.65, 20939.9],
    ["CK02", "一号门店", "ＳＰ０００２", "碘伏消毒液2", "20241217B", 45643, "20260616", 4, "箱",
     9112.2, 36448.8],
]


def _stock_sheet(total=True):
    rows = [["库存状况表"], [], GJP_STOCK_HEADER, *STOCK_ROWS, [None] * 11,
            ["CK03", "二号门店", "SP00003", "板蓝根颗粒3", None, None, None, 1, "盒", 2, 2]]
    if total:
        rows.append(["合计", None, None, None, None, None, None, 211, None, None, 57390.7])
    return rows


def _one(path, profile=GJP):
    tables = load_sources([str(path)], profile)
    assert len(tables) == 1
    return tables[0]


# --------------------------------------------------------------------------- sniff

def test_sniff_by_bytes_not_extension(tmp_path):
    xls = write_xls(tmp_path / "a.csv", [GJP_STOCK_HEADER])
    xlsx = write_xlsx(tmp_path / "b.xls", [GJP_STOCK_HEADER])
    html = write_bytes(tmp_path / "c.xlsx", html_bytes([GJP_STOCK_HEADER]))
    text = write_bytes(tmp_path / "d.xls", csv_bytes([GJP_STOCK_HEADER]))
    kinds = [readers.sniff(open(path, "rb").read()) for path in (xls, xlsx, html, text)]
    assert kinds == ["xls", "xlsx", "html", "csv"]


@pytest.mark.parametrize("data", [
    b"  \r\n<html><body><table><tr><td>x</td></tr></table></body></html>",
    b"\xef\xbb\xbf<table><tr><td>x</td></tr></table>",
    "<table><tr><td>商品</td></tr></table>".encode("utf-16"),
    "<table><tr><td>商品</td></tr></table>".encode("utf-16-le"),
    b"some preamble text\n<TABLE border=1><tr><td>x</td></tr></TABLE>",
])
def test_sniff_html_in_any_encoding(data):
    assert readers.sniff(data) == "html"


# ----------------------------------------------------------------------------- xls

def test_xls_title_rows_dates_numbers_and_total(tmp_path):
    table = _one(write_xls(tmp_path / "库存.xls", {"库存": _stock_sheet()}))
    assert table.file == "库存.xls"
    assert table.sheet == "库存"
    assert table.entity == "stock"
    assert table.header == GJP_STOCK_HEADER
    assert table.header_row == 3
    assert table.encoding is None
    # Row numbers as Excel shows them; the blank row 6 is dropped; 合计 is kept out.
    assert [number for number, _cells in table.rows] == [4, 5, 7]
    first = table.rows[0][1]
    assert first[5] == "2025-03-05"        # a real date cell
    assert first[7] == 206 and isinstance(first[7], int)
    assert first[9] == 101.65
    assert table.rows[1][1][5] == 45643    # a plain number stays a number
    assert table.rows[2][1][4] is None
    assert table.total_row == (8, ["合计", None, None, None, None, None, None, 211, None,
                                   None, 57390.7])
    assert len(table.file_hash) == 64


def test_xls_skips_blank_and_notes_sheets(tmp_path):
    path = write_xls(tmp_path / "商品信息.xls", {
        "说明": [["本表由管家婆导出"], ["请勿修改表头"]],
        "空白": [],
        "商品信息": [GJP_PRODUCT_HEADER, product_row("SP00001", "碘伏消毒液1")],
    })
    table = _one(path)
    assert (table.sheet, table.entity, len(table.rows)) == ("商品信息", "product", 1)


def test_xls_two_data_sheets_give_two_tables(tmp_path):
    path = write_xls(tmp_path / "全部.xls", {
        "商品": [GJP_PRODUCT_HEADER, product_row("SP00001", "碘伏消毒液1")],
        "库存": [GJP_STOCK_HEADER, STOCK_ROWS[0]],
    })
    tables = load_sources([str(path)], GJP)
    assert [(t.sheet, t.entity) for t in tables] == [("商品", "product"), ("库存", "stock")]


def test_header_matching_ignores_full_width_spaces_and_suffixes(tmp_path):
    header = list(GJP_PRODUCT_HEADER)
    header[12] = "保质期（月）"          # full-width parentheses
    header[11] = "批次管理(是/否)"       # the documented long form
    header[1] = " 商品\n全名 "
    table = _one(write_xls(tmp_path / "p.xls", [header, product_row("SP1", "x")]))
    assert table.entity == "product"
    assert table.header[12] == "保质期(月)"
    mapping = readers.column_map(table.header, GJP, "product")
    assert mapping[1] == "name" and mapping[11] == "tracked" and mapping[12] == "shelf_life"


# ---------------------------------------------------------------------------- html

@pytest.mark.parametrize("encoding, meta", [("gbk", "gb2312"), ("gbk", None),
                                            ("gb18030", "gbk"), ("utf-8", "utf-8")])
def test_html_as_xls(tmp_path, encoding, meta):
    rows = [GJP_ORDER_HEADER,
            ["CG-2026-00001", "采购订单", "2026-10-29", "WL0012", "CK03", "SP00067", "151",
             "75", "7.81"],
            ["XS-2026-00002", "销售订单", "2026/10/27", "WL0009", "CK01", "ＳＰ００１１２", "142",
             None, "182.63"]]
    path = write_bytes(tmp_path / "未完成订单.xls",
                       html_bytes(rows, encoding=encoding, meta_charset=meta, title="未完成订单"))
    table = _one(path)
    assert (table.entity, table.sheet, table.header_row) == ("order", "", 1)
    assert table.header == GJP_ORDER_HEADER
    assert table.rows[0] == (2, rows[1])
    assert table.rows[1][1][5] == "ＳＰ００１１２"   # raw: cleaning folds it
    assert table.rows[1][1][7] is None             # &nbsp; is blank
    assert table.encoding in ("gb18030", "utf-8")


def test_html_colspan_and_title_row(tmp_path):
    data = ("<html><head><meta charset=gbk></head><body><table>"
            "<tr><td colspan=11>库存状况表</td></tr><tr></tr>"
            "<tr>" + "".join("<th>%s</th>" % head for head in GJP_STOCK_HEADER) + "</tr>"
            "<tr><td>CK01</td><td>总仓</td><td>SP00001</td><td>x</td><td></td><td></td>"
            "<td>2026-03</td><td>1,200</td><td>盒</td><td>1.5</td><td>1,800.00</td></tr>"
            "<tr><td colspan=7>合计</td><td>1,200</td><td></td><td></td><td>1,800.00</td></tr>"
            "</table></body></html>").encode("gbk")
    table = _one(write_bytes(tmp_path / "库存.xls", data))
    assert table.header_row == 3
    assert table.rows == [(4, ["CK01", "总仓", "SP00001", "x", None, None, "2026-03", "1,200",
                               "盒", "1.5", "1,800.00"])]
    assert table.total_row[1][7] == "1,200"


# ---------------------------------------------------------------------------- xlsx

def test_xlsx_dates_and_numbers(tmp_path):
    rows = [KD_STOCK_HEADER,
            ["CK03", "二号门店", "SP00090", "氯雷他定片90", "20260716B",
             datetime.datetime(2026, 7, 16), datetime.date(2027, 7, 14), 37.0, 49.88, 1845.56],
            ["CK02", "一号门店", "SP00086", "维生素C片86", None, None, None, 125, 132.03,
             16503.75]]
    table = _one(write_xlsx(tmp_path / "即时库存.xlsx", {"即时库存": rows}), KD)
    assert (table.entity, table.sheet, table.header_row) == ("stock", "即时库存", 1)
    assert table.rows[0][1][5:8] == ["2026-07-16", "2027-07-14", 37]
    assert table.rows[1] == (3, ["CK02", "一号门店", "SP00086", "维生素C片86", None, None, None,
                                 125, 132.03, 16503.75])
    json.dumps(table.to_json())


# ----------------------------------------------------------------------------- csv

@pytest.mark.parametrize("encoding, bom, expected", [
    ("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("gb18030", False, "gb18030"),
    ("gbk", False, "gb18030"), ("gb2312", False, "gb18030"),
])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, bom, expected, delimiter):
    rows = [KD_PRODUCT_HEADER,
            ["SP00001", "碘伏消毒液1", "100mg*12片", "盒", "日用品", "6928792174218", "176.82",
             "N", ""],
            ["SP00002", "碘伏消毒液2, 大包装; 特价|新", "0.25g*24粒", "盒", "日用品",
             "6981003390753", "1,151.87", "Y", "540"]]
    path = write_csv(tmp_path / "物料.csv", rows, encoding, delimiter, bom)
    table = _one(path, KD)
    assert table.entity == "product"
    assert table.encoding == expected
    assert table.header == KD_PRODUCT_HEADER
    assert table.rows[1] == (3, rows[2])
    assert table.rows[0][1][8] is None


def test_csv_utf16_tab_text_and_excel_text_protection(tmp_path):
    text = "\t".join(KD_PARTNER_HEADER) + "\r\n" + \
        'WL0001\t台州华东大药房\t客户\t="91330100R937R466UN"\t36879.18\t0.00\r\n'
    table = _one(write_bytes(tmp_path / "往来.txt", text.encode("utf-16")), KD)
    assert table.encoding == "utf-16"
    assert table.rows[0][1][3] == "91330100R937R466UN"


def test_csv_title_line_above_header(tmp_path):
    rows = [["往来余额表 2026年10月"], [], KD_PARTNER_HEADER,
            ["WL0001", "台州华东大药房", "客户", "91330100R937R466UN", "1", "0"]]
    table = _one(write_csv(tmp_path / "往来余额.csv", rows, "gb18030"), KD)
    assert (table.header_row, table.rows[0][0]) == (3, 4)


def test_delimiter_sniffing():
    assert readers.sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert readers.sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert readers.sniff_delimiter('a,b,c\n"1;2",2,3\n') == ","
    assert readers.sniff_delimiter("a|b\n1|2\n") == "|"


# ------------------------------------------------------------------ total row forms

@pytest.mark.parametrize("label", ["合计", "总计", "合 计", "总计：", "合计:"])
def test_total_row_labels(tmp_path, label):
    rows = [GJP_STOCK_HEADER, STOCK_ROWS[0], [label, None, None, None, None, None, None, 206]]
    table = _one(write_xls(tmp_path / "s.xls", rows))
    assert table.total_row[0] == 3
    assert len(table.rows) == 1


def test_total_row_label_in_a_later_column(tmp_path):
    rows = [GJP_STOCK_HEADER, STOCK_ROWS[0], [None, None, "合计", None, None, None, None, 206]]
    assert _one(write_xls(tmp_path / "s.xls", rows)).total_row[0] == 3


# ----------------------------------------------------------------------- round trip

def test_table_json_round_trip(tmp_path):
    table = _one(write_xls(tmp_path / "库存.xls", {"库存": _stock_sheet()}))
    data = json.loads(json.dumps(table.to_json(), ensure_ascii=False))
    again = Table.from_json(data)
    assert again == table
    assert isinstance(again.rows[0], tuple) and isinstance(again.total_row, tuple)
    for _number, cells in again.rows:
        assert all(cell is None or type(cell) in (str, int, float) for cell in cells)


def test_folder_is_read_in_name_order_without_lock_and_hidden_files(tmp_path):
    write_xls(tmp_path / "b_库存.xls", [GJP_STOCK_HEADER, STOCK_ROWS[0]])
    write_xls(tmp_path / "a_商品.xls", [GJP_PRODUCT_HEADER, product_row("SP00001", "x")])
    write_bytes(tmp_path / "~$a_商品.xls", b"\x00lock")
    write_bytes(tmp_path / ".DS_Store", b"\x00\x01")
    tables = load_sources([str(tmp_path)], GJP)
    assert [t.file for t in tables] == ["a_商品.xls", "b_库存.xls"]


# -------------------------------------------------------------------- broken files

def _read_error(path, profile=GJP):
    with pytest.raises(ReadError) as info:
        load_sources([str(path)], profile)
    error = info.value
    name = path.name
    assert error.file == name
    assert name in error.message_zh and name in error.message_en
    assert error.message_zh in str(error) and error.message_en in str(error)
    return error


@pytest.mark.parametrize("cut", [100, 600, 4000, 0.5, -100])
def test_truncated_xls(tmp_path, cut):
    good = write_xls(tmp_path / "good.xls", {"库存": _stock_sheet()})
    data = good.read_bytes()
    size = int(len(data) * cut) if isinstance(cut, float) else cut
    error = _read_error(write_bytes(tmp_path / "库存.xls", data[:size]))
    assert error.code == "corrupt_file"
    assert ".xls" in error.message_en and "损坏" in error.message_zh


def test_truncated_xlsx(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [KD_STOCK_HEADER])
    data = good.read_bytes()
    error = _read_error(write_bytes(tmp_path / "即时库存.xlsx", data[: len(data) // 2]), KD)
    assert error.code == "corrupt_file"


def test_zip_that_is_no_workbook(tmp_path):
    import zipfile

    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _read_error(path).code == "corrupt_file"


def test_csv_with_invalid_bytes(tmp_path):
    data = csv_bytes([KD_PRODUCT_HEADER], "gb18030") + b"SP1,\xff\xfe\xff\xfe\xff,x\r\n"
    error = _read_error(write_bytes(tmp_path / "物料.csv", data), KD)
    assert error.code == "undecodable"
    assert error.row == 2
    assert "gb18030" in error.message_en and "编码" in error.message_zh


def test_binary_garbage(tmp_path):
    error = _read_error(write_bytes(tmp_path / "物料.csv", bytes(range(256)) * 8), KD)
    assert error.code == "undecodable"


def test_csv_in_a_foreign_encoding_is_no_header(tmp_path):
    # Shift-JIS bytes decode as GB18030 without an error, into text that means nothing:
    # the header cannot be recognised, and the message says how the file was decoded.
    data = csv_bytes([["品目コード", "品目名", "数量"], ["A1", "テスト", "3"]], "shift_jis")
    error = _read_error(write_bytes(tmp_path / "物料.csv", data), KD)
    assert error.code == "no_header"
    assert "gb18030" in error.message_en and "UTF-8" in error.message_zh


def test_missing_required_columns_are_listed(tmp_path):
    header = [head for head in GJP_STOCK_HEADER if head not in ("数量", "仓库编号")]
    error = _read_error(write_xls(tmp_path / "库存.xls", [["库存状况表"], header]))
    assert error.code == "missing_columns"
    assert error.row == 2
    for text in (error.message_zh, error.message_en, error.column):
        assert "数量" in text and "仓库编号" in text
    assert "库存" in error.message_zh and "stock" in error.message_en


def test_unrelated_header_is_no_header(tmp_path):
    rows = [["姓名", "工号", "工资"], ["张三", 1, 2]]
    error = _read_error(write_xls(tmp_path / "工资.xls", rows))
    assert error.code == "no_header"
    assert "商品编号" in error.message_zh


def test_html_page_without_a_table(tmp_path):
    data = "<html><head><meta charset=gbk></head><body>会话已过期，请重新登录</body></html>"
    error = _read_error(write_bytes(tmp_path / "库存.xls", data.encode("gbk")))
    assert error.code == "no_header"
    assert "表格" in error.message_zh and "without any table" in error.message_en


def test_header_below_row_30_is_not_found(tmp_path):
    rows = [["说明 %d" % n] for n in range(30)] + [GJP_STOCK_HEADER, STOCK_ROWS[0]]
    assert _read_error(write_xls(tmp_path / "库存.xls", rows)).code == "no_header"
    rows = [["说明 %d" % n] for n in range(29)] + [GJP_STOCK_HEADER, STOCK_ROWS[0]]
    assert _one(write_xls(tmp_path / "ok.xls", rows)).header_row == 30


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, data):
    assert _read_error(write_bytes(tmp_path / "库存.csv", data)).code == "empty_file"


def test_workbook_with_only_blank_sheets_is_empty(tmp_path):
    assert _read_error(write_xls(tmp_path / "库存.xls", {"a": [], "b": [[None]]})).code \
        == "empty_file"


def test_missing_file(tmp_path):
    assert _read_error(tmp_path / "nope.xls").code == "not_found"


def test_header_only_file_is_an_empty_table(tmp_path):
    table = _one(write_csv(tmp_path / "物料.csv", [KD_PRODUCT_HEADER]), KD)
    assert (table.entity, table.rows, table.total_row) == ("product", [], None)
