# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Set-based creation of simple products: a template and its single variant per row.

``product.template.create`` costs about three milliseconds a product, nearly all of it
per-record Python: defaults and precomputes through ``new()`` records, every field of
every record put in cache, a second ``create`` for the variant, one ``write`` per
template to hand code, barcode and cost to that variant, then the flush recomputing
and updating what was not given. For a product with no attribute and no image the rows
Odoo ends with are known, so they are written by two ``INSERT`` statements per chunk,
with Odoo's own answers:

* the values: ``_add_missing_default_values`` (asked once per load), the caller's
  values on top, each converted as its field converts it (translations,
  company-dependent columns, precision);
* stored computed fields that depend on the record's own fields are computed by their
  own methods, once per distinct combination of those values (``_compute_from_values``);
  required precomputed ones that depend on more, through ``new()`` records as create
  does; the others are left to the flush, declared as ``_create`` declares new rows
  (``modified(…, create=True)``, the written fields protected);
* many2many values (default taxes) become rows of their relation table;
* Python constraints, company checks (once per distinct combination of linked records),
  account's taxes of the other companies, and the registry caches that depend on
  variants, as ``create`` does.

Only the fields whose value follows from the absence of attributes and images are
written without asking Odoo (``TEMPLATE_KNOWN``/``VARIANT_KNOWN``, and the resized
images, attachments that do not exist). Rows with anything else go through ``create``
(``supports``). ``tests/test_product_bulk.py`` compares every column of both tables, the
many2many relations, attachments, followers and messages with what ``create`` makes
from the same values, in a database with all the suite's modules installed.
"""

from collections import defaultdict

from psycopg2 import sql
from psycopg2.extras import Json, execute_values

from odoo.tools import float_repr, float_round

LOG_ACCESS = ("create_uid", "create_date", "write_uid", "write_date")
# The template's values that Odoo's create hands to its first variant (inverse fields);
# those the template also stores then come back to it from that variant.
VARIANT_VALUES = ("default_code", "barcode", "standard_price", "volume", "weight")
# What a product with neither attribute lines nor images computes to.
TEMPLATE_KNOWN = {"has_configurable_attributes": False, "can_image_1024_be_zoomed": False}
VARIANT_KNOWN = {"combination_indices": "", "can_image_variant_1024_be_zoomed": False}
# A computed value its compute method did not assign: the column stays NULL.
UNASSIGNED = object()


class ProductBulkCreator:
    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.Template = env["product.template"]
        self.Product = env["product.product"]
        self._converted = {}
        self._float_specs = {}
        self._containers = {}
        self._properties = [field for field in self.Template._fields.values()
                            if field.type == "properties"]
        self._defaults = {}

    # ----------------------------------------------------------------- checks

    def supports(self, vals):
        """Whether ``vals`` make a product this path builds exactly as ``create`` would:
        stored columns only (no attribute, variant, image or other relation given as
        commands), and none of the create overrides' special cases."""
        fields = self.Template._fields
        for name in vals:
            field = fields.get(name)
            if field is None:
                return False
            if name in VARIANT_VALUES:
                continue
            if not (field.store and field.column_type) or field.type == "binary":
                return False
            if field.compute and field.readonly and not field.precompute:
                return False
        # sale_purchase checks vendors of services bought on order; combos have items.
        return (not vals.get("service_to_purchase") and vals.get("type") != "combo"
                and not self._has_property_definition(vals))

    # ----------------------------------------------------------------- values

    def _model_defaults(self, model):
        """Odoo's create-time defaults of every field of ``model``, asked once: they
        depend on the context only (``default_get`` answers field by field)."""
        if model._name not in self._defaults:
            self._defaults[model._name] = model._add_missing_default_values({})
        return dict(self._defaults[model._name])

    def _has_property_definition(self, vals):
        """A properties field whose container defines properties: ``create`` then
        writes the definition's defaults through the field, this path does not."""
        for field in self._properties:
            container = vals.get(field.definition_record) or self._model_defaults(
                self.Template).get(field.definition_record)
            if container and self._defines_properties(field, container):
                return True
        return False

    def _defines_properties(self, field, container):
        key = (field, container)
        if key not in self._containers:
            comodel = self.env[field.model_name]._fields[field.definition_record].comodel_name
            self._containers[key] = bool(
                self.env[comodel].browse(container)[field.definition_record_field])
        return self._containers[key]

    def _column(self, model, field, value, row):
        """``field``'s SQL value, as ``convert_to_column_insert`` gives it."""
        if value is UNASSIGNED:
            return None
        if field.type == "float":
            return self._float_column(model, field, value)
        if field.type == "monetary" or field.translate:
            return field.convert_to_column_insert(value, model, row)
        try:
            key = (model._name, field.name, value)
            hash(key)
        except TypeError:
            return field.convert_to_column_insert(value, model, row)
        if key not in self._converted:
            self._converted[key] = field.convert_to_column_insert(value, model, row)
        return self._converted[key]

    def _float_column(self, model, field, value):
        """``Float.convert_to_column_insert`` with the field's precision and fallback
        read once: Odoo asks both through the registry cache at every value, the
        largest cost of a product's row (the shape test holds the two equal)."""
        key = (model._name, field.name)
        if key not in self._float_specs:
            fallback = None
            if field.company_dependent:
                fallback = field.convert_to_column(
                    self.env["ir.default"]._get_model_defaults(model._name).get(field.name),
                    model)
            self._float_specs[key] = (field.get_digits(self.env), fallback)
        digits, fallback = self._float_specs[key]
        value_float = value = float(value or 0.0)
        if digits:
            value_float = float_round(value, precision_digits=digits[1])
            value = float_repr(value_float, precision_digits=digits[1])
        if not field.company_dependent:
            return value
        if value_float == fallback:
            return None
        return Json({self.env.company.id: value_float})

    def _plan(self, model, names, known, computed):
        """How create treats a record given ``names``: its columns, its many2many
        fields, and the computed fields it protects (given editable or precomputed
        ones, as create does, the known and already computed ones, and resized images
        of no image)."""
        fields = model._fields
        columns, relations = [], []
        guarded = {fields[name] for name in known} | {fields[name] for name in computed
                                                       if name in names}
        for name in names:
            field = fields[name]
            if not field.store or field.inherited:
                continue
            if field.type in ("one2many", "many2many"):
                relations.append(name)
            elif field.column_type and name not in known:
                columns.append(field)
            if field.compute and (not field.readonly or field.precompute):
                guarded.update(model.pool.field_computed.get(field, [field]))
        guarded.update(
            field for field in fields.values()
            if field.type == "binary" and field.related and field.store
            and field.related.split(".")[0] not in names
        )
        return columns, relations, frozenset(guarded)

    def _rows(self, model, vals_list, known):
        """(columns-and-values, many2many values, protected fields) per record."""
        properties = [f for f in model._fields.values() if f.type == "properties"]
        defaults = self._model_defaults(model)
        raw = []
        for vals in vals_list:
            row = dict(defaults, **vals)
            for field in properties:
                container = row.get(field.definition_record)
                if row.get(field.name) or (container and self._defines_properties(field,
                                                                                   container)):
                    row[field.name] = field._add_default_values(self.env, row)
                else:
                    # What _add_default_values answers without a definition.
                    row[field.name] = {}
            for name in ("id", "parent_path", *LOG_ACCESS):
                row.pop(name, None)
            raw.append(row)
        self._precompute_required(model, raw)
        computed = self._compute_from_values(model, raw, known)
        now = self.cr.now()
        fixed = {name: self._column(model, model._fields[name], value, {})
                 for name, value in known.items()}
        fixed.update(create_uid=self.env.uid, create_date=now,
                     write_uid=self.env.uid, write_date=now)
        plans = {}
        rows, others, protected = [], [], []
        for row in raw:
            names = frozenset(row)
            if names not in plans:
                plans[names] = self._plan(model, names, known, computed)
            column_fields, relation_names, guarded = plans[names]
            columns = {field.name: self._column(model, field, row[field.name], row)
                       for field in column_fields}
            columns.update(fixed)
            rows.append(columns)
            others.append({name: row[name] for name in relation_names})
            protected.append(guarded)
        return rows, others, protected

    @staticmethod
    def _compute_from_values(model, raw, known):
        """Stored computed fields that depend on the record's own fields only, computed
        once per distinct combination of those values (on a new record made from the
        first row that has it) and written by the INSERT, instead of one record at a
        time at the flush and an UPDATE. A computed field is a function of its
        dependencies: the ORM's own recomputation rests on the same rule. Fields that
        depend on another computed field wait for it; dotted dependencies are left
        to the ORM. Returns the names computed."""
        fields = model._fields
        pending = [field for field in fields.values()
                   if field.store and field.compute and field.column_type
                   and not field.related and field.name not in known]
        done = set()
        progress = True
        while progress:
            progress = False
            for field in list(pending):
                depends = list(model.pool.field_depends[field])
                if not depends or any("." in name or name not in fields for name in depends):
                    pending.remove(field)
                    continue
                if any(fields[name].compute and fields[name].store and name not in done
                       and name not in known and any(name not in row for row in raw)
                       for name in depends):
                    continue
                values = {}
                for row in raw:
                    if field.name in row:
                        continue
                    signature = repr([row.get(name) for name in depends])
                    if signature not in values:
                        record = model.new(row)
                        field.compute_value(record)
                        # A compute that assigns nothing leaves the column empty.
                        values[signature] = field.convert_to_write(
                            record[field.name], model) if model.env.cache.contains(
                            record, field) else UNASSIGNED
                    row[field.name] = values[signature]
                pending.remove(field)
                done.add(field.name)
                progress = True
        return done

    @staticmethod
    def _precompute_required(model, raw):
        """A required precomputed field (the purchase unit) must be in the INSERT: what
        ``_add_precomputed_values`` does, for the rows that lack one. The other
        precomputed fields are computed after the insert, from the same values."""
        required = [field for field in model._fields.values()
                    if field.precompute and field.required and field.column_type]
        todo = [row for row in raw if any(field.name not in row for field in required)]
        if not todo:
            return
        records = model.browse().concat(*(model.new(row) for row in todo))
        for record, row in zip(records, todo, strict=True):
            for field in required:
                if field.name not in row:
                    row[field.name] = field.convert_to_write(record[field.name], model)

    def _insert(self, model, rows):
        """INSERT the rows, one statement per set of columns, ids in row order. A
        value all rows share (the defaults) is written once into the row template."""
        cr = self.cr._obj
        groups = defaultdict(list)
        for index, row in enumerate(rows):
            groups[tuple(sorted(row))].append(index)
        ids = [None] * len(rows)
        for columns, indexes in groups.items():
            first = rows[indexes[0]]
            shared = {
                column for column in columns
                if all(rows[i][column] is first[column] or (
                    type(rows[i][column]) is type(first[column])
                    and rows[i][column] == first[column]) for i in indexes)
            }
            varying = [column for column in columns if column not in shared]
            template = "(%s)" % ", ".join(
                "%s" if column in varying
                else cr.mogrify("%s", [first[column]]).decode().replace("%", "%%")
                for column in columns)
            query = sql.SQL("INSERT INTO {} ({}) VALUES %s RETURNING id").format(
                sql.Identifier(model._table),
                sql.SQL(", ").join(map(sql.Identifier, columns)),
            ).as_string(cr)
            # The driver's cursor: Odoo's wraps every row's mogrify (everything was
            # flushed before, nothing is pending).
            returned = execute_values(
                cr, query, [tuple(rows[i][c] for c in varying) for i in indexes],
                template=template, fetch=True, page_size=len(indexes),
            )
            for index, (res_id,) in zip(indexes, returned, strict=True):
                ids[index] = res_id
        return model.browse(ids)

    # ----------------------------------------------------------------- create

    def create_products(self, vals_list):
        """Templates for ``vals_list`` (each with its variant), in the same order."""
        if not vals_list:
            return self.Template
        self.env.flush_all()
        variant_values = [{name: vals.get(name) for name in VARIANT_VALUES}
                          for vals in vals_list]
        template_vals = [{k: v for k, v in vals.items() if k not in VARIANT_VALUES}
                         for vals in vals_list]
        t_rows, t_others, t_protected = self._rows(self.Template, template_vals,
                                                   TEMPLATE_KNOWN)
        fields = self.Template._fields
        from_variant = [fields[name] for name in VARIANT_VALUES if fields[name].store]
        for row, values in zip(t_rows, variant_values, strict=True):
            for field in from_variant:
                row[field.name] = self._column(self.Template, field,
                                               values[field.name] or False, row)
        templates = self._insert(self.Template, t_rows)

        product_vals = []
        for template, row, values in zip(templates, t_rows, variant_values, strict=True):
            vals = {"product_tmpl_id": template.id, "active": row.get("active", True)}
            # Only what is set, as create's "if vals.get(field)" hands it over.
            vals.update({name: value for name, value in values.items() if value})
            product_vals.append(vals)
        # A variant's write date is its template's latest: both are written now.
        p_rows, p_others, p_protected = self._rows(
            self.Product, product_vals, dict(VARIANT_KNOWN, write_date=self.cr.now()))
        products = self._insert(self.Product, p_rows)

        self.env.invalidate_all()
        with self.env.protecting([(names | set(from_variant), template) for names, template
                                  in zip(t_protected, templates, strict=True)]
                                 + list(zip(p_protected, products, strict=True))):
            templates.modified(templates._fields, create=True)
            products.modified(products._fields, create=True)
            # create precomputes what was not given, dependencies or not.
            for records, guarded in ((templates, t_protected), (products, p_protected)):
                for field in records._fields.values():
                    if field.precompute and field.store:
                        todo = [record.id for record, names in zip(records, guarded,
                                                                   strict=True)
                                if field not in names]
                        if todo:
                            self.env.add_to_compute(field, records.browse(todo))
            for model, records, others in ((self.Template, templates, t_others),
                                           (self.Product, products, p_others)):
                self._create_relations(model, records, others)
        self.env.flush_all()
        for records, rows, others in ((templates, t_rows, t_others),
                                      (products, p_rows, p_others)):
            records._validate_fields({name for row in rows for name in row}
                                     | {name for relations in others for name in relations})
        self._check_company(templates, t_rows, t_others)
        self._check_company(products, p_rows, p_others)
        self._default_taxes_of_other_companies(templates)
        # `_get_variant_id_for_combination` and friends cache variants per template.
        self.env.registry.clear_cache()
        return templates

    @staticmethod
    def _check_company(records, rows, others):
        """create's company check, once per distinct company and linked records: the
        check reads nothing else, and a load repeats a few categories, units and
        taxes over thousands of products."""
        if not records._check_company_auto:
            return
        checked = [name for name, field in records._fields.items()
                   if field.relational and field.check_company] + ["company_id"]
        seen = {}
        for record, row, relations in zip(records, rows, others, strict=True):
            values = dict(row, **relations)
            signature = repr([values.get(name) for name in checked])
            seen.setdefault(signature, record)
        records.browse([record.id for record in seen.values()])._check_company()

    def _create_relations(self, model, records, others):
        """Many2many values: a plain set of ids (the default taxes) is inserted into
        the relation table in one statement, anything else goes through the field."""
        by_field = defaultdict(list)
        for record, relations in zip(records, others, strict=True):
            for name, value in relations.items():
                by_field[name].append((record, value))
        for name, record_values in by_field.items():
            field = model._fields[name]
            pairs = self._relation_pairs(field, record_values)
            if pairs is None:
                field.create(record_values)
            elif pairs:
                self.cr.execute(
                    sql.SQL("INSERT INTO {} ({}, {}) SELECT unnest(%s::int[]),"
                            " unnest(%s::int[]) ON CONFLICT DO NOTHING").format(
                        sql.Identifier(field.relation), sql.Identifier(field.column1),
                        sql.Identifier(field.column2)).as_string(self.cr._obj),
                    [[pair[0] for pair in pairs], [pair[1] for pair in pairs]],
                )
            records.modified([name], create=True)

    @staticmethod
    def _relation_pairs(field, record_values):
        """(record id, target id) rows for values that only set ids; None otherwise."""
        if field.type != "many2many":
            return None
        pairs = []
        for record, value in record_values:
            commands = value or []
            if not all(isinstance(c, list | tuple) and c[0] == 6 for c in commands):
                return None
            for command in commands:
                pairs.extend((record.id, target) for target in command[2])
        return pairs

    def _default_taxes_of_other_companies(self, templates):
        """account's ``create``: a product of no company gets every company's default
        taxes."""
        if not hasattr(templates, "_force_default_tax"):
            return
        others = self.env["res.company"].sudo().search(
            [("id", "not in", self.env.companies.ids)])
        shared = templates.filtered(lambda t: not t.company_id)
        if others and shared:
            shared.sudo()._force_default_tax(others)
