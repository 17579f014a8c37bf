"""zh_CN and English texts of every issue and read error, with named placeholders.

A template key is an issue code, or ``code.variant`` when one code needs a more precise
wording (an impossible date and an unreadable date are both ``invalid_date``). The
location prefix (file, row, column) is added by :func:`render`, so that every message
names where the problem is in the same way.
"""

ISSUES = {
    "invalid_date": {
        "zh": "日期 {value} 不存在",
        "en": "{value} is not a real date",
    },
    "invalid_date.format": {
        "zh": "无法识别的日期 {value}",
        "en": "{value} is not a date in a known format",
    },
    "invalid_date.range": {
        "zh": "日期 {value} 超出 1900–2200 年的范围",
        "en": "{value} is outside the years 1900–2200",
    },
    "invalid_number": {
        "zh": "{value} 不是有效的数字",
        "en": "{value} is not a number",
    },
    "invalid_number.positive": {
        "zh": "{value} 必须大于 0",
        "en": "{value} must be greater than 0",
    },
    "invalid_number.negative": {
        "zh": "{value} 不能为负数",
        "en": "{value} must not be negative",
    },
    "invalid_value": {
        "zh": "无法识别的值 {value}（可用的值：{choices}）",
        "en": "{value} is not one of the known values ({choices})",
    },
    "missing_value": {
        "zh": "必填项为空",
        "en": "this required value is empty",
    },
    "negative_qty": {
        "zh": "数量 {value} 为负数，本行未导入",
        "en": "quantity {value} is negative; the row is not imported",
    },
    "negative_qty.done": {
        "zh": "已完成数量 {value} 大于订单数量 {qty}，本行未导入",
        "en": "done quantity {value} exceeds the ordered quantity {qty}; "
        "the row is not imported",
    },
    "unknown_product": {
        "zh": "{value} 在本次导入的商品资料和系统中都不存在，本行未导入",
        "en": "product code {value} is neither in the product files of this import "
        "nor in Odoo; the row is not imported",
    },
    "unknown_partner": {
        "zh": "{value} 在本次导入的往来单位和系统中都不存在，本行未导入",
        "en": "partner code {value} is neither in the partner files of this import "
        "nor in Odoo; the row is not imported",
    },
    "unknown_unit": {
        "zh": "单位 {value} 既不是商品 {product} 的基本单位「{uom}」，"
        "也不是其辅助单位「{aux_uom}」，本行未导入",
        "en": "unit {value} is neither the base unit ({uom}) nor the auxiliary unit "
        "({aux_uom}) of product {product}; the row is not imported",
    },
    "conflicting_duplicate": {
        "zh": "编号 {key} 已在 {first_file} 第{first_row}行出现，但「{column}」不同"
        "（第一行为「{first_value}」，本行为「{value}」）；保留第一行，本行未导入",
        "en": "code {key} already appears in {first_file} row {first_row} with a different "
        "{column} ({first_value!r} there, {value!r} here); the first row is kept, "
        "this row is not imported",
    },
    "conflicting_duplicate.order": {
        "zh": "单据 {key} 在 {first_file} 第{first_row}行的「{column}」为「{first_value}」，"
        "本行为「{value}」；本行未导入",
        "en": "document {key} has {column} {first_value!r} in {first_file} row {first_row} "
        "but {value!r} here; the row is not imported",
    },
    "duplicate_merged": {
        "zh": "与 {first_file} 第{first_row}行完全相同，已合并",
        "en": "identical to {first_file} row {first_row}; merged",
    },
    "bad_vat": {
        "zh": "统一社会信用代码 {value} 校验位错误（GB 32100-2015），已导入并标记",
        "en": "unified social credit code {value} fails the GB 32100-2015 check character; "
        "imported and flagged",
    },
    "bad_vat.length": {
        "zh": "统一社会信用代码 {value} 不是 18 位，已导入并标记",
        "en": "unified social credit code {value} is not 18 characters long; "
        "imported and flagged",
    },
    "bad_vat.charset": {
        "zh": "统一社会信用代码 {value} 含有不允许的字符（I、O、S、V、Z 等），已导入并标记",
        "en": "unified social credit code {value} contains characters a USCC never uses "
        "(I, O, S, V, Z, ...); imported and flagged",
    },
    "expired_stock": {
        "zh": "批号 {lot} 有效期至 {value}，截至 {as_of} 已过期；按实际库存导入",
        "en": "lot {lot} expired on {value} (as of {as_of}); imported as the real stock it is",
    },
    "total_mismatch": {
        "zh": "合计行为 {value}，读取的各行之和为 {read_total}，相差 {difference}",
        "en": "the total row says {value} but the rows read add up to {read_total} "
        "(difference {difference})",
    },
}

READ_ERRORS = {
    "not_found": {
        "zh": "文件或文件夹不存在",
        "en": "no such file or folder",
    },
    "empty_file": {
        "zh": "文件为空",
        "en": "the file is empty",
    },
    "corrupt_file": {
        "zh": "文件已损坏或被截断，无法作为 {kind} 读取（{detail}）",
        "en": "the file is damaged or truncated and cannot be read as {kind} ({detail})",
    },
    "undecodable": {
        "zh": "无法识别文件的文字编码（已尝试 {tried}）",
        "en": "the text encoding of the file cannot be recognised (tried {tried})",
    },
    "no_header": {
        "zh": "前 {scanned} 行中找不到可识别的表头（应为以下之一的列：{expected}）",
        "en": "no recognisable header in the first {scanned} rows (expected the columns of "
        "one of: {expected})",
    },
    "no_header.text": {
        "zh": "前 {scanned} 行中找不到可识别的表头（应为以下之一的列：{expected}）；"
        "文件按 {encoding} 解码，如文字是乱码，请另存为 UTF-8 或 GBK 后重试",
        "en": "no recognisable header in the first {scanned} rows (expected the columns of "
        "one of: {expected}); the file was decoded as {encoding}: if its text is garbled, "
        "save it as UTF-8 or GBK and try again",
    },
    "no_header.html": {
        "zh": "这是一个网页文件（按 {encoding} 解码），但其中没有表格",
        "en": "this is a web page (decoded as {encoding}) without any table",
    },
    "missing_columns": {
        "zh": "看起来是{entity_zh}表，但表头缺少必需的列：{columns}",
        "en": "this looks like a {entity_en} table, but the header lacks required "
        "columns: {columns}",
    },
}

ENTITY_NAMES = {
    "product": {"zh": "商品", "en": "product"},
    "partner": {"zh": "往来单位", "en": "partner"},
    "stock": {"zh": "库存", "en": "stock"},
    "order": {"zh": "订单", "en": "order"},
}


def _location(lang, file, row=None, column=None):
    if lang == "zh":
        if row and column:
            return "%s 第%s行「%s」: " % (file, row, column)
        if row:
            return "%s 第%s行: " % (file, row)
        return "%s: " % file
    if row and column:
        return "%s row %s, column %s: " % (file, row, column)
    if row:
        return "%s row %s: " % (file, row)
    return "%s: " % file


def template(template_key, lang, catalogue=None):
    """The template of ``code`` or ``code.variant`` (falls back to ``code``)."""
    catalogue = ISSUES if catalogue is None else catalogue
    entry = catalogue.get(template_key) or catalogue[template_key.split(".", 1)[0]]
    return entry[lang]


def render(template_key, lang, file, row=None, column=None, catalogue=None, **params):
    """One message in ``lang`` ('zh' or 'en'), prefixed with where the problem is.
    Templates may use {file}, {row} and {column} besides their own placeholders."""
    params = dict(params, file=file, row=row, column=column)
    text = template(template_key, lang, catalogue).format(**params)
    return _location(lang, file, row, column) + text


def render_both(template_key, file, row=None, column=None, catalogue=None, **params):
    """(zh, en) of one message."""
    return (
        render(template_key, "zh", file, row, column, catalogue, **params),
        render(template_key, "en", file, row, column, catalogue, **params),
    )
