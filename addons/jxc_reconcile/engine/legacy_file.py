"""A new legacy snapshot read from files, as rows for PostgreSQL's COPY.

The ORM layer reads the files with jxc_upgrade's engine (``load_sources`` and
``clean``), then streams the accepted records into temporary tables shaped like the
``jxc_legacy_*`` tables with :func:`copy_text`, and hashes what it compared with
:func:`snapshot_hash`.
"""

import datetime
import hashlib
from decimal import Decimal

STOCK_COLUMNS = ("warehouse_code", "product_code", "lot_name", "expiry_date", "qty",
                 "unit_cost", "value", "file_name", "row_number")
PARTNER_COLUMNS = ("partner_code", "receivable", "payable", "file_name", "row_number")
ORDER_COLUMNS = ("number", "kind", "partner_code", "warehouse_code", "product_code", "qty",
                 "done_qty", "open_qty", "price", "file_name", "row_number")


def stock_rows(records):
    for record in records:
        v = record.values
        yield (v["warehouse_code"], v["product_code"], v.get("lot") or None,
               v.get("expiry_date"), v["qty"], v.get("unit_cost"), v.get("value"),
               record.file, record.row)


def partner_rows(records):
    for record in records:
        v = record.values
        if v.get("ar") is None and v.get("ap") is None:
            continue
        yield (v["code"], v.get("ar") or 0, v.get("ap") or 0, record.file, record.row)


def order_rows(records):
    for record in records:
        v = record.values
        yield (v["number"], v["kind"], v["partner_code"], v["warehouse_code"],
               v["product_code"], v["qty"], v.get("done_qty") or 0, v["open_qty"],
               v.get("price") or 0, record.file, record.row)


def _cell(value):
    if value is None:
        return "\\N"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def copy_text(rows):
    """Rows as the text format of COPY … FROM STDIN (tab separated, \\N for NULL)."""
    return "".join("\t".join(_cell(c) for c in row) + "\n" for row in rows)


def snapshot_hash(*texts):
    """SHA-256 of the COPY texts of the snapshot, in order."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()
