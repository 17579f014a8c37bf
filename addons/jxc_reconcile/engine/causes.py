"""The causes a difference is classified by, and which of them block a go-live."""

MISSING_ODOO = "missing_odoo"
MISSING_LEGACY = "missing_legacy"
QUANTITY = "quantity"
UNIT_CONVERSION = "unit_conversion"
ROUNDING = "rounding"
COSTING = "costing"
REJECTED = "rejected"
EXPIRY = "expiry"

# (code, English label, Chinese label); the order is the order of the reports.
CAUSES = (
    (MISSING_ODOO, "Missing in Odoo", "Odoo 中缺失"),
    (MISSING_LEGACY, "Missing in legacy", "旧系统中没有"),
    (QUANTITY, "Quantity / amount", "数量/金额不符"),
    (UNIT_CONVERSION, "Unit conversion", "单位换算"),
    (ROUNDING, "Rounding", "舍入误差"),
    (COSTING, "Costing method", "成本计价"),
    (REJECTED, "Rejected at import", "导入时拒绝"),
    (EXPIRY, "Expiry date", "有效期不符"),
)
CAUSE_CODES = tuple(code for code, _en, _zh in CAUSES)
CAUSE_LABELS = {code: en for code, en, _zh in CAUSES}
CAUSE_LABELS_ZH = {code: zh for code, _en, zh in CAUSES}

# Explained differences: they are reported, and do not block. Rounding is below the
# currency's or the unit's rounding; a rejected row is in the batch's issue list with
# its reason. Everything else is an unexplained difference until it is fixed.
EXPLAINED = frozenset({ROUNDING, REJECTED})


def is_blocking(cause, explained=EXPLAINED):
    return cause not in explained
