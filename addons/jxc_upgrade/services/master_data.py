# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Apply cleaned master data (categories, units, products, partners, warehouses).

Set-based: one query finds every record already tied to a legacy code, products are
inserted set-based (``product_bulk``), other records created in batched ``create``
calls, and a fingerprint of the imported values tells an
unchanged record from an updated one without reading it back. Re-running the same batch
therefore writes nothing, and a run killed half-way resumes where it stopped (what was
committed is found by its legacy code).
"""

import hashlib
import json
import logging
from decimal import Decimal

from .default_cache import defaults_cached
from .product_bulk import ProductBulkCreator

_logger = logging.getLogger(__name__)

CHUNK = 1000
# Odoo field → engine field, for the fields some exports do not have.
PRODUCT_OPTIONAL = {
    "list_price": "price",
    "barcode": "barcode",
    "jxc_spec": "spec",
    "jxc_short_name": "short_name",
}
# Silences mail tracking, chatter and VAT validation during a bulk load: the legacy
# system was the record of truth; a bad credit code is flagged, not refused.
LOAD_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_vat_validation": True,
    "active_test": False,
}


def fingerprint(values):
    payload = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()  # noqa: S324 (not security)


def _float(value):
    if value is None:
        return 0.0
    if isinstance(value, Decimal):
        return float(value)
    return float(value)


class MasterDataLoader:
    def __init__(self, env, company, commit_chunks=False):
        # The batch checked that the user is a migration manager; the load itself needs
        # the rights of several apps (products, units, partners, warehouses) at once.
        # sudo() keeps the user as the author of every record.
        self.env = env["base"].sudo().with_context(**LOAD_CONTEXT).with_company(company).env
        self.company = company
        # Only the command line's chunked runner commits, so that a killed run keeps
        # its finished chunks; in the web client the request's transaction is the unit.
        self.commit_chunks = commit_chunks
        self.rows = {}

    # ---------------------------------------------------------------- helpers

    def _existing(self, table, codes, company_scoped=False):
        """legacy code → (id, fingerprint) of the records already imported."""
        if not codes:
            return {}
        query = (
            "SELECT jxc_legacy_code, id, jxc_legacy_hash FROM {} WHERE jxc_legacy_code = ANY(%s)"
        )
        params = [list(codes)]
        if company_scoped:
            query += " AND company_id = %s"
            params.append(self.company.id)
        from psycopg2 import sql

        self.env.cr.execute(sql.SQL(query).format(sql.Identifier(table)), params)
        return {code: (res_id, digest) for code, res_id, digest in self.env.cr.fetchall()}

    def _commit(self):
        if self.commit_chunks:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _split(self, model, table, records, build, company_scoped=False):
        """(to create, to update, unchanged) for ``records`` built by ``build``."""
        existing = self._existing(table, {r.key for r in records}, company_scoped)
        creates, updates, unchanged = [], [], []
        for record in records:
            vals = build(record)
            digest = fingerprint(vals)
            vals["jxc_legacy_hash"] = digest
            found = existing.get(record.key)
            if not found:
                creates.append((record, vals))
            elif found[1] != digest:
                updates.append((record, vals, found[0]))
            else:
                unchanged.append((record, found[0]))
        return creates, updates, unchanged

    def _run(self, model, creates, updates, unchanged):
        Model = self.env[model]
        for start in range(0, len(creates), CHUNK):
            chunk = creates[start:start + CHUNK]
            if model == "product.template":
                created = self._create_products([vals for _record, vals in chunk])
            else:
                created = Model.create([vals for _record, vals in chunk])
            for (record, _vals), res_id in zip(chunk, created.ids, strict=True):
                self.rows[(record.file, record.sheet, record.row)] = (model, res_id)
            self._commit()
        for record, vals, res_id in updates:
            Model.browse(res_id).write(vals)
            self.rows[(record.file, record.sheet, record.row)] = (model, res_id)
        for record, res_id in unchanged:
            self.rows[(record.file, record.sheet, record.row)] = (model, res_id)
        self._commit()
        return {"created": len(creates), "updated": len(updates), "unchanged": len(unchanged)}

    def _create_products(self, vals_list):
        """New products, set-based when Odoo's rows for them are known
        (``ProductBulkCreator``); Odoo's own ``create`` otherwise."""
        creator = ProductBulkCreator(self.env)
        if all(creator.supports(vals) for vals in vals_list):
            return creator.create_products(vals_list)
        return self.env["product.template"].create(vals_list)

    def _check_barcodes(self, creates):
        """Drop a barcode already used by another product or twice in the file (Odoo
        refuses both); the product is imported without it and the drop is reported."""
        barcodes = [vals.get("barcode") for _record, vals in creates if vals.get("barcode")]
        if not barcodes:
            return []
        self.env.cr.execute(
            "SELECT barcode FROM product_product WHERE barcode = ANY(%s)", [barcodes]
        )
        taken = {barcode for (barcode,) in self.env.cr.fetchall()}
        dropped = []
        for record, vals in creates:
            barcode = vals.get("barcode")
            if barcode and barcode in taken:
                vals["barcode"] = False
                dropped.append((record, barcode))
            elif barcode:
                taken.add(barcode)
        return dropped

    # --------------------------------------------------------------- categories

    def _category_map(self, names, create):
        root = self.env.ref("product.product_category_all")
        Category = self.env["product.category"]
        found = {c.name: c.id for c in Category.search([("parent_id", "=", root.id),
                                                        ("name", "in", list(names))])}
        missing = [n for n in sorted(names) if n not in found]
        if create and missing:
            # AVCO: the opening stock is valued at the legacy amounts line by line, and
            # Odoo's inventory value per product then equals the legacy total.
            for category in Category.create([{"name": n, "parent_id": root.id,
                                              "property_cost_method": "average"}
                                             for n in missing]):
                found[category.name] = category.id
        return found, missing

    # --------------------------------------------------------------------- units

    def _uom_index(self):
        """Every translation of every unit name of the Units category → id."""
        unit_category = self.env.ref("uom.product_uom_categ_unit")
        self.env.cr.execute(
            "SELECT id, name FROM uom_uom WHERE category_id = %s", [unit_category.id]
        )
        index = {}
        for res_id, names in self.env.cr.fetchall():
            for name in (names or {}).values():
                index.setdefault(name, res_id)
        return unit_category, index

    @staticmethod
    def _aux_name(record):
        ratio = record.values.get("ratio")
        aux = record.values.get("aux_uom")
        if not aux or not ratio:
            return None
        return "%s(%s%s)" % (aux, format(Decimal(ratio).normalize(), "f"),
                             record.values.get("uom") or "")

    def _uom_map(self, products, create):
        """Base units (盒, 瓶 …) are 1:1 with Units; each auxiliary unit becomes a unit
        of its own per ratio (箱(12盒), 箱(60盒)), all in the Units category, so that
        Odoo converts quantities, purchase units and prices itself."""
        unit_category, index = self._uom_index()
        wanted = {}
        for record in products:
            base = record.values.get("uom")
            if base:
                wanted.setdefault(base, Decimal(1))
            aux_name = self._aux_name(record)
            if aux_name:
                wanted.setdefault(aux_name, Decimal(record.values["ratio"]))
        missing = [name for name in sorted(wanted) if name not in index]
        if create and missing:
            created = self.env["uom.uom"].create(
                [
                    {
                        "name": name,
                        "category_id": unit_category.id,
                        "uom_type": "bigger",
                        "factor_inv": float(wanted[name]),
                        "rounding": 0.01,
                    }
                    for name in missing
                ]
            )
            for name, uom in zip(missing, created, strict=True):
                index[name] = uom.id
        return index, missing

    # ------------------------------------------------------------------ products

    def _product_vals(self, record, categories, uoms):
        v = record.values
        tracked = bool(v.get("tracked"))
        shelf_life = int(v.get("shelf_life_days") or 0)
        base_uom = uoms.get(v.get("uom")) or self.env.ref("uom.product_uom_unit").id
        aux_uom = uoms.get(self._aux_name(record)) or base_uom
        vals = {
            "name": v["name"],
            "default_code": v["code"],
            "barcode": v.get("barcode") or False,
            "categ_id": categories.get(v.get("category"))
            or self.env.ref("product.product_category_all").id,
            "standard_price": _float(v.get("cost")),
            "list_price": _float(v.get("price")),
            "type": "consu",
            "is_storable": True,
            "tracking": "lot" if tracked else "none",
            "use_expiration_date": tracked and shelf_life > 0,
            "expiration_time": shelf_life,
            "uom_id": base_uom,
            "uom_po_id": aux_uom,
            "active": v.get("active", True),
            "jxc_legacy_code": v["code"],
            "jxc_spec": v.get("spec") or False,
            "jxc_short_name": v.get("short_name") or False,
        }
        return self._without_missing(vals, v, PRODUCT_OPTIONAL)

    @staticmethod
    def _without_missing(vals, values, optional):
        """Leave out what this export does not carry (金蝶KIS has no sale price, no short
        name): a second system's import must not blank what the first one filled."""
        for field, source in optional.items():
            if values.get(source) is None:
                vals.pop(field, None)
        return vals

    # ------------------------------------------------------------------ partners

    def _partner_vals(self, record):
        v = record.values
        vals = {
            "name": v["name"],
            "ref": v["code"],
            "is_company": True,
            "phone": v.get("phone") or False,
            "vat": v.get("vat") or False,
            "jxc_legacy_code": v["code"],
            "jxc_vat_invalid": bool(v.get("vat")) and not v.get("vat_valid", True),
        }
        if v.get("is_customer"):
            vals["customer_rank"] = 1
        if v.get("is_supplier"):
            vals["supplier_rank"] = 1
        return self._without_missing(vals, v, {"phone": "phone", "vat": "vat"})

    # ---------------------------------------------------------------- warehouses

    def _warehouse_plan(self, records):
        existing = self._existing("stock_warehouse", {r.key for r in records}, True)
        creates = [r for r in records if r.key not in existing]
        return existing, creates

    def _warehouse_code(self, legacy_code, used):
        # Odoo's warehouse code is 5 characters at most; the legacy code stays in
        # jxc_legacy_code whatever its length.
        if len(legacy_code) <= 5 and legacy_code not in used:
            return legacy_code
        for number in range(1, 100000):
            candidate = "W%04d" % number
            if candidate not in used:
                return candidate
        raise ValueError(legacy_code)

    def _apply_warehouses(self, records):
        existing, creates = self._warehouse_plan(records)
        Warehouse = self.env["stock.warehouse"]
        others = Warehouse.search([("company_id", "=", self.company.id)])
        used = set(others.mapped("code"))
        names = set(others.mapped("name"))
        created = 0
        for record in creates:
            code = self._warehouse_code(record.key, used)
            used.add(code)
            name = record.values.get("name") or record.key
            if name in names:
                # Odoo wants warehouse names unique per company; the legacy code tells
                # two 总仓 apart.
                name = "%s (%s)" % (name, record.key)
            names.add(name)
            warehouse = Warehouse.create(
                {
                    "name": name,
                    "code": code,
                    "company_id": self.company.id,
                    "jxc_legacy_code": record.key,
                    "jxc_legacy_hash": fingerprint(record.values),
                    "jxc_cutover_state": "legacy",
                }
            )
            existing[record.key] = (warehouse.id, None)
            created += 1
            self._commit()
        return {"created": created, "updated": 0, "unchanged": len(records) - created}

    # ---------------------------------------------------------------- interface

    def plan(self, result):
        """What ``apply`` would do, computed without writing a target record."""
        products = result.records.get("product", [])
        partners = result.records.get("partner", [])
        warehouses = result.records.get("warehouse", [])
        categories, missing_categories = self._category_map(
            {r.values.get("category") for r in products if r.values.get("category")}, False
        )
        uoms, missing_uoms = self._uom_map(products, False)
        product_split = self._split(
            "product.template", "product_template", products,
            lambda r: self._product_vals(r, categories, uoms),
        )
        partner_split = self._split("res.partner", "res_partner", partners, self._partner_vals)
        _existing, warehouse_creates = self._warehouse_plan(warehouses)

        def counts(split):
            return {"create": len(split[0]), "update": len(split[1]), "unchanged": len(split[2])}

        plan = {
            "category": {"create": len(missing_categories),
                         "unchanged": len(categories)},
            "uom": {"create": len(missing_uoms)},
            "product": counts(product_split),
            "partner": counts(partner_split),
            "warehouse": {"create": len(warehouse_creates),
                          "unchanged": len(warehouses) - len(warehouse_creates)},
        }
        if missing_categories or missing_uoms:
            # Products planned against categories/units that do not exist yet would be
            # counted as updates on a second plan; the first apply creates them.
            plan["product"] = {"create": plan["product"]["create"],
                               "update": plan["product"]["update"],
                               "unchanged": plan["product"]["unchanged"]}
        return plan

    def apply(self, result):
        with defaults_cached(self.env) as env:
            loader_env, self.env = self.env, env
            try:
                return self._apply(result)
            finally:
                self.env = loader_env

    def _apply(self, result):
        products = result.records.get("product", [])
        partners = result.records.get("partner", [])
        warehouses = result.records.get("warehouse", [])
        categories, missing_categories = self._category_map(
            {r.values.get("category") for r in products if r.values.get("category")}, True
        )
        uoms, missing_uoms = self._uom_map(products, True)
        self._commit()
        done = {
            "category": {"created": len(missing_categories)},
            "uom": {"created": len(missing_uoms)},
        }
        product_split = self._split("product.template", "product_template", products,
                                    lambda r: self._product_vals(r, categories, uoms))
        dropped_barcodes = self._check_barcodes(product_split[0])
        done["product"] = self._run("product.template", *product_split)
        if dropped_barcodes:
            done["product"]["barcode_dropped"] = len(dropped_barcodes)
        done["_dropped_barcodes"] = dropped_barcodes
        done["partner"] = self._run(
            "res.partner", *self._split("res.partner", "res_partner", partners,
                                        self._partner_vals)
        )
        done["warehouse"] = self._apply_warehouses(warehouses)
        done["_rows"] = self.rows
        return done
