"""The catalogue of checks: what each compares, at which level, with which tolerance.

``level``: 'warehouse' checks have one result per warehouse of the run, 'company'
checks one for the company. ``tolerance``: which pair of tolerances applies, the
quantity pair (abs in the product's unit, rel) or the amount pair (abs in the
company currency, rel). ``rows``: whether the check stores its mismatching keys as
differences (a check that only totals what another check details does not, so that a
difference is listed once, at its most detailed level).
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Check:
    code: str
    name: str
    name_zh: str
    level: str
    tolerance: str
    figure: str
    rows: bool = True
    description: str = ""


CHECKS = (
    Check("counts", "Record counts per entity", "各类记录数", "warehouse", "qty", "count",
          description="Products, partners and warehouses the import made; stock "
          "positions, lots, open orders and partner balances on each side."),
    Check("stock_product", "On hand per warehouse × product", "分仓商品库存数量", "warehouse",
          "qty", "qty",
          description="Quants in the internal locations below the warehouse's view "
          "location against the legacy stock lines, in the product's base unit."),
    Check("stock_lot", "On hand per warehouse × product × lot, with expiry",
          "分仓商品批次库存与有效期", "warehouse", "qty", "qty",
          description="The same per lot; the lot's expiry date must be the legacy date."),
    Check("value_product", "Inventory value per warehouse × product", "分仓商品库存金额",
          "warehouse", "value", "value",
          description="Valuation layers of the moves into (out of) the warehouse against "
          "the legacy 库存金额."),
    Check("value_warehouse", "Inventory value per warehouse", "分仓库存金额", "warehouse",
          "value", "value", rows=False,
          description="The warehouse's total; its differences are listed per product."),
    Check("value_company", "Inventory value per company", "公司库存金额", "company", "value",
          "value",
          description="Every valuation layer of the company in the warehouses of the run, "
          "and those no warehouse explains (revaluations, landed costs), per product."),
    Check("partner_ar", "Receivable per partner", "往来单位应收余额", "company", "value",
          "value",
          description="Posted journal items on receivable accounts against 应收余额."),
    Check("partner_ap", "Payable per partner", "往来单位应付余额", "company", "value", "value",
          description="Posted journal items on payable accounts against 应付余额."),
    Check("open_orders", "Open orders per partner", "往来单位未完成订单", "warehouse", "value",
          "value",
          description="Confirmed orders not fully received or delivered: order count, "
          "open quantity and amount per partner."),
    Check("legacy_totals", "Legacy 合计 against staged and imported", "旧系统合计核对",
          "company", "value", "value",
          description="The legacy file's own 合计 row against the rows read, the rows "
          "kept (rejected rows explain the gap) and what Odoo holds."),
)
CHECKS_BY_CODE = {check.code: check for check in CHECKS}
CHECK_CODES = tuple(check.code for check in CHECKS)

# Entities of the counts check, in report order.
COUNT_ENTITIES = (
    ("product", "Products", "商品"),
    ("partner", "Partners", "往来单位"),
    ("warehouse", "Warehouses", "仓库"),
    ("stock_position", "Stock positions (product × lot)", "库存明细(商品×批次)"),
    ("lot", "Lots", "批次"),
    ("open_order", "Open orders", "未完成订单"),
    ("partner_balance", "Partner balances", "往来余额"),
)

DEFAULT_PARAMETERS = {
    "qty_abs": 0.0,
    "qty_rel": 0.0,
    "value_abs": 0.0,
    "value_rel": 0.0,
    "cap": 10000,
    "informational": False,
}


def tolerances(parameters, check):
    """(abs, rel) of ``check`` under the run's parameters."""
    params = dict(DEFAULT_PARAMETERS, **(parameters or {}))
    kind = CHECKS_BY_CODE[check].tolerance
    return params["%s_abs" % kind], params["%s_rel" % kind]
