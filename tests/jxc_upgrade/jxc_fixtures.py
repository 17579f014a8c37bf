"""Builders of legacy export files for the tests: .xls (xlwt), .xlsx (openpyxl), CSV in
any encoding and delimiter, and HTML tables saved as .xls the way 管家婆 does it.

A cell given as a datetime.date is written as a real date cell (a number with a date
format) in .xls and .xlsx; everything else is written as it is.
"""

import csv
import datetime
import html
import io
import os
import unicodedata

import openpyxl
import xlwt

GJP_PRODUCT_HEADER = [
    "商品编号", "商品全名", "简名", "规格", "条码", "基本单位", "辅助单位", "换算率", "类别",
    "进价", "零售价", "批次管理", "保质期(月)", "停用",
]
GJP_PARTNER_HEADER = ["单位编号", "单位全名", "类型", "电话", "税号", "应收余额", "应付余额"]
GJP_STOCK_HEADER = [
    "仓库编号", "仓库名称", "商品编号", "商品全名", "批号", "生产日期", "有效期至", "数量",
    "单位", "成本单价", "库存金额",
]
GJP_ORDER_HEADER = [
    "单据编号", "单据类型", "日期", "往来单位编号", "仓库编号", "商品编号", "数量",
    "已完成数量", "单价",
]
KD_PRODUCT_HEADER = [
    "物料代码", "物料名称", "规格型号", "计量单位", "物料类别", "条形码", "单价", "批次管理",
    "保质期(天)",
]
KD_STOCK_HEADER = [
    "仓库代码", "仓库名称", "物料代码", "物料名称", "批号", "生产日期", "有效期至", "数量",
    "单价", "金额",
]
KD_PARTNER_HEADER = ["代码", "名称", "类别", "统一社会信用代码", "应收余额", "应付余额"]

_DATE_STYLE = xlwt.easyxf(num_format_str="YYYY-MM-DD")


def write_xls(path, sheets):
    """``sheets``: {sheet name: rows} or a list of rows for one sheet 'Sheet1'."""
    if not isinstance(sheets, dict):
        sheets = {"Sheet1": sheets}
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, datetime.date):
                    sheet.write(r, c, value, _DATE_STYLE)
                else:
                    sheet.write(r, c, value)
    book.save(path)
    return path


def write_xlsx(path, sheets):
    if not isinstance(sheets, dict):
        sheets = {"Sheet1": sheets}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def csv_bytes(rows, encoding="utf-8", delimiter=",", bom=False):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    data = buffer.getvalue().encode(encoding)
    if bom and encoding.replace("-", "").lower() == "utf8":
        data = b"\xef\xbb\xbf" + data
    return data


def write_csv(path, rows, encoding="utf-8", delimiter=",", bom=False):
    with open(path, "wb") as handle:
        handle.write(csv_bytes(rows, encoding, delimiter, bom))
    return path


def html_bytes(rows, encoding="gbk", meta_charset="gb2312", title=None):
    """An HTML table as 管家婆 saves it under a .xls name."""
    meta = (
        '<meta http-equiv=Content-Type content="text/html; charset=%s">' % meta_charset
        if meta_charset else ""
    )
    parts = ["<html><head>%s</head><body>" % meta]
    if title:
        parts.append("<h3>%s</h3>" % html.escape(title))
    parts.append("<table border=1>")
    for row in rows:
        cells = "".join(
            "<td>%s</td>" % ("&nbsp;" if value is None else html.escape(str(value)))
            for value in row
        )
        parts.append("<tr>%s</tr>" % cells)
    parts.append("</table></body></html>")
    return "\n".join(parts).encode(encoding)


def write_bytes(path, data):
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def _barcode(code):
    digits = "".join(c for c in unicodedata.normalize("NFKC", code) if c.isdigit())
    return "690" + digits.zfill(10)


def product_row(code, name, ratio=12, cost=10.0, tracked="是", months=24, **extra):
    row = dict(zip(GJP_PRODUCT_HEADER, [
        code, name, "JC", "10片", _barcode(code), "盒", "箱",
        ratio, "西药", cost, round(cost * 1.35, 2), tracked, months, "否",
    ], strict=True))
    row.update(extra)
    return [row[head] for head in GJP_PRODUCT_HEADER]


def path_in(folder, name):
    return os.path.join(str(folder), name)
