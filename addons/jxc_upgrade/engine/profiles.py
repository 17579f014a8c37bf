"""The two import presets, as plain dicts: the single source of truth.

The Odoo side loads them into editable records and rebuilds exactly this shape for the
engine. ``columns`` maps a legacy header text to a canonical field; several header texts
may map to one field (exports of different versions name columns differently). Header
matching ignores white space and full-width forms, and a header with a parenthesised
suffix ('批次管理(是/否)') also matches its bare form ('批次管理').

Besides the canonical fields of the records, two intermediate fields exist:
``shelf_life`` (converted to ``shelf_life_days`` with ``shelf_life_unit``) and
``inactive`` (停用; ``active`` is its negation).
"""

import copy

FIELDS = {
    "product": (
        "code", "name", "short_name", "spec", "barcode", "uom", "aux_uom", "ratio",
        "category", "cost", "price", "tracked", "shelf_life", "active", "inactive",
    ),
    "partner": ("code", "name", "kind", "phone", "vat", "ar", "ap"),
    "stock": (
        "warehouse_code", "warehouse_name", "product_code", "lot", "production_date",
        "expiry_date", "qty", "unit", "unit_cost", "value",
    ),
    "order": (
        "number", "kind", "date", "partner_code", "warehouse_code", "product_code", "qty",
        "done_qty", "price",
    ),
}

ENTITIES = tuple(FIELDS)

_BOOL = {
    "是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False,
    "TRUE": True, "FALSE": False, "T": True, "F": False, "1": True, "0": False,
    "√": True, "×": False,
}
_PARTNER_KIND = {
    "客户": "customer", "供应商": "supplier", "客户及供应商": "both",
    "客户/供应商": "both", "供应商及客户": "both",
}
_ORDER_KIND = {
    "采购订单": "purchase", "销售订单": "sale", "采购": "purchase", "销售": "sale",
}

GUANJIAPO = {
    "code": "guanjiapo",
    "name": "管家婆",
    "encoding": "auto",
    "date_order": "ymd",
    "shelf_life_unit": "month",
    "entities": {
        "product": {
            "columns": {
                "商品编号": "code",
                "商品全名": "name",
                "简名": "short_name",
                "规格": "spec",
                "条码": "barcode",
                "基本单位": "uom",
                "辅助单位": "aux_uom",
                "换算率": "ratio",
                "类别": "category",
                "进价": "cost",
                "零售价": "price",
                "批次管理(是/否)": "tracked",
                "保质期(月)": "shelf_life",
                "停用(是/否)": "inactive",
            },
            "required": ["code", "name"],
        },
        "partner": {
            "columns": {
                "单位编号": "code",
                "单位全名": "name",
                "类型(客户/供应商/客户及供应商)": "kind",
                "电话": "phone",
                "税号(统一社会信用代码)": "vat",
                "应收余额": "ar",
                "应付余额": "ap",
            },
            "required": ["code", "name"],
        },
        "stock": {
            "columns": {
                "仓库编号": "warehouse_code",
                "仓库名称": "warehouse_name",
                "商品编号": "product_code",
                "批号": "lot",
                "生产日期": "production_date",
                "有效期至": "expiry_date",
                "数量": "qty",
                "单位": "unit",
                "成本单价": "unit_cost",
                "库存金额": "value",
            },
            "required": ["warehouse_code", "product_code", "qty"],
        },
        "order": {
            "columns": {
                "单据编号": "number",
                "单据类型(采购订单/销售订单)": "kind",
                "日期": "date",
                "往来单位编号": "partner_code",
                "仓库编号": "warehouse_code",
                "商品编号": "product_code",
                "数量": "qty",
                "已完成数量": "done_qty",
                "单价": "price",
            },
            "required": ["number", "kind", "partner_code", "product_code", "qty"],
        },
    },
    "value_maps": {
        "bool": dict(_BOOL),
        "partner_kind": dict(_PARTNER_KIND),
        "order_kind": dict(_ORDER_KIND),
        "uom": {},
        "category": {},
    },
}

KINGDEE_KIS = {
    "code": "kingdee_kis",
    "name": "金蝶KIS",
    "encoding": "auto",
    "date_order": "ymd",
    "shelf_life_unit": "day",
    "entities": {
        "product": {
            "columns": {
                "物料代码": "code",
                "物料名称": "name",
                "规格型号": "spec",
                "计量单位": "uom",
                "物料类别": "category",
                "条形码": "barcode",
                "单价": "cost",
                "批次管理(Y/N)": "tracked",
                "保质期(天)": "shelf_life",
            },
            "required": ["code", "name"],
        },
        "partner": {
            "columns": {
                "代码": "code",
                "名称": "name",
                "类别": "kind",
                "统一社会信用代码": "vat",
                "应收余额": "ar",
                "应付余额": "ap",
            },
            "required": ["code", "name"],
        },
        "stock": {
            "columns": {
                "仓库代码": "warehouse_code",
                "仓库名称": "warehouse_name",
                "物料代码": "product_code",
                "批号": "lot",
                "生产日期": "production_date",
                "有效期至": "expiry_date",
                "数量": "qty",
                "单位": "unit",
                "单价": "unit_cost",
                "金额": "value",
            },
            "required": ["warehouse_code", "product_code", "qty"],
        },
        "order": {
            "columns": {
                "单据号": "number",
                "单据类型": "kind",
                "日期": "date",
                "往来单位代码": "partner_code",
                "仓库代码": "warehouse_code",
                "物料代码": "product_code",
                "数量": "qty",
                "已执行数量": "done_qty",
                "单价": "price",
            },
            "required": ["number", "kind", "partner_code", "product_code", "qty"],
        },
    },
    "value_maps": {
        "bool": dict(_BOOL),
        "partner_kind": dict(_PARTNER_KIND),
        "order_kind": dict(_ORDER_KIND),
        "uom": {},
        "category": {},
    },
}

PRESETS = {"guanjiapo": GUANJIAPO, "kingdee_kis": KINGDEE_KIS}


def get_preset(code):
    """A deep copy of preset ``code``: callers may edit it without touching the preset."""
    try:
        return copy.deepcopy(PRESETS[code])
    except KeyError:
        raise KeyError("unknown preset %r (known: %s)" % (code, ", ".join(PRESETS))) from None


def check_profile(profile):
    """Problems of a (possibly user-edited) profile, as a list of English sentences."""
    problems = []
    for key in ("code", "entities"):
        if key not in profile:
            problems.append("missing key %r" % key)
    if profile.get("shelf_life_unit", "month") not in ("day", "month", "year"):
        problems.append("shelf_life_unit must be 'day', 'month' or 'year'")
    if profile.get("date_order", "ymd") not in ("ymd", "dmy", "mdy"):
        problems.append("date_order must be 'ymd', 'dmy' or 'mdy'")
    for entity, spec in (profile.get("entities") or {}).items():
        if entity not in FIELDS:
            problems.append("unknown entity %r" % entity)
            continue
        fields = set((spec.get("columns") or {}).values())
        for field in sorted(fields - set(FIELDS[entity])):
            problems.append("%s: unknown field %r" % (entity, field))
        for field in spec.get("required") or ():
            if field not in fields:
                problems.append("%s: required field %r has no column" % (entity, field))
    return problems
