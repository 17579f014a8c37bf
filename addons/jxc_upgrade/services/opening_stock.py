# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load a warehouse's opening stock: lots, quants, moves and valuation layers.

Odoo's own way is an inventory adjustment: a quant per product/lot, then
``action_apply_inventory``, which makes one done move (inventory location → stock) per
quant, its move line, the quants of both locations and a valuation layer, one record
at a time. Here the same rows are written set-based:

* lots are created by the ORM in batches (product_expiry derives its dates from them);
* when every product is valued periodically (Odoo's default, and l10n_cn's), moves,
  move lines, valuation layers and quants are inserted in a few statements per chunk,
  with the columns Odoo's inventory apply writes, and then every stored computed field
  of the new rows is recomputed by the ORM, so that what other modules compute from
  them (expiry dates of quants, alert states …) stays right;
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

import datetime
import logging

from psycopg2.extras import execute_values

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import float_round

_logger = logging.getLogger(__name__)

CHUNK = 5000
LOAD_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "active_test": False,
    # The rollout lock lets the cut-over's own moves through (stock_picking.py).
    "jxc_cutover_load": True,
}


def expiry_datetime(day):
    """Lots expire at the start of the legacy date, in UTC: the date part is the legacy
    date wherever it is read, and the expiry addon compares dates."""
    return datetime.datetime.combine(day, datetime.time.min) if day else None


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
        self._new_quants = []

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

    def _pending(self, lines=None):
        Line = self.env["jxc.legacy.stock.line"]
        if lines is not None:
            return lines.filtered(lambda line: line.state == "pending")
        batch = self._batch()
        if not batch:
            return Line
        return Line.search([("batch_id", "=", batch.id), ("warehouse_id", "=", self.warehouse.id),
                            ("state", "=", "pending")], order="id")

    # ------------------------------------------------------------------- lots

    def _lots(self, lines):
        """(product_id, lot name) → lot id, creating the missing lots in one batch."""
        products = lines.product_id
        tracked = {p.id for p in products if p.tracking != "none"}
        wanted = {}
        for line in lines:
            if line.product_id.id in tracked and line.lot_name:
                wanted.setdefault((line.product_id.id, line.lot_name), line)
        if not wanted:
            return {}, 0
        self.cr.execute(
            "SELECT product_id, name, id FROM stock_lot WHERE company_id = %s"
            " AND product_id = ANY(%s) AND name = ANY(%s)",
            [self.company.id, list({k[0] for k in wanted}), list({k[1] for k in wanted})],
        )
        found = {(product, name): lot for product, name, lot in self.cr.fetchall()}
        missing = [key for key in wanted if key not in found]
        if missing:
            has_production = "production_date" in self.env["stock.lot"]._fields
            now = fields.Datetime.now()
            rows = []
            for product_id, name in missing:
                line = wanted[(product_id, name)]
                row = [name, product_id, self.company.id, expiry_datetime(line.expiry_date),
                       self.uid, now, self.uid, now]
                if has_production:
                    row.append(line.production_date)
                rows.append(tuple(row))
            created = execute_values(
                self.cr,
                "INSERT INTO stock_lot (name, product_id, company_id, expiration_date,"
                " create_uid, create_date, write_uid, write_date%s) VALUES %%s RETURNING id"
                % (", production_date" if has_production else ""),
                rows,
                fetch=True,
                page_size=len(rows),
            )
            for key, (lot_id,) in zip(missing, created, strict=True):
                found[key] = lot_id
            # A new lot has no computed value yet: every computed field but the
            # expiry the legacy gave (product_expiry then derives its alert dates).
            self._recompute({"stock.lot": [lot_id for (lot_id,) in created]},
                            all_computed=("stock.lot",))
        return found, len(missing)

    # --------------------------------------------------------------- valuation

    def _costing(self, products):
        """product id → (cost method, real time?, inventory location id, cost)."""
        result = {}
        for product in products.with_company(self.company):
            result[product.id] = (
                product.cost_method,
                product.valuation == "real_time",
                product.property_stock_inventory.id,
                product.standard_price,
            )
        return result

    # ------------------------------------------------------------------- load

    def load(self, lines=None):
        pending = self._pending(lines)
        totals = {"lines": 0, "lots_created": 0, "qty": 0.0, "value": 0.0, "skipped": 0,
                  "orm_lines": 0}
        if not pending:
            return totals
        for start in range(0, len(pending), CHUNK):
            chunk = pending[start:start + CHUNK]
            counts = self._load_chunk(chunk)
            for key, value in counts.items():
                totals[key] += value
            if self.commit_chunks:
                self.cr.commit()  # pylint: disable=invalid-commit
        totals["value"] = float_round(totals["value"], 2)
        return totals

    def _load_chunk(self, chunk):
        skipped = chunk.filtered(lambda line: not line.product_id)
        lines = chunk - skipped
        lots, lots_created = self._lots(lines)
        costing = self._costing(lines.product_id)
        orm_lines = lines.filtered(lambda line: costing[line.product_id.id][1])
        sql_lines = lines - orm_lines
        if sql_lines:
            self._load_sql(sql_lines, lots, costing)
        if orm_lines:
            self._load_orm(orm_lines, lots)
        return {
            "lines": len(lines),
            "lots_created": lots_created,
            "qty": sum(lines.mapped("qty")),
            "value": sum(lines.mapped("value")),
            "skipped": len(skipped),
            "orm_lines": len(orm_lines),
        }

    def _move_name(self):
        batch = self._batch()
        return self.env._("Opening stock %(batch)s", batch=batch.name or "")

    def _line_lot(self, line, lots):
        return lots.get((line.product_id.id, line.lot_name)) if line.lot_name else None

    def _load_sql(self, lines, lots, costing):
        cr = self.cr
        now = fields.Datetime.now()
        stock = self.warehouse.lot_stock_id.id
        name = self._move_name()
        rounding = self.company.currency_id.rounding
        rows = []
        for line in lines:
            method, _real, inventory, cost = costing[line.product_id.id]
            qty = line.qty
            if method == "standard":
                unit_cost, value = cost, float_round(qty * cost, precision_rounding=rounding)
            else:
                value = line.value if line.value else float_round(
                    qty * (line.unit_cost or 0.0), precision_rounding=rounding)
                unit_cost = value / qty if qty else (line.unit_cost or 0.0)
            rows.append((line, self._line_lot(line, lots), inventory, qty, unit_cost, value))
        move_ids = execute_values(
            cr,
            "INSERT INTO stock_move (name, reference, origin, company_id, product_id,"
            " product_uom, product_uom_qty, product_qty, quantity, location_id,"
            " location_dest_id, state, procure_method, picked, scrapped, propagate_cancel,"
            " is_inventory, additional, priority, sequence, price_unit, date,"
            " create_uid, create_date, write_uid, write_date) VALUES %s RETURNING id",
            [
                (name, name, "JXC", self.company.id, line.product_id.id,
                 line.product_id.uom_id.id, qty, qty, qty, inventory, stock, "done",
                 "make_to_stock", True, False, True, True, False, "0", 10, unit_cost, now,
                 self.uid, now, self.uid, now)
                for line, _lot, inventory, qty, unit_cost, _value in rows
            ],
            fetch=True,
            page_size=len(rows),
        )
        move_ids = [row[0] for row in move_ids]
        lot_expiry = {}
        if "expiration_date" in self.env["stock.move.line"]._fields:
            cr.execute("SELECT id, expiration_date FROM stock_lot WHERE id = ANY(%s)",
                       [[lot for _l, lot, *_r in rows if lot]])
            lot_expiry = dict(cr.fetchall())
        else:
            self.WRITTEN = dict(self.WRITTEN, **{"stock.move.line": self.WRITTEN[
                "stock.move.line"] - {"expiration_date"}})
        move_line_ids = execute_values(
            cr,
            "INSERT INTO stock_move_line (move_id, company_id, product_id, product_uom_id,"
            " lot_id, location_id, location_dest_id, state, reference, quantity,"
            " quantity_product_uom, picked, date, expiration_date, create_uid, create_date,"
            " write_uid, write_date) VALUES %s RETURNING id",
            [
                (move_id, self.company.id, line.product_id.id, line.product_id.uom_id.id, lot,
                 inventory, stock, "done", name, qty, qty, True, now,
                 lot_expiry.get(lot), self.uid, now, self.uid, now)
                for move_id, (line, lot, inventory, qty, _u, _v) in zip(move_ids, rows,
                                                                        strict=True)
            ],
            fetch=True,
            page_size=len(rows),
        )
        layer_ids = execute_values(
            cr,
            "INSERT INTO stock_valuation_layer (company_id, product_id, categ_id,"
            " stock_move_id, description, quantity, unit_cost, value, remaining_qty,"
            " remaining_value, create_uid, create_date, write_uid, write_date)"
            " VALUES %s RETURNING id",
            [
                (self.company.id, line.product_id.id, line.product_id.categ_id.id, move_id,
                 "%s - %s" % (name, line.product_id.display_name), qty, unit_cost, value,
                 qty, value, self.uid, now, self.uid, now)
                for move_id, (line, _lot, _inv, qty, unit_cost, value) in zip(
                    move_ids, rows, strict=True)
            ],
            fetch=True,
            page_size=len(rows),
        )
        quant_ids = self._update_quants(rows, stock, now)
        execute_values(
            cr,
            "UPDATE jxc_legacy_stock_line l SET state = 'loaded', move_id = v.move,"
            " lot_id = v.lot FROM (VALUES %s) AS v(id, move, lot) WHERE l.id = v.id",
            [(line.id, move_id, lot) for move_id, (line, lot, *_rest) in zip(
                move_ids, rows, strict=True)],
            page_size=len(rows),
        )
        self._update_costs({line.product_id for line, *_rest in rows
                            if costing[line.product_id.id][0] != "standard"})
        self._recompute({
            "stock.move": move_ids,
            "stock.move.line": [row[0] for row in move_line_ids],
            "stock.valuation.layer": [row[0] for row in layer_ids],
            "stock.quant": quant_ids,
        }, extra=[("stock.quant", "inventory_date", self._new_quants)])
        self.env["jxc.legacy.stock.line"].invalidate_model()

    def _update_quants(self, rows, stock, now):
        """Add each line to the stock location's quant and take it from the inventory
        location's (Odoo keeps a negative quant there), one statement per side."""
        deltas = {}
        for line, lot, inventory, qty, _u, _v in rows:
            for location, sign in ((stock, 1), (inventory, -1)):
                key = (line.product_id.id, location, lot)
                deltas[key] = deltas.get(key, 0.0) + sign * qty
        cr = self.cr
        values = [(p, loc, lot, qty, self.company.id, self.uid, now)
                  for (p, loc, lot), qty in deltas.items()]
        updated = execute_values(
            cr,
            "UPDATE stock_quant q SET quantity = q.quantity + v.qty, write_uid = v.uid,"
            " inventory_diff_quantity = COALESCE(q.inventory_quantity, 0)"
            " - (q.quantity + v.qty),"
            " write_date = v.now FROM (VALUES %s) AS v(product, location, lot, qty, company,"
            " uid, now) WHERE q.product_id = v.product AND q.location_id = v.location"
            " AND q.lot_id IS NOT DISTINCT FROM v.lot::int AND q.package_id IS NULL"
            " AND q.owner_id IS NULL AND q.company_id = v.company"
            " RETURNING q.id, q.product_id, q.location_id, q.lot_id",
            values,
            fetch=True,
            page_size=max(len(values), 1),
        )
        done = {(p, loc, lot) for _id, p, loc, lot in updated}
        inserts = [(p, loc, lot, qty) for p, loc, lot, qty, *_rest in values
                   if (p, loc, lot) not in done]
        inserted = []
        if inserts:
            inserted = execute_values(
                cr,
                "INSERT INTO stock_quant (product_id, location_id, lot_id, quantity,"
                " reserved_quantity, company_id, in_date, inventory_quantity_set,"
                " inventory_diff_quantity, expiration_date, removal_date,"
                " create_uid, create_date, write_uid, write_date)"
                " SELECT v.product, v.location, v.lot, v.qty, 0, v.company, v.now, false,"
                " -v.qty, l.expiration_date, l.removal_date, v.uid, v.now, v.uid, v.now"
                " FROM (VALUES %s) AS v(product, location, lot, qty, company, now, uid)"
                " LEFT JOIN stock_lot l ON l.id = v.lot::int RETURNING id",
                [(p, loc, lot, qty, self.company.id, now, self.uid)
                 for p, loc, lot, qty in inserts],
                fetch=True,
                page_size=len(inserts),
            )
        self._new_quants = [row[0] for row in inserted]
        return [row[0] for row in updated] + self._new_quants

    def _update_costs(self, products):
        """AVCO/FIFO: the product's cost is its layers' value over their quantity, as
        Odoo's receipts leave it."""
        if not products:
            return
        ids = [p.id for p in products]
        self.cr.execute(
            "SELECT product_id, SUM(value), SUM(quantity) FROM stock_valuation_layer"
            " WHERE company_id = %s AND product_id = ANY(%s) GROUP BY product_id",
            [self.company.id, ids],
        )
        Product = self.env["product.product"]
        for product_id, value, qty in self.cr.fetchall():
            if qty and qty > 0:
                Product.browse(product_id).with_company(self.company).with_context(
                    disable_auto_svl=True).standard_price = value / qty

    # Columns the inserts write, computed fields among them: not recomputed.
    WRITTEN = {
        "stock.move": {"reference", "priority", "scrapped", "location_id", "location_dest_id",
                       "picked", "product_qty", "product_uom", "quantity"},
        "stock.move.line": {"quantity_product_uom", "state", "location_id",
                            "location_dest_id", "picked", "product_uom_id", "quantity",
                            "reference", "expiration_date"},
        "stock.valuation.layer": {"categ_id"},
        "stock.quant": {"company_id", "inventory_diff_quantity", "expiration_date",
                        "removal_date"},
        "stock.lot": {"expiration_date", "production_date", "company_id", "name", "product_id"},
    }

    def _recompute(self, ids_by_model, extra=(), all_computed=()):
        """Recompute the stored computed fields of the inserted rows that the inserts did
        not write, and tell the ORM what changed, so that every module's fields that
        depend on these rows follow (another addon's stored field on quants or lots is
        computed as if the ORM had made the rows).

        An editable computed field (``location_dest_id`` of a move) is a default the
        insert already wrote. ``extra``: (model, field, ids) to compute too, e.g. the
        inventory date of the quants the load created."""
        self.env.invalidate_all()
        for model, ids in ids_by_model.items():
            records = self.env[model].browse(ids)
            written = self.WRITTEN.get(model, set())
            records.modified([name for name, field in records._fields.items()
                              if field.store and not field.compute])
            for name, field in records._fields.items():
                if not (field.store and field.compute):
                    continue
                if (field.readonly or model in all_computed) and name not in written:
                    self.env.add_to_compute(field, records)
                else:
                    self.env.remove_to_compute(field, records)
        for model, fname, ids in extra:
            self.env.add_to_compute(self.env[model]._fields[fname], self.env[model].browse(ids))
        self.env.flush_all()

    def _load_orm(self, lines, lots):
        """Real-time valuation: Odoo's own path, so that its journal entries are made."""
        stock = self.warehouse.lot_stock_id
        name = self._move_name()
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
                "move_line_ids": [fields.Command.create({
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_id.uom_id.id,
                    "lot_id": self._line_lot(line, lots),
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
            line.write({"state": "loaded", "move_id": move.id,
                        "lot_id": self._line_lot(line, lots)})

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
        self._update_costs({p for p in products if p.cost_method != "standard"})
        self.env.flush_all()
        return {"lines": len(loaded), "lots_removed": lots_removed}
