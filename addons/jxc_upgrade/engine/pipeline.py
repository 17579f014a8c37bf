"""load_sources() and clean(): from files to accepted records and issues.

clean() works in dependency order (products and partners first, then the stock and
order rows that refer to them) and keeps every decision visible: a row is either a
record, merged into an identical earlier record, or rejected with an issue naming the
file, row, column and value.
"""

import dataclasses
import datetime
import os
from collections.abc import Mapping
from decimal import Decimal

from . import cleaning, messages
from .cleaning import CleanError, cell_text, clean_code, clean_text
from .readers import (
    ReadError,
    column_map,
    expected_headers,
    match_header,
    read_tables,
    required_headers,
)

SEVERITIES = ("reject", "flag", "warning", "info")
ISSUE_CODES = (
    "conflicting_duplicate", "negative_qty", "invalid_date", "unknown_product", "bad_vat",
    "total_mismatch", "missing_value", "invalid_number", "unknown_unit", "duplicate_merged",
    "expired_stock", "invalid_value", "unknown_partner",
)
ENTITY_ORDER = ("product", "partner", "warehouse", "stock", "order")
ZERO = Decimal(0)


@dataclasses.dataclass
class Issue:
    severity: str
    code: str
    entity: str
    key: str
    file: str
    sheet: str
    row: int
    column: str
    value: str
    message_zh: str
    message_en: str

    def to_json(self):
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Record:
    entity: str
    key: str
    values: dict
    file: str
    sheet: str
    row: int


@dataclasses.dataclass
class CleanResult:
    records: dict
    issues: list
    totals: list

    def counts(self):
        """{entity: {'accepted', 'rejected', 'flagged'}}; rejected and flagged count rows
        (a row with two problems is one rejected row)."""
        result = {}
        entities = list(ENTITY_ORDER) + sorted(
            {issue.entity for issue in self.issues} - set(ENTITY_ORDER)
        )
        for entity in entities:
            rejected = {
                (issue.file, issue.sheet, issue.row) for issue in self.issues
                if issue.entity == entity and issue.severity == "reject"
            }
            flagged = {
                (issue.file, issue.sheet, issue.row) for issue in self.issues
                if issue.entity == entity and issue.severity == "flag"
            }
            result[entity] = {
                "accepted": len(self.records.get(entity, ())),
                "rejected": len(rejected),
                "flagged": len(flagged),
            }
        return result


# ----------------------------------------------------------------------- loading

def _expand(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                full = os.path.join(path, name)
                # Office lock files (~$库存.xlsx) and hidden files are not exports.
                if os.path.isfile(full) and not name.startswith((".", "~$")):
                    yield full
        else:
            yield path


def load_sources(paths, profile):
    """Tables of every file in ``paths`` (files or folders, folders in name order)."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    tables = []
    for path in _expand(os.fspath(p) for p in paths):
        if not os.path.exists(path):
            raise ReadError(os.path.basename(path), "not_found")
        tables.extend(read_tables(path, profile))
    return tables


# ------------------------------------------------------------------------ context

class _Context:
    """Profile settings prepared once, and the issue list being built."""

    def __init__(self, profile, as_of):
        maps = profile.get("value_maps") or {}
        self.profile = profile
        self.as_of = as_of
        self.date_order = profile.get("date_order") or "ymd"
        self.shelf_life_unit = profile.get("shelf_life_unit") or "month"
        self.bool_map = cleaning.normalize_map(maps.get("bool"))
        self.partner_kind_map = cleaning.normalize_map(maps.get("partner_kind"))
        self.order_kind_map = cleaning.normalize_map(maps.get("order_kind"))
        self.uom_map = cleaning.normalize_map(maps.get("uom"))
        self.category_map = cleaning.normalize_map(maps.get("category"))
        self.issues = []  # (table position, row, sequence, Issue)
        self.rejected = {}  # table position -> set of rejected row numbers

    def parsers(self, entity):
        text, code = clean_text, clean_code
        money = cleaning.parse_decimal
        non_negative = cleaning.parse_non_negative

        def unit(value):
            return cleaning.rename(clean_text(value), self.uom_map)

        def category(value):
            return cleaning.rename(clean_text(value), self.category_map)

        def boolean(value):
            return cleaning.parse_bool(value, self.bool_map)

        def shelf_life(value):
            return cleaning.shelf_life_days(value, self.shelf_life_unit)

        def day(value):
            return cleaning.parse_date(value, False, self.date_order)

        def expiry(value):
            return cleaning.parse_date(value, True, self.date_order)

        def partner_kind(value):
            return cleaning.map_value(value, self.partner_kind_map)

        def order_kind(value):
            return cleaning.map_value(value, self.order_kind_map)

        return {
            "product": {
                "code": code, "name": text, "short_name": text, "spec": text, "barcode": text,
                "uom": unit, "aux_uom": unit, "ratio": cleaning.parse_positive,
                "category": category, "cost": non_negative, "price": non_negative,
                "tracked": boolean, "shelf_life": shelf_life, "active": boolean,
                "inactive": boolean,
            },
            "partner": {
                "code": code, "name": text, "kind": partner_kind, "phone": text, "vat": text,
                "ar": money, "ap": money,
            },
            "stock": {
                "warehouse_code": code, "warehouse_name": text, "product_code": code,
                "lot": code, "production_date": day, "expiry_date": expiry, "qty": money,
                "unit": unit, "unit_cost": non_negative, "value": money,
            },
            "order": {
                "number": code, "kind": order_kind, "date": day, "partner_code": code,
                "warehouse_code": code, "product_code": code, "qty": money,
                "done_qty": money, "price": non_negative,
            },
        }[entity]

    def issue(self, severity, message_key, entity, table, position, row, column, value,
              record_key="", **params):
        """Record an issue; ``message_key`` is 'code' or 'code.variant' of the message."""
        zh, en = messages.render_both(
            message_key, table.file, row, column or None, value=value, **params
        )
        issue = Issue(
            severity=severity, code=message_key.split(".", 1)[0], entity=entity, key=record_key,
            file=table.file, sheet=table.sheet, row=row, column=column or "", value=value,
            message_zh=zh, message_en=en,
        )
        self.issues.append((position, row, len(self.issues), issue))
        if severity == "reject":
            self.rejected.setdefault(position, set()).add(row)
        return issue


class _Rows:
    """The cleaned rows of one table: (row number, raw cells, parsed fields, errors)."""

    def __init__(self, context, table, position, entity):
        self.table = table
        self.position = position
        self.entity = entity
        self.mapping = column_map(table.header, context.profile, entity)
        fields = set(self.mapping.values())
        self.required = tuple(
            dict.fromkeys(context.profile["entities"][entity].get("required") or ())
        )
        missing = [field for field in self.required if field not in fields]
        if missing:
            names = required_headers(context.profile, entity, missing)
            raise ReadError(
                table.file, "missing_columns", row=table.header_row, column=", ".join(names),
                columns="、".join(names),
                entity_zh=messages.ENTITY_NAMES[entity]["zh"],
                entity_en=messages.ENTITY_NAMES[entity]["en"],
            )
        self.column_of = {}
        for index, field in self.mapping.items():
            self.column_of.setdefault(field, index)
        parsers = context.parsers(entity)
        self.columns = [(index, field, parsers[field]) for index, field in self.mapping.items()]
        self.fields = fields

    def header(self, field):
        index = self.column_of.get(field)
        return self.table.header[index] if index is not None else ""

    def raw(self, cells, field):
        index = self.column_of.get(field)
        return cell_text(cells[index]) if index is not None and index < len(cells) else ""

    def __iter__(self):
        columns = self.columns
        for number, cells in self.table.rows:
            parsed, errors = {}, []
            for index, field, parser in columns:
                value = cells[index] if index < len(cells) else None
                if value is None:
                    parsed[field] = None
                    continue
                try:
                    parsed[field] = parser(value)
                except CleanError as exc:
                    parsed[field] = None
                    errors.append((field, exc))
            yield number, cells, parsed, errors


def _first(pair):
    return pair[0] if isinstance(pair, tuple) else pair


# ------------------------------------------------------------------------- clean

def clean(tables, profile, as_of, known_product_codes=frozenset(),
          known_partner_codes=frozenset()):
    """Clean ``tables`` (from :func:`load_sources`) into records and issues.

    ``known_product_codes`` / ``known_partner_codes`` are codes already in Odoo from
    earlier batches. ``known_product_codes`` may also be a mapping code -> {'uom',
    'aux_uom', 'ratio'}: then stock rows of those products are converted to the base unit
    like rows of products in this load; with a plain set their unit cannot be checked
    and quantities stay in the unit of the file (``values['unit']`` says which).
    """
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    context = _Context(profile, as_of)
    by_entity = {entity: [] for entity in ("product", "partner", "stock", "order")}
    for position, table in enumerate(tables):
        entity = table.entity
        if entity is None:
            match = match_header(table.header, profile)
            if match is None or match.missing:
                raise ReadError(table.file, "no_header", row=table.header_row, scanned=1,
                                expected=expected_headers(profile))
            entity = match.entity
        if entity in by_entity:
            by_entity[entity].append(_Rows(context, table, position, entity))

    products = _clean_master(context, by_entity["product"], "product", _product_values)
    partners = _clean_master(context, by_entity["partner"], "partner", _partner_values)

    known_units = known_product_codes if isinstance(known_product_codes, Mapping) else {}
    known_products = {clean_code(code) for code in known_product_codes} - {None}
    known_partners = {clean_code(code) for code in known_partner_codes} - {None}
    product_units = {
        code: (record.values["uom"], record.values["aux_uom"], record.values["ratio"],
               record.values["cost"])
        for code, record in products.items()
    }
    for code, units in known_units.items():
        code = clean_code(code)
        if code not in product_units:
            product_units[code] = (
                units.get("uom"), units.get("aux_uom"),
                None if units.get("ratio") is None else Decimal(str(units["ratio"])), None,
            )
    warehouses = {}
    stock = _clean_stock(
        context, by_entity["stock"], product_units, known_products, warehouses
    )
    orders = _clean_orders(
        context, by_entity["order"], set(product_units) | known_products,
        set(partners) | known_partners, warehouses,
    )
    totals = _check_totals(context, tables)
    context.issues.sort(key=lambda item: item[:3])
    records = {
        "product": list(products.values()),
        "partner": list(partners.values()),
        # By code, not file order: the rollout goes warehouse by warehouse, CK01 first.
        "warehouse": [warehouses[code] for code in sorted(warehouses)],
        "stock": stock,
        "order": orders,
    }
    return CleanResult(records=records, issues=[item[3] for item in context.issues],
                       totals=totals)


def _reject_cell_errors(context, rows, number, cells, errors, key):
    for field, exc in errors:
        context.issue(
            "reject", exc.message_key, rows.entity, rows.table, rows.position, number,
            rows.header(field), exc.value, record_key=key, **exc.params,
        )


def _reject_missing(context, rows, number, parsed, key, errors=()):
    """Reject required fields that are blank (a cell that failed to clean is already
    rejected for what it holds, not for being empty)."""
    failed = {field for field, _exc in errors} if errors else ()
    missing = False
    for field in rows.required:
        if parsed.get(field) is None and field not in failed:
            missing = True
            context.issue(
                "reject", "missing_value", rows.entity, rows.table, rows.position, number,
                rows.header(field), "", record_key=key,
            )
    return missing


# ------------------------------------------------------------------ master data

def _product_values(context, rows, number, cells, parsed, key):
    """Canonical product values, or None after rejecting the row."""
    aux, ratio, uom = parsed.get("aux_uom"), parsed.get("ratio"), parsed.get("uom")
    if aux is not None and aux != uom and ratio is None:
        context.issue(
            "reject", "missing_value", "product", rows.table, rows.position, number,
            rows.header("ratio") or "换算率", "", record_key=key,
        )
        return None
    active = parsed.get("active")
    if parsed.get("inactive") is not None:
        active = not parsed["inactive"]
    return {
        "code": parsed["code"],
        "name": parsed["name"],
        "short_name": parsed.get("short_name"),
        "spec": parsed.get("spec"),
        "barcode": parsed.get("barcode"),
        "uom": uom,
        "aux_uom": aux,
        "ratio": ratio if aux is not None else None,
        "category": parsed.get("category"),
        "cost": parsed.get("cost") if parsed.get("cost") is not None else ZERO,
        "price": parsed.get("price"),
        "tracked": bool(parsed.get("tracked")),
        "shelf_life_days": parsed.get("shelf_life"),
        "active": True if active is None else active,
    }


def _partner_values(context, rows, number, cells, parsed, key):
    kind = parsed.get("kind")
    vat = parsed.get("vat")
    problem = None
    if vat is not None:
        vat, problem = cleaning.check_vat(vat)
        if problem:
            variant = "bad_vat" if problem == "check" else "bad_vat.%s" % problem
            context.issue(
                "flag", variant, "partner", rows.table, rows.position, number,
                rows.header("vat"), rows.raw(cells, "vat"), record_key=key,
            )
    return {
        "code": parsed["code"],
        "name": parsed["name"],
        "is_customer": kind in ("customer", "both"),
        "is_supplier": kind in ("supplier", "both"),
        "phone": parsed.get("phone"),
        "vat": vat,
        "vat_valid": vat is not None and problem is None,
        "ar": parsed.get("ar") if parsed.get("ar") is not None else ZERO,
        "ap": parsed.get("ap") if parsed.get("ap") is not None else ZERO,
    }


def _clean_master(context, tables, entity, build):
    """Products or partners by code, in file order. A repeated code is merged when the
    repeated row says the same; when it differs (the name first) the later row is a
    conflicting_duplicate and the first row stays."""
    records = {}
    first_seen = {}  # code -> (rows, number, cells, parsed)
    for rows in tables:
        compare = ["name"] + [
            field for field in rows.mapping.values() if field not in ("code", "name")
        ]
        for number, cells, parsed, errors in rows:
            key = parsed.get("code") or rows.raw(cells, "code")
            if errors:
                _reject_cell_errors(context, rows, number, cells, errors, key)
                continue
            if _reject_missing(context, rows, number, parsed, key):
                continue
            code = parsed["code"]
            if code in first_seen:
                _duplicate(context, rows, number, cells, parsed, key, first_seen[code],
                           compare)
                continue
            values = build(context, rows, number, cells, parsed, key)
            if values is None:
                continue
            first_seen[code] = (rows, number, cells, parsed)
            records[code] = Record(entity, code, values, rows.table.file, rows.table.sheet,
                                   number)
    return records


def _duplicate(context, rows, number, cells, parsed, key, first, compare):
    first_rows, first_number, first_cells, first_parsed = first
    common = [field for field in compare if field in first_rows.fields]
    different = next(
        (field for field in common if parsed.get(field) != first_parsed.get(field)), None
    )
    params = {"record_key": key, "key": key, "first_file": first_rows.table.file,
              "first_row": first_number}
    if different is None:
        context.issue(
            "info", "duplicate_merged", rows.entity, rows.table, rows.position, number, "",
            "", **params,
        )
        return
    value = rows.raw(cells, different)
    context.issue(
        "reject", "conflicting_duplicate", rows.entity, rows.table, rows.position, number,
        rows.header(different), value,
        first_value=first_rows.raw(first_cells, different), **params,
    )


# -------------------------------------------------------------------------- stock

def _stock_key(parsed, rows, cells):
    warehouse = parsed.get("warehouse_code") or rows.raw(cells, "warehouse_code")
    product = parsed.get("product_code") or rows.raw(cells, "product_code")
    lot = parsed.get("lot") or ""
    return "%s/%s/%s" % (warehouse, product, lot)


def _clean_stock(context, tables, product_units, known_products, warehouses):
    as_of = context.as_of
    records = []
    for rows in tables:
        table, position = rows.table, rows.position
        for number, cells, parsed, errors in rows:
            key = _stock_key(parsed, rows, cells)
            rejected = bool(errors)
            if errors:
                _reject_cell_errors(context, rows, number, cells, errors, key)
            if _reject_missing(context, rows, number, parsed, key, errors):
                rejected = True
            qty = parsed.get("qty")
            if qty is not None and qty < 0:
                rejected = True
                raw = rows.raw(cells, "qty")
                context.issue("reject", "negative_qty", "stock", table, position, number,
                              rows.header("qty"), raw, record_key=key)
            code = parsed.get("product_code")
            units = product_units.get(code)
            if code is not None and units is None and code not in known_products:
                rejected = True
                context.issue("reject", "unknown_product", "stock", table, position, number,
                              rows.header("product_code"), code, record_key=key)
            if rejected:
                continue
            unit = parsed.get("unit")
            unit_cost = parsed.get("unit_cost")
            if units is not None:
                uom, aux_uom, ratio, product_cost = units
                try:
                    qty, unit_cost = cleaning.to_base_unit(
                        qty, unit_cost, unit, uom, aux_uom, ratio
                    )
                except CleanError as exc:
                    context.issue(
                        "reject", "unknown_unit", "stock", table, position, number,
                        rows.header("unit"), exc.value, record_key=key,
                        product=code, uom=uom or "", aux_uom=aux_uom or "",
                    )
                    continue
            else:
                product_cost = None
            value = parsed.get("value")
            if unit_cost is None:
                if value is not None and qty:
                    unit_cost = value / qty
                else:
                    unit_cost = product_cost if product_cost is not None else ZERO
            if value is None:
                value = qty * unit_cost
            expiry, precision = parsed.get("expiry_date") or (None, None)
            expired = expiry is not None and expiry < as_of
            if expired:
                context.issue(
                    "info", "expired_stock", "stock", table, position, number,
                    rows.header("expiry_date"), expiry.isoformat(), record_key=key,
                    lot=parsed.get("lot") or "-",
                    as_of=as_of.isoformat(),
                )
            warehouse = parsed["warehouse_code"]
            name = parsed.get("warehouse_name")
            known = warehouses.get(warehouse)
            if known is None:
                warehouses[warehouse] = Record(
                    "warehouse", warehouse, {"code": warehouse, "name": name or warehouse},
                    table.file, table.sheet, number,
                )
            elif name and known.values["name"] == warehouse:
                known.values["name"] = name
            records.append(Record("stock", key, {
                "warehouse_code": warehouse,
                "warehouse_name": name,
                "product_code": code,
                "lot": parsed.get("lot"),
                "production_date": _first(parsed.get("production_date")),
                "expiry_date": expiry,
                "expiry_precision": precision,
                "qty": qty,
                "unit": unit,
                "unit_cost": unit_cost,
                "value": value,
                "expired": expired,
            }, table.file, table.sheet, number))
    return records


# ------------------------------------------------------------------------- orders

def _clean_orders(context, tables, products, partners, warehouses):
    records = []
    heads = {}  # order number -> (rows, number, cells, parsed) of its first line
    for rows in tables:
        table, position = rows.table, rows.position
        for number, cells, parsed, errors in rows:
            order = parsed.get("number") or rows.raw(cells, "number")
            product = parsed.get("product_code") or rows.raw(cells, "product_code")
            key = "%s/%s" % (order, product)
            rejected = bool(errors)
            if errors:
                _reject_cell_errors(context, rows, number, cells, errors, key)
            if _reject_missing(context, rows, number, parsed, key, errors):
                rejected = True
            qty, done = parsed.get("qty"), parsed.get("done_qty") or ZERO
            for field, amount in (("qty", qty), ("done_qty", done)):
                if amount is not None and amount < 0:
                    rejected = True
                    raw = rows.raw(cells, field)
                    context.issue("reject", "negative_qty", "order", table, position, number,
                                  rows.header(field), raw, record_key=key)
            if qty is not None and 0 <= qty < done:
                rejected = True
                raw = rows.raw(cells, "done_qty")
                context.issue("reject", "negative_qty.done", "order", table, position, number,
                              rows.header("done_qty"), raw, record_key=key,
                              qty=rows.raw(cells, "qty"))
            code = parsed.get("product_code")
            if code is not None and code not in products:
                rejected = True
                context.issue("reject", "unknown_product", "order", table, position, number,
                              rows.header("product_code"), code, record_key=key)
            partner = parsed.get("partner_code")
            if partner is not None and partner not in partners:
                rejected = True
                context.issue("reject", "unknown_partner", "order", table, position, number,
                              rows.header("partner_code"), partner, record_key=key)
            head = heads.get(parsed.get("number"))
            if not rejected and head is not None:
                # One document has one partner and one kind; a line that says otherwise
                # belongs to no document we could create.
                for field in ("kind", "partner_code"):
                    if field in rows.fields and parsed.get(field) != head[3].get(field):
                        rejected = True
                        value = rows.raw(cells, field)
                        context.issue(
                            "reject", "conflicting_duplicate.order", "order", table, position,
                            number, rows.header(field), value, record_key=key, key=order,
                            first_file=head[0].table.file, first_row=head[1],
                            first_value=head[0].raw(head[2], field),
                        )
                        break
            if rejected:
                continue
            heads.setdefault(parsed["number"], (rows, number, cells, parsed))
            warehouse = parsed.get("warehouse_code")
            if warehouse is not None and warehouse not in warehouses:
                warehouses[warehouse] = Record(
                    "warehouse", warehouse, {"code": warehouse, "name": warehouse},
                    table.file, table.sheet, number,
                )
            records.append(Record("order", key, {
                "number": parsed["number"],
                "kind": parsed["kind"],
                "date": _first(parsed.get("date")),
                "partner_code": partner,
                "warehouse_code": warehouse,
                "product_code": code,
                "qty": qty,
                "done_qty": done,
                "open_qty": qty - done,
                "price": parsed.get("price"),
            }, table.file, table.sheet, number))
    return records


# ------------------------------------------------------------------------- totals

def _tolerance(total):
    # The legacy total is rounded to its own last digit: half a unit of it is noise.
    exponent = total.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else ZERO


def _decimal_or_none(value):
    try:
        return cleaning.parse_decimal(value)
    except CleanError:
        return None


def _check_totals(context, tables):
    """Compare each 合计 row with the sum of ALL rows read (the legacy system's own check,
    before any reject), and report the sum over the rows kept as well."""
    totals = []
    for position, table in enumerate(tables):
        if table.total_row is None:
            continue
        total_number, total_cells = table.total_row
        rejected = context.rejected.get(position, set())
        label_seen = False
        for index, cell in enumerate(total_cells):
            if not label_seen and cell is not None:
                label_seen = True  # the 合计 label itself
                continue
            legacy = _decimal_or_none(cell)
            if legacy is None:
                continue
            read = staged = ZERO
            for number, cells in table.rows:
                amount = _decimal_or_none(cells[index]) if index < len(cells) else None
                if amount is None:
                    continue
                read += amount
                if number not in rejected:
                    staged += amount
            column = table.header[index] if index < len(table.header) else str(index + 1)
            ok = abs(legacy - read) <= _tolerance(legacy)
            totals.append({
                "file": table.file, "sheet": table.sheet, "column": column,
                "legacy_total": legacy, "read_total": read, "staged_total": staged,
                "rejected_total": read - staged, "ok": ok,
            })
            if not ok:
                context.issue(
                    "warning", "total_mismatch", table.entity or "", table, position,
                    total_number, column, cell_text(cell),
                    read_total=str(read), difference=str(read - legacy),
                )
    return totals
