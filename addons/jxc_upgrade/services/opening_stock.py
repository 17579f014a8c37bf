# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load a warehouse's opening stock: lots, quants, moves and valuation layers.

Odoo's own way is an inventory adjustment: a quant per product/lot, then
``action_apply_inventory``, which makes one done move (inventory location → stock) per
quant, its move line, the quants of both locations and a valuation layer, one record
at a time. Here the same rows are written set-based, a chunk of legacy lines at a time:

* the chunk's lines are read in SQL, its products in one ORM read (their costing
  fields are company-dependent);
* when the products are valued periodically (Odoo's default, and l10n_cn's), lots, moves,
  move lines, valuation layers and quants are written with one COPY per table (the bulk
  path of PostgreSQL; foreign keys and indexes are checked as for any insert), with ids
  drawn from the tables' sequences so that the rows can refer to each other;
* the stored computed fields of those rows are written with them, with the values the
  ORM computes: each is derived from a definition (a related path, or a compute method
  and the modules defining it, ``SQL_COMPUTED``) that is checked against the installed
  modules; a field that an installed module defines otherwise, or adds, is left to the
  ORM. The ORM is then told what changed as a create or a write tells it
  (``modified``), so that fields of other models and modules that depend on these rows
  are computed (none with this suite's modules: ``test_load_leaves_no_field_to_the_orm``);
* the quants end as Odoo's apply leaves them: the counted quant in the warehouse with its
  inventory fields cleared and its next inventory date, the negative one in the inventory
  location, the incoming dates of ``_update_available_quantity``; lots, moves, move
  lines and layers column by column as Odoo makes them (``test_opening_stock``);
* a product valued in real time needs journal entries: its lines go through the ORM
  (``stock.move._action_done``), exactly Odoo's path.

Costing: each line carries the legacy unit cost as the move's price, as a receipt
would. Under AVCO and FIFO its layer is valued at the legacy amount (库存金额), so
Odoo's inventory value per product equals the legacy total; the product's cost
becomes the average of its layers. Under standard costing Odoo values at the product's
cost whatever the legacy said: the reconciliation reports that as a costing-method
difference. Per-warehouse legacy costs have no per-warehouse counterpart in Odoo's
per-company costing: the warehouse's layers keep the legacy amounts, the product's
single cost is their average.
"""

import collections
import datetime
import io
import logging

import psycopg2
from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

_logger = logging.getLogger(__name__)

# Lines per chunk: one set of statements and one ORM notification each; the command
# line's chunked runner commits after each.
CHUNK = 5000
LOAD_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "active_test": False,
    # The rollout lock lets the cut-over's own moves through (stock_picking.py).
    "jxc_cutover_load": True,
}

Line = collections.namedtuple(
    "Line", "id product_id lot_name qty value unit_cost expiry_date production_date")
Product = collections.namedtuple(
    "Product", "uom rounding categ name tracked method real_time inventory cost"
    " use_expiration use_time removal_time alert_time lot_properties")


def expiry_datetime(day):
    """Lots expire at the start of the legacy date, in UTC: the date part is the legacy
    date wherever it is read, and the expiry addon compares dates."""
    return datetime.datetime.combine(day, datetime.time.min) if day else None


COPY_NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_texts(field, values):
    """``values`` of ``field`` in COPY's text format."""
    if field.type in ("integer", "many2one"):
        return [COPY_NULL if value is None else str(value) for value in values]
    if field.type in ("float", "monetary"):
        return [COPY_NULL if value is None else repr(float(value)) for value in values]
    if field.type == "boolean":
        return [COPY_NULL if value is None else "t" if value else "f" for value in values]
    if field.type in ("date", "datetime"):
        return [COPY_NULL if value is None else str(value) for value in values]
    if field.type in ("char", "text", "selection"):
        return [COPY_NULL if value is None else value.translate(COPY_ESCAPES)
                for value in values]
    raise NotImplementedError(field)


def _related(path):
    return ("related", path)


def _compute(method, *modules):
    return ("compute", method, frozenset(modules))


# Stored computed fields of the new rows that the load writes itself, each with the
# definition its value is derived from. Where an installed module defines one otherwise,
# the ORM computes it instead (``_defined_as``).
SQL_COMPUTED = {
    "stock.lot": {
        "product_uom_id": _related("product_id.uom_id"),
        # Empty when the product defines no lot properties; the others: the ORM.
        "lot_properties": ("properties", "product_id.lot_properties_definition"),
        # The one location holding a positive quant of the lot, else none.
        "location_id": _compute("_compute_single_location", "stock"),
        # A new lot of a product with expiry dates: its expiry minus the product's days.
        "use_date": _compute("_compute_dates", "product_expiry"),
        "removal_date": _compute("_compute_dates", "product_expiry"),
        "alert_date": _compute("_compute_dates", "product_expiry"),
    },
    "stock.quant": {
        "company_id": _related("location_id.company_id"),
        "storage_category_id": _related("location_id.storage_category_id"),
        "expiration_date": _related("lot_id.expiration_date"),
        "removal_date": _related("lot_id.removal_date"),
        # Of a new quant in the inventory location (the counted quant's are given, below):
        # minus its quantity, and a next inventory date only in an internal location.
        "inventory_diff_quantity": _compute("_compute_inventory_diff_quantity", "stock"),
        "inventory_date": _compute("_compute_inventory_date", "stock"),
    },
    "stock.move": {
        # A done move without picking, picking type, origin move or partner: its name,
        # priority "0", and nothing for the others.
        "reference": _compute("_compute_reference", "stock"),
        "priority": _compute("_compute_priority", "stock"),
        # purchase_stock leaves dropshipped moves out: it gives them no partner either.
        "partner_id": _compute("_compute_partner_id", "stock", "purchase_stock"),
        "picking_type_id": _compute("_compute_picking_type_id", "stock"),
        "delay_alert_date": _compute("_compute_delay_alert_date", "stock"),
        "reservation_date": _compute("_compute_reservation_date", "stock"),
        "scrapped": _related("location_dest_id.scrap_location"),
        # In the product's own unit, rounded as the unit rounds; its move line's quantity.
        "product_qty": _compute("_compute_product_qty", "stock"),
        "quantity": _compute("_compute_quantity", "stock"),
    },
    "stock.move.line": {
        "state": _related("move_id.state"),
        "reference": _related("move_id.reference"),
        "picked": _compute("_compute_picked", "stock"),
        "quantity_product_uom": _compute("_compute_quantity_product_uom", "stock"),
        # The lot's expiry (no picking type creates lots here).
        "expiration_date": _compute("_compute_expiration_date", "product_expiry"),
    },
    "stock.valuation.layer": {
        "categ_id": _related("product_id.categ_id"),
    },
}

# Computed fields to which Odoo's own way gives a value (its create values, a default,
# or its final writes on the counted quant) and the load the same one: as on a create
# with that value, they are not computed.
GIVEN = {
    "stock.lot": {"company_id", "expiration_date"},
    "stock.move": {"product_uom", "location_id", "location_dest_id", "picked"},
    "stock.move.line": {"product_uom_id", "quantity", "location_id", "location_dest_id"},
    "stock.quant": {"inventory_quantity_set"},
}
# action_apply_inventory on the counted quant: its inventory fields cleared, its next
# inventory date set (computed fields among them: given).
COUNTED_QUANT = {"inventory_quantity", "inventory_diff_quantity", "inventory_quantity_set",
                 "user_id", "inventory_date"}


def _defined_as(model, name, spec):
    """Whether stored computed field ``name`` of ``model`` still has the definition that
    ``spec`` describes: the same related path, or the same compute method, defined by
    those modules only (an override elsewhere may compute something else)."""
    field = model._fields.get(name)
    if not (field and field.store and field.compute):
        return False
    kind = spec[0]
    if kind == "related":
        return field.related == spec[1]
    if kind == "properties":
        return field.type == "properties" and field.definition == spec[1]
    method = field.compute if isinstance(field.compute, str) else None
    if field.related or method != spec[1]:
        return False
    owners = {getattr(cls, "_module", None) for cls in type(model).__mro__
              if method in vars(cls)}
    return bool(owners) and owners <= spec[2]


class OpeningStockLoader:
    def __init__(self, env, warehouse, commit_chunks=False):
        self.company = warehouse.company_id
        self.env = env["base"].sudo().with_context(**LOAD_CONTEXT).with_company(
            self.company).env
        self.warehouse = self.env["stock.warehouse"].browse(warehouse.id)
        # Only the command line's chunked runner commits between chunks, so that a
        # killed load keeps its finished chunks and resumes with the pending lines.
        self.commit_chunks = commit_chunks
        self.cr = self.env.cr
        self.uid = env.uid
        self._sql_fields_of = {}
        self._locations = {}
        self._sequences = {}
        self._reset_chunk()

    def _reset_chunk(self):
        # What the chunk's statements did, for the ORM: the rows they inserted by model,
        # and the computed fields they wrote by (model, field) and record.
        self._new = collections.defaultdict(list)
        self._written = collections.defaultdict(set)
        # (model, ids, {many2one field: values}) of the rows written, for the cache.
        self._many2one = []
        self._lot_dates = {}

    def _sql_fields(self, model):
        """The fields of SQL_COMPUTED[model] that the load may write itself here."""
        if model not in self._sql_fields_of:
            records = self.env[model]
            self._sql_fields_of[model] = {
                name for name, spec in SQL_COMPUTED.get(model, {}).items()
                if _defined_as(records, name, spec)
            }
            left = set(SQL_COMPUTED.get(model, {})) - self._sql_fields_of[model]
            if left:
                _logger.info("Opening stock: %s %s computed by the ORM (defined otherwise "
                             "by an installed module)", model, ", ".join(sorted(left)))
        return self._sql_fields_of[model]

    def _mark_written(self, model, names, ids):
        for name in names:
            self._written[(model, name)].update(ids)

    # ------------------------------------------------------------------ lines

    def _batch(self):
        batch = self.warehouse._fields.get("jxc_snapshot_batch_id") and \
            self.warehouse.jxc_snapshot_batch_id
        if batch:
            return batch
        self.cr.execute(
            "SELECT MAX(batch_id) FROM jxc_legacy_stock_line WHERE warehouse_id = %s",
            [self.warehouse.id],
        )
        return self.env["jxc.import.batch"].browse(self.cr.fetchone()[0] or [])

    def _pending_ids(self, lines=None):
        if lines is not None:
            self.cr.execute(
                "SELECT id FROM jxc_legacy_stock_line WHERE id = ANY(%s) AND state = 'pending'"
                " ORDER BY id", [list(lines.ids)])
            return [line_id for (line_id,) in self.cr.fetchall()]
        batch = self._batch()
        if not batch:
            return []
        self.cr.execute(
            "SELECT id FROM jxc_legacy_stock_line WHERE batch_id = %s AND warehouse_id = %s"
            " AND state = 'pending' ORDER BY id", [batch.id, self.warehouse.id])
        return [line_id for (line_id,) in self.cr.fetchall()]

    def _read_lines(self, ids):
        self.cr.execute(
            "SELECT id, product_id, lot_name, qty, value, unit_cost, expiry_date,"
            " production_date FROM jxc_legacy_stock_line WHERE id = ANY(%s) ORDER BY id",
            [ids],
        )
        return [Line(*row) for row in self.cr.fetchall()]

    def _products(self, ids):
        """product id → what the load needs of it, read through the ORM (costing fields
        are company-dependent) from the templates and categories, whose fields the
        variant's are related to."""
        result = {}
        products = self.env["product.product"].browse(sorted(ids)).with_company(self.company)
        for product in products:
            template, category = product.product_tmpl_id, product.product_tmpl_id.categ_id
            result[product.id] = Product(
                uom=template.uom_id.id,
                rounding=template.uom_id.rounding,
                categ=category.id,
                name=template.name,
                tracked=template.tracking != "none",
                method=category.property_cost_method,
                real_time=category.property_valuation == "real_time",
                inventory=template.property_stock_inventory.id,
                cost=product.standard_price,
                use_expiration=template.use_expiration_date,
                use_time=template.use_time,
                removal_time=template.removal_time,
                alert_time=template.alert_time,
                lot_properties=bool(product.lot_properties_definition),
            )
        return result

    def _location(self, location_id):
        """What a quant takes from its location: (company, storage category, whether
        reservation is bypassed, the next inventory date as the location computes it)."""
        if location_id not in self._locations:
            location = self.env["stock.location"].browse(location_id)
            self._locations[location_id] = (
                location.company_id.id or None,
                location.storage_category_id.id or None,
                location.should_bypass_reservation(),
                # _compute_inventory_date: internal and transit locations only.
                (location._get_next_inventory_date() or None)
                if location.usage in ("internal", "transit") else None,
            )
        return self._locations[location_id]

    def _count_stock_location(self):
        """Odoo's apply records the count on the location before it computes the next
        inventory date of the counted quants."""
        stock = self.warehouse.lot_stock_id
        stock.write({"last_inventory_date": fields.Date.today()})
        self._locations.pop(stock.id, None)

    # --------------------------------------------------------------- statements

    def _sequence(self, model):
        if model not in self._sequences:
            self.cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.env[model]._table])
            self._sequences[model] = self.cr.fetchone()[0]
        return self._sequences[model]

    def _new_ids(self, model, count):
        """Ids drawn from the table's own sequence, so that the rows of the different
        tables can refer to each other before they are inserted."""
        if not count:
            return []
        self.cr.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
            [self._sequence(model), count],
        )
        return [new_id for (new_id,) in self.cr.fetchall()]

    def _insert(self, model, columns, constants):
        """Insert rows given column by column (equal-length lists, "id" among them) plus
        constant columns, by COPY: PostgreSQL's bulk path, the values in its text format
        (formatting them costs a fraction of adapting them as query parameters)."""
        records = self.env[model]
        texts = [_copy_texts(records._fields[name], values) for name, values in columns.items()]
        texts += [_copy_texts(records._fields[name], [value]) * len(columns["id"])
                  for name, value in constants.items()]
        data = io.StringIO("".join("\t".join(row) + "\n" for row in zip(*texts, strict=True)))
        query = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
            table=sql.Identifier(records._table),
            columns=sql.SQL(", ").join(map(sql.Identifier, [*columns, *constants])),
        )
        # As Odoo's own COPY (BaseModel._export_rows): not with a wait callback.
        callback = psycopg2.extensions.get_wait_callback()
        psycopg2.extensions.set_wait_callback(None)
        try:
            self.cr.copy_expert(query, data)
        finally:
            psycopg2.extensions.set_wait_callback(callback)
        ids = columns["id"]
        self._new[model].extend(ids)
        # Odoo's columns have no default: what the statement left out is NULL, but for
        # a computed field the ORM computes afterwards.
        mine = set(columns) | set(constants) | self._sql_fields(model)
        self._many2one.append((model, ids, {
            name: columns[name] if name in columns else [constants.get(name)] * len(ids)
            for name, field in records._fields.items()
            if field.type == "many2one" and field.store and not field.company_dependent
            and (not field.compute or name in mine)
        }))

    # ------------------------------------------------------------------- lots

    def _lots(self, lines, products):
        """(product_id, lot name) → lot id, creating the missing lots in one statement.
        Returns that and the lots that existed before."""
        wanted = {}
        stocked = collections.defaultdict(float)
        for line in lines:
            if line.lot_name and products[line.product_id].tracked:
                key = (line.product_id, line.lot_name)
                wanted.setdefault(key, line)
                stocked[key] += float_round(line.qty, rounding_method="HALF-UP",
                                            precision_rounding=products[line.product_id].rounding)
        if not wanted:
            return {}, []
        # The products' lots, the names sorted out here: a filter on thousands of names
        # would be tested row by row, and the load's own rows have no statistics yet.
        self.cr.execute(
            "SELECT product_id, name, id, expiration_date, removal_date FROM stock_lot"
            " WHERE company_id = %s AND product_id = ANY(%s)",
            [self.company.id, list({k[0] for k in wanted})],
        )
        found = {}
        for product_id, name, lot_id, expiration, removal in self.cr.fetchall():
            if (product_id, name) in wanted:
                found[(product_id, name)] = lot_id
                self._lot_dates[lot_id] = (expiration, removal)
        existing = list(found.values())
        missing = [key for key in wanted if key not in found]
        if not missing:
            return found, existing
        computed = self._sql_fields("stock.lot")
        dates = [name for name in ("use_date", "removal_date", "alert_date")
                 if name in computed]
        ids = self._new_ids("stock.lot", len(missing))
        columns = {name: [] for name in ["name", "product_id", "expiration_date",
                                         "production_date", *dates]}
        columns["id"] = ids
        for name in {"product_uom_id", "location_id"} & computed:
            columns[name] = []
        stock = self.warehouse.lot_stock_id.id
        without_properties = []
        for lot_id, key in zip(ids, missing, strict=True):
            (product_id, name), line, product = key, wanted[key], products[key[0]]
            expiry = expiry_datetime(line.expiry_date)
            columns["name"].append(name)
            columns["product_id"].append(product_id)
            columns["expiration_date"].append(expiry)
            columns["production_date"].append(line.production_date)
            if "product_uom_id" in columns:
                columns["product_uom_id"].append(product.uom)
            if "location_id" in columns:
                # A new lot's only positive quant will be the chunk's, in this warehouse.
                columns["location_id"].append(stock if stocked[key] > 0 else None)
            # product_expiry's _compute_dates on a new lot.
            days = {"use_date": product.use_time, "removal_date": product.removal_time,
                    "alert_date": product.alert_time}
            for date in dates:
                columns[date].append(
                    expiry - datetime.timedelta(days=days[date])
                    if product.use_expiration and expiry else None)
            if not product.lot_properties:
                without_properties.append(lot_id)
            found[key] = lot_id
            removal = columns["removal_date"][-1] if "removal_date" in columns else None
            self._lot_dates[lot_id] = (expiry, removal)
        now = fields.Datetime.now()
        self._insert("stock.lot", columns, {
            "company_id": self.company.id,
            "create_uid": self.uid, "create_date": now, "write_uid": self.uid, "write_date": now,
        })
        self._mark_written("stock.lot", GIVEN["stock.lot"] | set(dates) | (
            {"product_uom_id", "location_id"} & computed), ids)
        if "lot_properties" in computed:
            self._mark_written("stock.lot", ["lot_properties"], without_properties)
        return found, existing

    def _update_lot_locations(self, lot_ids):
        """stock.lot location_id of lots that existed, now that their quants changed: the
        one location holding a positive quant of the lot, else none. Returns the lots
        that changed."""
        if not lot_ids or "location_id" not in self._sql_fields("stock.lot"):
            return []
        self.cr.execute(
            "UPDATE stock_lot l SET location_id = s.location_id, write_uid = %s,"
            " write_date = %s"
            " FROM (SELECT v.id, CASE WHEN COUNT(DISTINCT q.location_id) = 1"
            "                         THEN MIN(q.location_id) END AS location_id"
            "         FROM unnest(%s::int[]) AS v(id)"
            "    LEFT JOIN stock_quant q ON q.lot_id = v.id AND q.quantity > 0"
            "     GROUP BY v.id) s"
            " WHERE l.id = s.id AND l.location_id IS DISTINCT FROM s.location_id"
            " RETURNING l.id",
            [self.uid, fields.Datetime.now(), list(lot_ids)],
        )
        self._mark_written("stock.lot", ["location_id"], lot_ids)
        return [lot_id for (lot_id,) in self.cr.fetchall()]

    # --------------------------------------------------------------- valuation

    def _update_costs(self, costs):
        """AVCO/FIFO: the product's cost is its layers' value over their quantity, as
        Odoo's receipts leave it. ``costs``: product id → the cost it has now; a cost
        that does not change is not written again."""
        if not costs:
            return
        self.cr.execute(
            "SELECT product_id, SUM(value), SUM(quantity) FROM stock_valuation_layer"
            " WHERE company_id = %s AND product_id = ANY(%s) GROUP BY product_id",
            [self.company.id, list(costs)],
        )
        products = self.env["product.product"].with_company(self.company).with_context(
            disable_auto_svl=True)
        digits = products._fields["standard_price"].get_digits(self.env)
        for product_id, value, qty in self.cr.fetchall():
            if not (qty and qty > 0):
                continue
            cost = value / qty
            current = costs[product_id]
            if current is None or (float_round(cost, precision_digits=digits[1]) if digits
                                   else cost) != current:
                products.browse(product_id).standard_price = cost

    # ------------------------------------------------------------------- load

    def load(self, lines=None):
        totals = {"lines": 0, "lots_created": 0, "qty": 0.0, "value": 0.0, "skipped": 0,
                  "orm_lines": 0}
        # The lines, products and lots are read in SQL: what the ORM holds goes first.
        self.env.flush_all()
        pending = self._pending_ids(lines)
        if not pending:
            return totals
        self._count_stock_location()
        for start in range(0, len(pending), CHUNK):
            counts = self._load_chunk(pending[start:start + CHUNK])
            for key, value in counts.items():
                totals[key] += value
            if self.commit_chunks:
                self.cr.commit()  # pylint: disable=invalid-commit
        totals["value"] = float_round(totals["value"], 2)
        return totals

    def _load_chunk(self, ids):
        self._reset_chunk()
        chunk = self._read_lines(ids)
        lines = [line for line in chunk if line.product_id]
        products = self._products({line.product_id for line in lines})
        lots, existing_lots = self._lots(lines, products)
        orm_lines = [line for line in lines if products[line.product_id].real_time]
        sql_lines = [line for line in lines if not products[line.product_id].real_time]
        if orm_lines:
            self._load_orm([line.id for line in orm_lines], lots)
        updated = []
        if sql_lines:
            updated = self._load_sql(sql_lines, lots, products)
        changed_lots = self._update_lot_locations(existing_lots)
        if changed_lots:
            updated.append(("stock.lot", changed_lots, ["location_id", "write_uid",
                                                        "write_date"]))
        self._update_costs({line.product_id: products[line.product_id].cost
                            for line in sql_lines
                            if products[line.product_id].method != "standard"})
        self._notify(updated)
        self.env.invalidate_all()
        return {
            "lines": len(lines),
            "lots_created": len(lots) - len(existing_lots),
            "qty": sum(line.qty for line in lines),
            "value": sum(line.value or 0.0 for line in lines),
            "skipped": len(chunk) - len(lines),
            "orm_lines": len(orm_lines),
        }

    def _move_name(self):
        batch = self._batch()
        return self.env._("Opening stock %(batch)s", batch=batch.name or "")

    def _load_sql(self, lines, lots, products):
        """Moves, move lines, layers and quants of the chunk's lines; returns the
        existing rows it updated, for the ORM: [(model, ids, fields)]."""
        now = fields.Datetime.now()
        stock = self.warehouse.lot_stock_id
        name = self._move_name()
        rounding = self.company.currency_id.rounding
        price_digits = self.env["stock.valuation.layer"]._fields["unit_cost"].get_digits(
            self.env)[1]
        count = len(lines)
        move_ids = self._new_ids("stock.move", count)
        move_line_ids = self._new_ids("stock.move.line", count)
        layer_ids = self._new_ids("stock.valuation.layer", count)
        move = {"id": move_ids, "product_id": [], "product_uom": [], "product_uom_qty": [],
                "product_qty": [], "location_id": [], "price_unit": []}
        move_line = {"id": move_line_ids, "move_id": move_ids, "product_id": [],
                     "product_uom_id": [], "lot_id": [], "location_id": [], "quantity": [],
                     "quantity_product_uom": [], "expiration_date": []}
        layer = {"id": layer_ids, "stock_move_id": move_ids, "product_id": [], "categ_id": [],
                 "description": [], "quantity": [], "unit_cost": [], "value": [],
                 "remaining_qty": [], "remaining_value": []}
        deltas = {}
        line_lots = []
        for line in lines:
            product = products[line.product_id]
            qty = line.qty
            # The quantity in the product's unit, as stock.move and stock.move.line
            # compute it (uom._compute_quantity to the same unit, HALF-UP): what the
            # quants and the layer count.
            base = float_round(qty, precision_rounding=product.rounding,
                               rounding_method="HALF-UP")
            if product.method == "standard":
                unit_cost = product.cost
                value = float_round(base * product.cost, precision_rounding=rounding)
            else:
                value = line.value if line.value else float_round(
                    base * (line.unit_cost or 0.0), precision_rounding=rounding)
                unit_cost = value / base if base else (line.unit_cost or 0.0)
            lot = lots.get((line.product_id, line.lot_name)) if line.lot_name else None
            line_lots.append(lot)
            move["product_id"].append(line.product_id)
            move["product_uom"].append(product.uom)
            move["product_uom_qty"].append(qty)
            move["product_qty"].append(base)
            move["location_id"].append(product.inventory)
            move["price_unit"].append(unit_cost)
            move_line["product_id"].append(line.product_id)
            move_line["product_uom_id"].append(product.uom)
            move_line["lot_id"].append(lot)
            move_line["location_id"].append(product.inventory)
            move_line["quantity"].append(qty)
            move_line["quantity_product_uom"].append(base)
            move_line["expiration_date"].append(self._lot_dates.get(lot, (None, None))[0])
            layer["product_id"].append(line.product_id)
            layer["categ_id"].append(product.categ)
            # stock.move._prepare_common_svl_vals
            layer["description"].append("%s - %s" % (name, product.name))
            layer["quantity"].append(base)
            # Stored at the Product Price precision, as the ORM rounds the layer's field.
            layer["unit_cost"].append(float_round(unit_cost, precision_digits=price_digits))
            layer["value"].append(value)
            layer["remaining_qty"].append(base)
            layer["remaining_value"].append(value)
            for location, sign in ((stock.id, 1), (product.inventory, -1)):
                key = (line.product_id, location, lot)
                deltas[key] = deltas.get(key, 0.0) + sign * base

        computed = self._sql_fields("stock.move")
        if "quantity" in computed:
            move["quantity"] = move["product_uom_qty"]
        for optional in ("product_qty",):
            if optional not in computed:
                del move[optional]
        self._insert("stock.move", move, {
            "name": name, "origin": "JXC", "company_id": self.company.id,
            "location_dest_id": stock.id, "state": "done", "procure_method": "make_to_stock",
            "picked": True, "propagate_cancel": True, "is_inventory": True,
            "additional": False, "sequence": 10, "date": now,
            **({"reference": name} if "reference" in computed else {}),
            **({"priority": "0"} if "priority" in computed else {}),
            **({"scrapped": stock.scrap_location} if "scrapped" in computed else {}),
            "create_uid": self.uid, "create_date": now, "write_uid": self.uid, "write_date": now,
        })
        self._mark_written("stock.move", GIVEN["stock.move"] | computed, move_ids)

        computed = self._sql_fields("stock.move.line")
        for optional in ("quantity_product_uom", "expiration_date"):
            if optional not in computed:
                del move_line[optional]
        self._insert("stock.move.line", move_line, {
            "company_id": self.company.id, "location_dest_id": stock.id, "date": now,
            **({"state": "done"} if "state" in computed else {}),
            **({"reference": name} if "reference" in computed else {}),
            **({"picked": True} if "picked" in computed else {}),
            "create_uid": self.uid, "create_date": now, "write_uid": self.uid, "write_date": now,
        })
        self._mark_written("stock.move.line", GIVEN["stock.move.line"] | computed,
                           move_line_ids)

        computed = self._sql_fields("stock.valuation.layer")
        if "categ_id" not in computed:
            del layer["categ_id"]
        self._insert("stock.valuation.layer", layer, {
            "company_id": self.company.id,
            "create_uid": self.uid, "create_date": now, "write_uid": self.uid, "write_date": now,
        })
        self._mark_written("stock.valuation.layer", computed, layer_ids)

        updated = self._update_quants(deltas, products, stock.id, now)
        self.cr.execute(
            "UPDATE jxc_legacy_stock_line l SET state = 'loaded', move_id = v.move,"
            " lot_id = v.lot FROM unnest(%s::int[], %s::int[], %s::int[]) AS v(id, move, lot)"
            " WHERE l.id = v.id",
            [[line.id for line in lines], move_ids, line_lots],
        )
        return updated

    def _update_quants(self, deltas, products, stock, now):
        """Add each line to the stock location's quant and take it from the inventory
        location's (Odoo keeps a negative quant there), as _update_available_quantity
        does: the first quant of the product, location and lot without package or owner,
        else a new one. Returns the updated quants, for the ORM."""
        cr = self.cr
        # The products' quants, sorted out here (as for the lots): the first one of each
        # product, location and lot without package or owner.
        cr.execute(
            "SELECT product_id, location_id, lot_id, id, quantity, in_date, package_id,"
            " owner_id FROM stock_quant WHERE product_id = ANY(%s) ORDER BY id",
            [list({key[0] for key in deltas})],
        )
        existing = {}
        for product_id, location_id, lot_id, *rest, package_id, owner_id in cr.fetchall():
            key = (product_id, location_id, lot_id)
            if key in deltas and not package_id and not owner_id:
                existing.setdefault(key, rest)
        counted = {name: [] for name in ("id", "qty", "in_date", "product_id", "location_id",
                                         "lot_id")}
        others = {name: [] for name in counted}
        computed = self._sql_fields("stock.quant")
        new = {name: [] for name in ("product_id", "location_id", "lot_id", "quantity",
                                     "inventory_quantity", "inventory_diff_quantity",
                                     "inventory_date")}
        related = [name for name in ("company_id", "storage_category_id", "expiration_date",
                                     "removal_date") if name in computed]
        for name in related:
            new[name] = []
        new_counted = []
        for (product_id, location_id, lot_id), qty in deltas.items():
            company, category, bypass, next_date = self._location(location_id)
            side = counted if location_id == stock else others
            if (product_id, location_id, lot_id) in existing:
                quant_id, quantity, in_date = existing[(product_id, location_id, lot_id)]
                # The oldest incoming date of the quant while it holds stock, else now.
                if not bypass and in_date and float_compare(
                        quantity, 0, precision_rounding=products[product_id].rounding) > 0:
                    in_date = min(in_date, now)
                else:
                    in_date = now
                side["id"].append(quant_id)
                side["qty"].append(qty)
                side["in_date"].append(in_date)
                side["product_id"].append(product_id)
                side["location_id"].append(location_id)
                side["lot_id"].append(lot_id)
                continue
            new["product_id"].append(product_id)
            new["location_id"].append(location_id)
            new["lot_id"].append(lot_id)
            new["quantity"].append(qty)
            if location_id == stock:
                new_counted.append(len(new["quantity"]) - 1)
                new["inventory_quantity"].append(0.0)
                new["inventory_diff_quantity"].append(0.0)
                new["inventory_date"].append(next_date)
            else:
                new["inventory_quantity"].append(None)
                new["inventory_diff_quantity"].append(
                    -qty if "inventory_diff_quantity" in computed else None)
                new["inventory_date"].append(
                    next_date if "inventory_date" in computed else None)
            lot_dates = self._lot_dates.get(lot_id, (None, None))
            values = {"company_id": company, "storage_category_id": category,
                      "expiration_date": lot_dates[0], "removal_date": lot_dates[1]}
            for name in related:
                new[name].append(values[name])
        if new["product_id"]:
            new = {"id": self._new_ids("stock.quant", len(new["product_id"])), **new}
            self._insert("stock.quant", new, {
                "reserved_quantity": 0.0, "in_date": now, "inventory_quantity_set": False,
                "create_uid": self.uid, "create_date": now, "write_uid": self.uid,
                "write_date": now,
            })
            self._mark_written("stock.quant", GIVEN["stock.quant"] | set(related) | (
                {"inventory_diff_quantity", "inventory_date"} & computed), new["id"])
            self._mark_written("stock.quant", COUNTED_QUANT,
                               [new["id"][index] for index in new_counted])
        updated = []
        counted_set = sql.SQL(
            ", inventory_quantity = 0, inventory_diff_quantity = 0,"
            " inventory_quantity_set = false, user_id = NULL, inventory_date = %s")
        for side, extra, params in ((counted, counted_set, [self._location(stock)[3]]),
                                    (others, sql.SQL(""), [])):
            if not side["id"]:
                continue
            cr.execute(sql.SQL(
                "UPDATE stock_quant q SET quantity = q.quantity + v.qty, in_date = v.in_date,"
                " write_uid = %s, write_date = %s{extra}"
                " FROM unnest(%s::int[], %s::numeric[], %s::timestamp[]) AS v(id, qty, in_date)"
                " WHERE q.id = v.id").format(extra=extra),
                [self.uid, now, *params, side["id"], side["qty"], side["in_date"]])
            # Quants without package or owner only were selected.
            self._many2one.append(("stock.quant", side["id"], {
                "product_id": side["product_id"], "location_id": side["location_id"],
                "lot_id": side["lot_id"], "package_id": [None] * len(side["id"]),
                "owner_id": [None] * len(side["id"])}))
            names = ["quantity", "in_date", "write_uid", "write_date"]
            if side is counted:
                names += sorted(COUNTED_QUANT)
                self._mark_written("stock.quant", COUNTED_QUANT, side["id"])
            updated.append(("stock.quant", side["id"], names))
        return updated

    # -------------------------------------------------------------------- ORM

    def _notify(self, updated):
        """Tell the ORM what the chunk's statements did, as a create and a write would:
        the new rows and the updated fields are ``modified`` (dependents in other models
        and modules are marked), the computed fields the statements wrote are protected,
        every other stored computed field of the new rows is computed; then flush."""
        env = self.env
        env.invalidate_all()
        # As a create leaves them in cache: modified() follows them back to the records
        # to mark, and would otherwise read the rows again.
        for model, ids, values in self._many2one:
            records = env[model].browse(ids)
            for name, column in values.items():
                env.cache.update(records, records._fields[name], column)
        protected = [
            ([env[model]._fields[name]], env[model].browse(ids))
            for (model, name), ids in self._written.items()
            if ids and env[model]._fields[name].compute
        ]
        with env.protecting(protected):
            for model, ids in self._new.items():
                records = env[model].browse(ids)
                records.modified(list(records._fields), create=True)
            for model, ids, names in updated:
                env[model].browse(ids).modified(names)
        for model, ids in self._new.items():
            records = env[model].browse(ids)
            for name, field in records._fields.items():
                if field.store and field.compute:
                    left = records - records.browse(self._written.get((model, name), ()))
                    if left:
                        _logger.debug("Opening stock: the ORM computes %s on %d rows",
                                      field, len(left))
                        env.add_to_compute(field, left)
        env.flush_all()

    def _load_orm(self, line_ids, lots):
        """Real-time valuation: Odoo's own path, so that its journal entries are made."""
        lines = self.env["jxc.legacy.stock.line"].browse(line_ids)
        stock = self.warehouse.lot_stock_id
        name = self._move_name()

        def lot_of(line):
            return lots.get((line.product_id.id, line.lot_name)) if line.lot_name else None

        moves = self.env["stock.move"].create([
            {
                "name": name,
                "origin": "JXC",
                "product_id": line.product_id.id,
                "product_uom": line.product_id.uom_id.id,
                "product_uom_qty": line.qty,
                "price_unit": (line.value / line.qty) if line.qty else line.unit_cost,
                "location_id": line.product_id.with_company(
                    self.company).property_stock_inventory.id,
                "location_dest_id": stock.id,
                "company_id": self.company.id,
                "is_inventory": True,
                # As stock.quant._get_inventory_move_values: _action_done does only what
                # is picked (without it the move stayed reserved, not done).
                "picked": True,
                "move_line_ids": [fields.Command.create({
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_id.uom_id.id,
                    "lot_id": lot_of(line),
                    "quantity": line.qty,
                    "location_id": line.product_id.with_company(
                        self.company).property_stock_inventory.id,
                    "location_dest_id": stock.id,
                    "picked": True,
                })],
            }
            for line in lines
        ])
        moves._action_done()
        for line, move in zip(lines, moves, strict=True):
            line.write({"state": "loaded", "move_id": move.id, "lot_id": lot_of(line)})
        self.env.flush_all()

    # --------------------------------------------------------------- rollback

    def _loaded(self):
        return self.env["jxc.legacy.stock.line"].search(
            [("warehouse_id", "=", self.warehouse.id), ("state", "=", "loaded")])

    def dependents(self):
        """Later done stock operations on what the load made: the products it loaded in
        this warehouse's locations, or its lots anywhere."""
        loaded = self._loaded()
        if not loaded:
            return []
        moves = loaded.move_id
        self.cr.execute(
            "SELECT ml.reference, ml.date, pt.default_code, l.name, ml.quantity"
            " FROM stock_move_line ml JOIN product_product pp ON pp.id = ml.product_id"
            " JOIN product_template pt ON pt.id = pp.product_tmpl_id"
            " LEFT JOIN stock_lot l ON l.id = ml.lot_id"
            " JOIN stock_location src ON src.id = ml.location_id"
            " JOIN stock_location dst ON dst.id = ml.location_dest_id"
            " WHERE ml.state = 'done' AND NOT (ml.move_id = ANY(%s))"
            # Other warehouses' opening moves share lots with this one: not later use.
            " AND NOT EXISTS (SELECT 1 FROM jxc_legacy_stock_line s"
            "                 WHERE s.move_id = ml.move_id)"
            " AND (ml.lot_id = ANY(%s) OR (ml.product_id = ANY(%s) AND"
            " (src.warehouse_id = %s OR dst.warehouse_id = %s)))"
            " ORDER BY ml.date LIMIT 50",
            [moves.ids, loaded.lot_id.ids, loaded.product_id.ids, self.warehouse.id,
             self.warehouse.id],
        )
        return [
            self.env._("%(ref)s on %(date)s: %(product)s %(lot)s × %(qty)s",
                       ref=ref or "-", date=date, product=code or "", lot=lot or "", qty=qty)
            for ref, date, code, lot, qty in self.cr.fetchall()
        ]

    def rollback(self):
        blockers = self.dependents()
        if blockers:
            raise UserError(self.env._(
                "The opening stock of %(warehouse)s cannot be rolled back: later operations "
                "use it:\n%(list)s\n期初库存已被后续业务使用, 不能回滚。",
                warehouse=self.warehouse.display_name, list="\n".join(blockers)))
        loaded = self._loaded()
        if not loaded:
            return {"lines": 0, "lots_removed": 0}
        cr = self.cr
        moves = loaded.move_id
        products = loaded.product_id
        lot_ids = loaded.lot_id.ids
        if moves.filtered(lambda move: move.sudo().account_move_ids):
            raise UserError(self.env._(
                "The opening stock of %(warehouse)s was valued in real time: reverse its "
                "journal entries by an inventory adjustment instead of a rollback.\n"
                "该仓期初库存为实时计价, 请用盘点调整冲回, 不能直接回滚。",
                warehouse=self.warehouse.display_name))
        self.cr.execute(
            "SELECT ml.product_id, ml.location_id, ml.location_dest_id, ml.lot_id, ml.quantity"
            " FROM stock_move_line ml WHERE ml.move_id = ANY(%s)", [moves.ids])
        deltas = {}
        for product, source, dest, lot, qty in cr.fetchall():
            deltas[(product, dest, lot)] = deltas.get((product, dest, lot), 0.0) - qty
            deltas[(product, source, lot)] = deltas.get((product, source, lot), 0.0) + qty
        execute_values(
            cr,
            "UPDATE stock_quant q SET quantity = q.quantity + v.qty"
            " FROM (VALUES %s) AS v(product, location, lot, qty)"
            " WHERE q.product_id = v.product AND q.location_id = v.location"
            " AND q.lot_id IS NOT DISTINCT FROM v.lot::int AND q.package_id IS NULL"
            " AND q.owner_id IS NULL",
            [(p, loc, lot, qty) for (p, loc, lot), qty in deltas.items()],
        )
        cr.execute(
            "DELETE FROM stock_quant WHERE product_id = ANY(%s) AND quantity = 0"
            " AND reserved_quantity = 0 AND package_id IS NULL AND owner_id IS NULL",
            [products.ids],
        )
        cr.execute("DELETE FROM stock_valuation_layer WHERE stock_move_id = ANY(%s)",
                   [moves.ids])
        cr.execute("DELETE FROM stock_move_line WHERE move_id = ANY(%s)", [moves.ids])
        cr.execute("UPDATE jxc_legacy_stock_line SET state = 'pending', move_id = NULL,"
                   " lot_id = NULL WHERE id = ANY(%s)", [loaded.ids])
        cr.execute("DELETE FROM stock_move WHERE id = ANY(%s)", [moves.ids])
        # The load counted the stock location as Odoo's apply does; without its moves,
        # the location was last counted by the latest inventory move left, if any.
        cr.execute(
            "UPDATE stock_location l SET last_inventory_date = ("
            " SELECT MAX(m.date)::date FROM stock_move m WHERE m.state = 'done'"
            " AND m.is_inventory AND l.id IN (m.location_id, m.location_dest_id))"
            " WHERE l.id = %s", [self.warehouse.lot_stock_id.id])
        self.env.invalidate_all()
        # Lots the load created and that nothing else uses any more go through the ORM,
        # so that whatever other modules attached to them follows.
        cr.execute(
            "SELECT l.id FROM stock_lot l WHERE l.id = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM stock_move_line ml WHERE ml.lot_id = l.id)"
            " AND NOT EXISTS (SELECT 1 FROM stock_quant q WHERE q.lot_id = l.id)"
            " AND NOT EXISTS (SELECT 1 FROM jxc_legacy_stock_line s WHERE s.lot_id = l.id)",
            [lot_ids],
        )
        unused = [lot_id for (lot_id,) in cr.fetchall()]
        self.env["stock.lot"].browse(unused).unlink()
        lots_removed = len(unused)
        self._update_costs({p.id: None for p in products if p.cost_method != "standard"})
        self.env.flush_all()
        return {"lines": len(loaded), "lots_removed": lots_removed}
