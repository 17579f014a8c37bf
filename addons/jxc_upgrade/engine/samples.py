"""Generate legacy exports in the 管家婆 and 金蝶KIS styles, with the figures a correct
import must end with.

The demo imports a generated set (the project ships no customer's data), the Odoo tests
build their fixtures with it, and the benchmarks generate their large sets with it. A
``dirty`` set carries every kind of dirt of legacy-formats.md, each counted in the
returned ``expected`` figures, so a test can compare an import with them.
"""

import calendar
import csv
import datetime
import os
import random
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
NAMES = [
    "阿莫西林胶囊",
    "布洛芬缓释胶囊",
    "连花清瘟胶囊",
    "医用口罩",
    "维生素C片",
    "感冒灵颗粒",
    "头孢克肟片",
    "藿香正气水",
    "氯雷他定片",
    "健胃消食片",
    "阿司匹林肠溶片",
    "碘伏消毒液",
]
SPECS = ["0.25g*24粒", "100mg*12片", "10只/包", "50ml", "10g*9袋"]
CATEGORIES = ["处方药", "非处方药", "医疗器械", "保健品", "日用品"]
CITIES = ["杭州", "宁波", "温州", "嘉兴", "绍兴", "台州"]
FIRMS = ["华东医药有限公司", "仁和医药有限公司", "康泰大药房连锁有限公司", "益民医药有限公司"]
WAREHOUSES = [
    ("CK01", "总仓"),
    ("CK02", "一号门店"),
    ("CK03", "二号门店"),
    ("CK04", "三号门店"),
    ("CK05", "四号门店"),
]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def uscc(rng, valid=True):
    body = "913301" + "".join(rng.choice(USCC_CHARS) for _ in range(11))
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    check = USCC_CHARS[(31 - total % 31) % 31]
    if not valid:
        check = USCC_CHARS[(USCC_CHARS.index(check) + 1) % 31]
    return body + check


def ean13(rng):
    digits = "69" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def end_of_month(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def fullwidth(code):
    return "".join(FULLWIDTH.get(c, c) for c in code)


def build(
    products=120,
    partners=12,
    warehouses=3,
    lots_per_product=4,
    seed=7,
    as_of=datetime.date(2026, 11, 1),
    dirty=True,
    orders=6,
):
    """The clean truth plus the dirty rows; nothing is written here."""
    rng = random.Random(seed)
    wh = (
        WAREHOUSES[:warehouses]
        if warehouses <= len(WAREHOUSES)
        else [("CK%02d" % i, "门店%d" % i) for i in range(1, warehouses + 1)]
    )
    product_rows = []
    for i in range(1, products + 1):
        tracked = rng.random() < 0.85
        cost = money(rng.uniform(5, 200))
        product_rows.append(
            {
                "code": "SP%05d" % i,
                "name": "%s%d" % (rng.choice(NAMES), i),
                "short_name": "".join(rng.choice("ABCDEFGHJKLMNPQRSTWXYZ") for _ in range(4)),
                "spec": rng.choice(SPECS),
                "barcode": ean13(rng),
                "uom": "盒",
                "aux_uom": "箱",
                "ratio": rng.choice([12, 24, 60]),
                "category": rng.choice(CATEGORIES),
                "cost": cost,
                "price": money(cost * Decimal("1.35")),
                "tracked": tracked,
                "shelf_months": rng.choice([12, 18, 24, 36]) if tracked else None,
            }
        )
    partner_rows = []
    for i in range(1, partners + 1):
        kind = rng.choice(["客户", "供应商", "客户及供应商"])
        partner_rows.append(
            {
                "code": "WL%04d" % i,
                "name": "%s%s%d" % (rng.choice(CITIES), rng.choice(FIRMS), i),
                "kind": kind,
                "phone": "0571-8%07d" % rng.randint(0, 9999999),
                "vat": uscc(rng, valid=not (dirty and i == min(9, partners))),
                "ar": money(rng.uniform(5000, 50000)) if kind != "供应商" else money(0),
                "ap": money(rng.uniform(5000, 70000)) if kind != "客户" else money(0),
            }
        )
    by_code = {p["code"]: p for p in product_rows}
    stock_rows = []
    for p in product_rows:
        for w_code, w_name in wh:
            if rng.random() < 0.25:
                continue
            lot_count = rng.randint(1, lots_per_product) if p["tracked"] else 1
            for _ in range(lot_count):
                qty = rng.randint(1, 400)
                row = {
                    "wh": w_code,
                    "wh_name": w_name,
                    "code": p["code"],
                    "qty": qty,
                    "unit_cost": p["cost"],
                    "lot": None,
                    "production": None,
                    "expiry": None,
                    "precision": None,
                    "in_box": False,
                }
                if p["tracked"]:
                    production = as_of - datetime.timedelta(days=rng.randint(0, 700))
                    row["production"] = production
                    row["lot"] = production.strftime("%Y%m%d") + rng.choice("ABC")
                    expiry = production + datetime.timedelta(days=p["shelf_months"] * 30 - 2)
                    if rng.random() < 0.1:
                        expiry = end_of_month(expiry.year, expiry.month)
                        row["precision"] = "month"
                    row["expiry"] = expiry
                if qty % p["ratio"] == 0 and rng.random() < 0.5:
                    row["in_box"] = True
                stock_rows.append(row)
    # Lot names are unique per product across warehouses only if they mean the same
    # lot; the same product/lot in two warehouses shares its dates.
    lots = {}
    for row in stock_rows:
        if row["lot"]:
            key = (row["code"], row["lot"])
            first = lots.setdefault(key, row)
            row["production"], row["expiry"], row["precision"] = (
                first["production"],
                first["expiry"],
                first["precision"],
            )
    order_lines = []
    for n in range(1, orders + 1):
        kind = "采购订单" if n % 2 else "销售订单"
        number = "%s-2026-%05d" % ("CG" if n % 2 else "XS", n)
        partner = rng.choice(
            [
                p
                for p in partner_rows
                if (p["kind"] != "客户") == (kind == "采购订单") or p["kind"] == "客户及供应商"
            ]
            or partner_rows
        )
        w_code = rng.choice(wh)[0]
        for code in rng.sample(list(by_code), min(len(by_code), rng.randint(1, 3))):
            qty = rng.randint(10, 200)
            order_lines.append(
                {
                    "number": number,
                    "kind": kind,
                    "date": as_of - datetime.timedelta(days=rng.randint(1, 20)),
                    "partner": partner["code"],
                    "wh": w_code,
                    "code": code,
                    "qty": qty,
                    "done": rng.choice([0, 0, qty // 2]),
                    "price": by_code[code]["cost"],
                }
            )
    return {
        "as_of": as_of,
        "products": product_rows,
        "partners": partner_rows,
        "warehouses": wh,
        "stock": stock_rows,
        "orders": order_lines,
        "dirty": dirty,
        "seed": seed,
    }


def expected(data):
    """The figures a correct import of ``data`` ends with."""
    by_code = {p["code"]: p for p in data["products"]}
    per_wh = {}
    for row in data["stock"]:
        entry = per_wh.setdefault(row["wh"], {"qty": 0, "value": Decimal(0), "rows": 0})
        entry["qty"] += row["qty"]
        entry["value"] += money(row["qty"] * row["unit_cost"])
        entry["rows"] += 1
    lots = {(r["code"], r["lot"]): r["expiry"] for r in data["stock"] if r["lot"]}
    open_orders = {line["number"] for line in data["orders"] if line["qty"] > line["done"]}
    return {
        "products": len(data["products"]),
        "tracked_products": sum(1 for p in data["products"] if p["tracked"]),
        "partners": len(data["partners"]),
        "partners_bad_vat": [p["code"] for p in data["partners"] if not _uscc_ok(p["vat"])],
        "warehouses": sorted({row["wh"] for row in data["stock"]}),
        "stock_rows": len(data["stock"]),
        "lots": len(lots),
        "lot_expiry": {"%s/%s" % k: v.isoformat() for k, v in lots.items()},
        "expired_stock_rows": sum(
            1 for r in data["stock"] if r["expiry"] and r["expiry"] < data["as_of"]
        ),
        "per_warehouse": {
            k: {"qty": v["qty"], "value": str(v["value"]), "rows": v["rows"]}
            for k, v in sorted(per_wh.items())
        },
        "value_total": str(sum((v["value"] for v in per_wh.values()), Decimal(0))),
        "ar_total": str(sum((p["ar"] for p in data["partners"]), Decimal(0))),
        "ap_total": str(sum((p["ap"] for p in data["partners"]), Decimal(0))),
        "open_order_lines": sum(1 for line in data["orders"] if line["qty"] > line["done"]),
        "open_orders": len(open_orders),
        "rejects": _dirty_rejects(data) if data["dirty"] else [],
        "products_by_code": {code: p["name"] for code, p in by_code.items()},
    }


def _uscc_ok(code):
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    return code[17] == USCC_CHARS[(31 - total % 31) % 31]


def _dirty_rows(data):
    """The rows a dirty export adds: (entity, row dict, reject reason or None)."""
    if not data["dirty"]:
        return []
    first = data["products"][0]
    second = data["products"][min(1, len(data["products"]) - 1)]
    wh, wh_name = data["warehouses"][0]
    base = {
        "wh": wh,
        "wh_name": wh_name,
        "unit_cost": Decimal("10.00"),
        "precision": None,
        "in_box": False,
        "production": data["as_of"] - datetime.timedelta(days=30),
        "expiry": data["as_of"] + datetime.timedelta(days=300),
    }
    return [
        ("product", dict(first), None),  # exact duplicate: merged silently
        ("product", dict(second, name=second["name"] + "(重复)"), "conflicting_duplicate"),
        ("stock", dict(base, code=second["code"], lot="NEG0001", qty=-5), "negative_qty"),
        (
            "stock",
            dict(base, code=second["code"], lot="BAD0001", qty=5, expiry_text="2025-02-30"),
            "invalid_date",
        ),
        ("stock", dict(base, code="SP99999", lot="UNK0001", qty=5), "unknown_product"),
    ]


def _dirty_rejects(data):
    rejects = []
    for entity, row, reason in _dirty_rows(data):
        if reason is None:
            continue
        key = (
            row["code"]
            if entity == "product"
            else "%s/%s/%s" % (row["wh"], row["code"], row["lot"])
        )
        rejects.append({"entity": entity, "key": key, "reason": reason})
    return rejects


# ------------------------------------------------------------------ writers


def _date_text(rng, value, precision=None):
    if value is None:
        return ""
    if precision == "month":
        return rng.choice(
            ["%d-%02d" % (value.year, value.month), "%d年%d月" % (value.year, value.month)]
        )
    return rng.choice(
        [
            value.isoformat(),
            "%d/%d/%d" % (value.year, value.month, value.day),
            "%d.%02d.%02d" % (value.year, value.month, value.day),
            "%d年%d月%d日" % (value.year, value.month, value.day),
            value.strftime("%Y%m%d"),
        ]
    )


def _excel_serial(value):
    return (value - datetime.date(1899, 12, 30)).days


def write_guanjiapo(data, folder):
    """管家婆: BIFF .xls with title rows and a 合计 row, open orders as HTML-as-.xls (GBK)."""
    import xlwt

    os.makedirs(folder, exist_ok=True)
    rng = random.Random(data["seed"] + 1)
    dirty = _dirty_rows(data)
    by_code = {p["code"]: p for p in data["products"]}

    def sheet(book_name, title, header, rows, total=None):
        book = xlwt.Workbook(encoding="utf-8")
        ws = book.add_sheet(book_name.split(".")[0])
        start = 0
        if title:
            ws.write(0, 0, title)
            start = 2
        for c, h in enumerate(header):
            ws.write(start, c, h)
        for r, cells in enumerate(rows, start=start + 1):
            for c, value in enumerate(cells):
                if value is not None and value != "":
                    ws.write(r, c, value)
        if total:
            r = start + 1 + len(rows)
            for c, value in total.items():
                ws.write(r, c, value)
        book.save(os.path.join(folder, book_name))

    products = []
    for index, p in enumerate(data["products"] + [r for e, r, _ in dirty if e == "product"]):
        code = p["code"]
        if data["dirty"] and index % 17 == 3:
            code = fullwidth(code)
        elif data["dirty"] and index % 13 == 5:
            code = " %s " % code
        products.append(
            [
                code,
                p["name"],
                p["short_name"],
                p["spec"],
                p["barcode"],
                p["uom"],
                p["aux_uom"],
                p["ratio"],
                p["category"],
                float(p["cost"]),
                float(p["price"]),
                "是" if p["tracked"] else "否",
                p["shelf_months"] or "",
                "否",
            ]
        )
    sheet(
        "商品信息.xls",
        "商品信息表" if data["dirty"] else None,
        [
            "商品编号",
            "商品全名",
            "简名",
            "规格",
            "条码",
            "基本单位",
            "辅助单位",
            "换算率",
            "类别",
            "进价",
            "零售价",
            "批次管理",
            "保质期(月)",
            "停用",
        ],
        products,
    )
    sheet(
        "往来单位.xls",
        None,
        ["单位编号", "单位全名", "类型", "电话", "税号", "应收余额", "应付余额"],
        [
            [p["code"], p["name"], p["kind"], p["phone"], p["vat"], float(p["ar"]), float(p["ap"])]
            for p in data["partners"]
        ],
    )
    stock = []
    qty_total, value_total = Decimal(0), Decimal(0)
    for r in data["stock"] + [r for e, r, _ in dirty if e == "stock"]:
        product = by_code.get(r["code"])
        ratio = product["ratio"] if product else 1
        qty, unit, cost = r["qty"], "盒", r["unit_cost"]
        if r["in_box"]:
            qty, unit, cost = r["qty"] // ratio, "箱", r["unit_cost"] * ratio
        value = money(r["qty"] * r["unit_cost"])
        production = r["production"]
        production_cell = (
            _excel_serial(production)
            if production and rng.random() < 0.5
            else _date_text(rng, production)
        )
        expiry_cell = r.get("expiry_text") or _date_text(rng, r["expiry"], r["precision"])
        stock.append(
            [
                r["wh"],
                r["wh_name"],
                r["code"],
                product["name"] if product else "?",
                r["lot"] or "",
                production_cell if r["lot"] else "",
                expiry_cell if r["lot"] else "",
                qty,
                unit,
                float(money(cost)),
                float(value),
            ]
        )
        qty_total += qty
        value_total += value
    sheet(
        "库存.xls",
        "库存状况表" if data["dirty"] else None,
        [
            "仓库编号",
            "仓库名称",
            "商品编号",
            "商品全名",
            "批号",
            "生产日期",
            "有效期至",
            "数量",
            "单位",
            "成本单价",
            "库存金额",
        ],
        stock,
        total={0: "合计", 7: float(qty_total), 10: float(value_total)},
    )
    if data["orders"]:
        lines = [
            '<html><head><meta http-equiv=Content-Type content="text/html; '
            'charset=gb2312"></head><body>',
            "<table border=1>",
            "<tr>"
            + "".join(
                "<td>%s</td>" % h
                for h in (
                    "单据编号",
                    "单据类型",
                    "日期",
                    "往来单位编号",
                    "仓库编号",
                    "商品编号",
                    "数量",
                    "已完成数量",
                    "单价",
                )
            )
            + "</tr>",
        ]
        for o in data["orders"]:
            lines.append(
                "<tr>"
                + "".join(
                    "<td>%s</td>" % v
                    for v in (
                        o["number"],
                        o["kind"],
                        o["date"].isoformat(),
                        o["partner"],
                        o["wh"],
                        o["code"],
                        o["qty"],
                        o["done"],
                        o["price"],
                    )
                )
                + "</tr>"
            )
        lines.append("</table></body></html>")
        with open(os.path.join(folder, "未完成订单.xls"), "wb") as handle:
            handle.write("\n".join(lines).encode("gbk"))
    return folder


def write_kingdee(data, folder, stock_format="xlsx"):
    """金蝶KIS: CSV in GB18030 and 即时库存 as .xlsx (or CSV for very large lists)."""
    os.makedirs(folder, exist_ok=True)

    def write_csv(name, header, rows):
        with open(os.path.join(folder, name), "w", encoding="gb18030", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)

    write_csv(
        "物料.csv",
        [
            "物料代码",
            "物料名称",
            "规格型号",
            "计量单位",
            "物料类别",
            "条形码",
            "单价",
            "批次管理",
            "保质期(天)",
        ],
        [
            [
                p["code"],
                p["name"],
                p["spec"],
                p["uom"],
                p["category"],
                p["barcode"],
                "%.2f" % p["cost"],
                "Y" if p["tracked"] else "N",
                p["shelf_months"] * 30 if p["shelf_months"] else "",
            ]
            for p in data["products"]
        ],
    )
    write_csv(
        "往来余额.csv",
        ["代码", "名称", "类别", "统一社会信用代码", "应收余额", "应付余额"],
        [
            [p["code"], p["name"], p["kind"], p["vat"], "%.2f" % p["ar"], "%.2f" % p["ap"]]
            for p in data["partners"]
        ],
    )
    by_code = {p["code"]: p for p in data["products"]}
    header = [
        "仓库代码",
        "仓库名称",
        "物料代码",
        "物料名称",
        "批号",
        "生产日期",
        "有效期至",
        "数量",
        "单价",
        "金额",
    ]

    def stock_rows():
        for r in data["stock"]:
            yield [
                r["wh"],
                r["wh_name"],
                r["code"],
                by_code[r["code"]]["name"],
                r["lot"] or "",
                r["production"].isoformat() if r["production"] else "",
                r["expiry"].isoformat() if r["expiry"] else "",
                r["qty"],
                "%.2f" % r["unit_cost"],
                "%.2f" % money(r["qty"] * r["unit_cost"]),
            ]

    if stock_format == "csv":
        write_csv("即时库存.csv", header, stock_rows())
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet("即时库存")
        ws.append(header)
        for row in stock_rows():
            ws.append(row)
        book.save(os.path.join(folder, "即时库存.xlsx"))
    return folder
