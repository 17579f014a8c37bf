"""Reading legacy exports into :class:`Table` blocks.

The format is sniffed from the bytes, never from the extension: 管家婆 saves HTML tables
as ``.xls``, and users rename files. Every failure that makes a whole file unusable is a
:class:`ReadError` that names the file, in Chinese and English.
"""

import codecs
import csv
import dataclasses
import datetime
import hashlib
import io
import os
import re
import warnings

import chardet
import openpyxl
import xlrd
from lxml import etree
from lxml import html as lxml_html

from . import messages
from .cleaning import to_halfwidth

HEADER_SCAN_ROWS = 30
SNIFF_BYTES = 4096
DELIMITERS = (",", ";", "\t", "|")
TOTAL_LABELS = ("合计", "总计", "总合计")

XLS_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK"

# Every name under which GBK-family text is declared; GB18030 decodes all of them.
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "euccn", "ms936",
               "csgb2312", "gb18030", "936", "windows-936"}
# chardet is only trusted for multi-byte encodings: a single-byte guess (latin-1 & co.)
# decodes any bytes at all, which would hide a broken file behind garbled text.
_CHARDET_TRUSTED = {"big5", "shift_jis", "euc-jp", "euc-kr", "cp949", "utf-16", "utf-32"}


@dataclasses.dataclass
class Table:
    """One header + data block read from one sheet of one file."""

    file: str
    sheet: str
    entity: str | None
    header: list
    header_row: int
    rows: list
    total_row: tuple | None
    file_hash: str
    encoding: str | None

    def to_json(self):
        return {
            "file": self.file,
            "sheet": self.sheet,
            "entity": self.entity,
            "header": list(self.header),
            "header_row": self.header_row,
            "rows": [[number, list(cells)] for number, cells in self.rows],
            "total_row": (
                None if self.total_row is None
                else [self.total_row[0], list(self.total_row[1])]
            ),
            "file_hash": self.file_hash,
            "encoding": self.encoding,
        }

    @classmethod
    def from_json(cls, data):
        total = data.get("total_row")
        return cls(
            file=data["file"],
            sheet=data.get("sheet", ""),
            entity=data.get("entity"),
            header=list(data["header"]),
            header_row=data["header_row"],
            rows=[(number, list(cells)) for number, cells in data["rows"]],
            total_row=None if total is None else (total[0], list(total[1])),
            file_hash=data.get("file_hash", ""),
            encoding=data.get("encoding"),
        )


class ReadError(Exception):
    """A file that cannot be read at all. ``str()`` gives the Chinese and the English text."""

    def __init__(self, file, code, row=None, column=None, variant=None, **params):
        self.file = file
        self.code = code
        self.row = row
        self.column = column
        self.params = params
        key = "%s.%s" % (code, variant) if variant else code
        # The column of a missing-columns error is a list, not a place: keep it out of
        # the location prefix.
        where = None if code == "missing_columns" else column
        self.message_zh, self.message_en = messages.render_both(
            key, file, row, where, catalogue=messages.READ_ERRORS, **params
        )
        super().__init__(self.message_zh, self.message_en)

    def __str__(self):
        return "%s\n%s" % (self.message_zh, self.message_en)


# ------------------------------------------------------------------------ sniffing

def _strip_bom(data):
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return data[len(bom):], bom
    return data, b""


def _utf16_without_bom(data):
    """'le'/'be' when ``data`` looks like UTF-16 text without a BOM (NULs every other byte)."""
    head = data[:SNIFF_BYTES]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.1:
        return "le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.1:
        return "be"
    return None


def _head_text(data):
    """The first bytes as lower-case ASCII-ish text, whatever the text encoding."""
    head, bom = _strip_bom(data[:SNIFF_BYTES])
    if bom == codecs.BOM_UTF16_LE or (not bom and _utf16_without_bom(head) == "le"):
        return head.decode("utf-16-le", "ignore").lower()
    if bom == codecs.BOM_UTF16_BE or (not bom and _utf16_without_bom(head) == "be"):
        return head.decode("utf-16-be", "ignore").lower()
    # Non-ASCII bytes of GBK and UTF-8 both decode harmlessly as latin-1 here: only the
    # ASCII markup matters.
    return head.decode("latin-1").lower()


def sniff(data):
    """'xls' (BIFF in a compound document), 'xlsx' (zip), 'html' or 'csv'."""
    if data.startswith(XLS_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    head = _head_text(data)
    if head.lstrip().startswith("<") or "<table" in head:
        return "html"
    return "csv"


# ------------------------------------------------------------------------ decoding

def _codec_name(name):
    name = (name or "").strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data, file, declared=None, fallback_to_auto=True):
    """(text, encoding): BOM first, then ``declared``, then UTF-8, then GB18030.

    GB18030 is a superset of GBK and GB2312, so GBK exports decode with it as they are.
    """
    body, bom = _strip_bom(data)
    if bom == codecs.BOM_UTF8:
        return _decode(body, "utf-8", file, "utf-8-sig"), "utf-8-sig"
    if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
        return _decode(body, codec, file, "utf-16"), "utf-16"
    order = _utf16_without_bom(data)
    if order:
        codec = "utf-16-%s" % order
        return _decode(data, codec, file, codec), codec
    if b"\x00" in data[:65536]:
        raise ReadError(file, "undecodable", tried="binary data (NUL bytes)")
    tried = []
    candidates = []
    if declared and _codec_name(declared):
        candidates.append(_codec_name(declared))
    if fallback_to_auto or not candidates:
        candidates += ["utf-8", "gb18030"]
    last_error = None
    for codec in dict.fromkeys(candidates):
        tried.append(codec)
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            # The last codec tried is the most permissive: where it fails is the place
            # to look at.
            last_error = exc
    if fallback_to_auto:
        guess = chardet.detect(data[:65536])
        codec = _codec_name(guess.get("encoding"))
        if codec and codec in _CHARDET_TRUSTED and (guess.get("confidence") or 0) >= 0.8:
            tried.append(codec)
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                # chardet's guess fails too: the error below names every codec tried.
                last_error = last_error or exc
    row = data[: last_error.start].count(b"\n") + 1 if last_error else None
    raise ReadError(file, "undecodable", row=row, tried=", ".join(tried))


def _decode(data, codec, file, label):
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise ReadError(file, "undecodable", row=row, tried=label) from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)


def html_charset(data):
    """The charset a <meta> of the first 4 KB declares, or None."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


# ------------------------------------------------------------------------- readers
# Each reader returns [(sheet name, rows, encoding)]; rows are lists of JSON-safe cells.

def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _xls_cell(cell, datemode):
    ctype, value = cell.ctype, cell.value
    if ctype == xlrd.XL_CELL_TEXT:
        return value if value.strip() else None
    if ctype == xlrd.XL_CELL_NUMBER:
        return _number(value)
    if ctype == xlrd.XL_CELL_DATE:
        try:
            parts = xlrd.xldate_as_tuple(value, datemode)
        except xlrd.xldate.XLDateError:
            return _number(value)  # 1900-01/02 serials are ambiguous: cleaning decides
        if parts[0] == 0:
            return "%02d:%02d:%02d" % parts[3:]
        return "%04d-%02d-%02d" % parts[:3]
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    return None


def read_xls(data, file):
    # xlrd writes its warnings to stdout unless given a log of its own; one per call, as
    # Odoo reads files in several threads.
    log = io.StringIO()
    try:
        book = xlrd.open_workbook(file_contents=data, logfile=log)
        if book.biff_version < 80 and book.encoding in ("latin_1", "iso-8859-1", "ascii"):
            # BIFF5 files without a codepage record come from Chinese systems that wrote
            # GBK: xlrd's latin-1 default would turn every name into mojibake.
            book = xlrd.open_workbook(
                file_contents=data, logfile=log, encoding_override="gb18030"
            )
        grids = []
        for sheet in book.sheets():
            datemode = book.datemode
            rows = [
                [_xls_cell(cell, datemode) for cell in sheet.row(index)]
                for index in range(sheet.nrows)
            ]
            grids.append((sheet.name, rows, None))
    except ReadError:
        raise
    except Exception as exc:  # xlrd raises anything from XLRDError to IndexError
        raise ReadError(
            file, "corrupt_file", kind="Excel 97-2003 (.xls)", detail=_detail(exc)
        ) from None
    return grids


def _xlsx_cell(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, int):
        return value
    text = str(value)
    return text if text.strip() else None


def read_xlsx(data, file):
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and data validation it does not read.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                grids = []
                for sheet in book.worksheets:
                    # Exporters often write a wrong <dimension> (e.g. A1:A1); without the
                    # reset, read-only mode would silently cut the sheet to it.
                    sheet.reset_dimensions()
                    rows = [
                        [_xlsx_cell(value) for value in row]
                        for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)
                    ]
                    grids.append((sheet.title, rows, None))
            finally:
                book.close()
    except Exception as exc:  # zipfile, XML and openpyxl errors alike
        raise ReadError(
            file, "corrupt_file", kind="Excel 2007+ (.xlsx)", detail=_detail(exc)
        ) from None
    return grids


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _html_cell_text(cell):
    text = cell.text_content().replace("\xa0", " ").strip()
    return text or None


def read_html(data, file, declared=None):
    meta = html_charset(data)
    text, encoding = decode_text(data, file, declared=meta or declared, fallback_to_auto=True)
    # lxml refuses str input that still carries an XML encoding declaration.
    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        raise ReadError(file, "empty_file")
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(file, "corrupt_file", kind="HTML", detail=_detail(exc)) from None
    grids = []
    for table in root.iter("table"):
        rows = []
        for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = []
            for cell in tr.xpath("./td|./th"):
                cells.append(_html_cell_text(cell))
                try:
                    span = int(cell.get("colspan") or 1)
                except ValueError:
                    span = 1
                cells.extend([None] * (max(span, 1) - 1))
            rows.append(cells)
        if rows:
            grids.append(rows)
    if not grids:
        # A page without any table (a login or error page saved as .xls) holds no data.
        raise ReadError(file, "no_header", variant="html", encoding=encoding)
    if len(grids) == 1:
        return [("", grids[0], encoding)]
    return [("table %d" % (index + 1), rows, encoding) for index, rows in enumerate(grids)]


def _csv_cell(text):
    if not text or not text.strip():
        return None
    if text.startswith('="') and text.endswith('"'):
        # ="0012345": Excel's way to keep leading zeros in CSV, used by 金蝶 exports.
        return text[2:-1] or None
    return text


def sniff_delimiter(text):
    """The delimiter among , ; tab | that splits the first lines most consistently."""
    lines = [line for line in text.splitlines()[:200] if line.strip()][:HEADER_SCAN_ROWS]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        counts = [count for count in counts if count > 1]
        if not counts:
            continue
        mode = max(set(counts), key=lambda count: (counts.count(count), count))
        score = (counts.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data, file, declared=None):
    declared = None if (declared or "auto") == "auto" else declared
    text, encoding = decode_text(data, file, declared=declared, fallback_to_auto=not declared)
    if not text.strip():
        raise ReadError(file, "empty_file")
    delimiter = sniff_delimiter(text)
    try:
        rows = [
            [_csv_cell(cell) for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ReadError(file, "corrupt_file", kind="CSV", detail=_detail(exc)) from None
    return [("", rows, encoding)]


def _detail(exc):
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."


# -------------------------------------------------------------------- header rules

_WHITESPACE = re.compile(r"\s+")
_PAREN_SUFFIX = re.compile(r"\(.*\)$")


def header_text(cell):
    """A header cell as Table.header keeps it: stripped, full-width forms made ASCII."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return to_halfwidth(str(cell)).strip()


def header_key(text):
    """What header matching compares: no white space at all ('有效期\\n至' is '有效期至')."""
    return _WHITESPACE.sub("", header_text(text))


def _loose(key):
    return _PAREN_SUFFIX.sub("", key)


def _entity_lookups(profile):
    lookups = {}
    for entity, spec in (profile.get("entities") or {}).items():
        exact, loose = {}, {}
        for head, field in (spec.get("columns") or {}).items():
            key = header_key(head)
            exact.setdefault(key, field)
            loose.setdefault(_loose(key), field)
        # dict.fromkeys: a profile rebuilt from records may list a field twice.
        lookups[entity] = (exact, loose, tuple(dict.fromkeys(spec.get("required") or ())))
    return lookups


def column_map(header, profile, entity):
    """{column index: canonical field} of ``header`` for ``entity``; the first column
    wins when two columns map to the same field."""
    exact, loose, _required = _entity_lookups(profile)[entity]
    return _match(header, exact, loose)


def _match(cells, exact, loose):
    mapping, used = {}, set()
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        field = exact.get(key) or loose.get(_loose(key))
        if field and field not in used:
            mapping[index] = field
            used.add(field)
    return mapping


@dataclasses.dataclass
class HeaderMatch:
    index: int           # 0-based position in the grid
    entity: str
    mapping: dict        # column index -> field
    missing: list        # required fields without a column


def match_header(cells, profile):
    """The best entity for one candidate header row, or None when nothing matches.

    The best entity is the one most columns match, so that a stock sheet (which also
    has 商品编号 and 商品全名) is stock, not product, even when it lacks a column."""
    best = None
    for entity, (exact, loose, required) in _entity_lookups(profile).items():
        mapping = _match(cells, exact, loose)
        if not mapping:
            continue
        fields = set(mapping.values())
        missing = [field for field in required if field not in fields]
        rank = (len(mapping), not missing)
        if best is None or rank > best[0]:
            best = (rank, HeaderMatch(-1, entity, mapping, missing))
    return best[1] if best else None


def find_header(rows, profile):
    """(match, near_miss): the first row of the first 30 whose best entity has all its
    required columns; else the best-matching row that lacks some (for the error)."""
    near_miss = None
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        if all(_blank(cell) for cell in cells):
            continue
        match = match_header(cells, profile)
        if match is None:
            continue
        match.index = index
        if not match.missing:
            return match, None
        if len(match.mapping) >= 2 and (
            near_miss is None or len(match.mapping) > len(near_miss.mapping)
        ):
            near_miss = match
    return None, near_miss


def required_headers(profile, entity, fields):
    """The legacy header texts of ``fields`` ('数量', '商品编号'), for messages."""
    columns = profile["entities"][entity]["columns"]
    names = []
    for field in fields:
        heads = [head for head, target in columns.items() if target == field]
        names.append("/".join(heads) if heads else field)
    return names


def _is_total(cells):
    for cell in cells:
        if not _blank(cell):
            return header_key(cell).rstrip(":").startswith(TOTAL_LABELS)
    return False


def expected_headers(profile):
    parts = []
    for spec in (profile.get("entities") or {}).values():
        heads = []
        for field in spec.get("required") or ():
            for head, target in spec["columns"].items():
                if target == field:
                    heads.append(head)
                    break
        parts.append("+".join(heads))
    return " / ".join(parts)


def build_table(file, sheet, rows, profile, file_hash, encoding):
    """Table of one grid; raises ReadError (missing columns) or returns None (no header)."""
    match, near_miss = find_header(rows, profile)
    if match is None:
        if near_miss is not None:
            missing = required_headers(profile, near_miss.entity, near_miss.missing)
            entity_names = messages.ENTITY_NAMES.get(near_miss.entity, {})
            raise ReadError(
                file, "missing_columns", row=near_miss.index + 1, column=", ".join(missing),
                columns="、".join(missing),
                entity_zh=entity_names.get("zh", near_miss.entity),
                entity_en=entity_names.get("en", near_miss.entity),
            )
        return None
    header = [header_text(cell) for cell in rows[match.index]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    data = []
    for index in range(match.index + 1, len(rows)):
        cells = rows[index]
        if all(_blank(cell) for cell in cells):
            continue
        cells = list(cells[:width])
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        data.append((index + 1, cells))
    total_row = None
    if data and _is_total(data[-1][1]):
        total_row = data.pop()
    return Table(
        file=file, sheet=sheet, entity=match.entity, header=header,
        header_row=match.index + 1, rows=data, total_row=total_row,
        file_hash=file_hash, encoding=encoding,
    )


def read_grids(path, profile=None):
    """(kind, [(sheet, rows, encoding)], file hash) of one file, with no header logic."""
    file = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise ReadError(file, "not_found") from None
    except OSError as exc:
        raise ReadError(file, "corrupt_file", kind="file", detail=_detail(exc)) from None
    if not _strip_bom(data)[0].strip():
        raise ReadError(file, "empty_file")
    declared = (profile or {}).get("encoding")
    kind = sniff(data)
    if kind == "xls":
        grids = read_xls(data, file)
    elif kind == "xlsx":
        grids = read_xlsx(data, file)
    elif kind == "html":
        grids = read_html(data, file, declared=None if declared == "auto" else declared)
    else:
        grids = read_csv(data, file, declared=declared)
    return kind, grids, hashlib.sha256(data).hexdigest()


def read_tables(path, profile):
    """The tables of one file, classified by ``profile``. Blank sheets are skipped; so are
    sheets without any header when another sheet of the workbook has one (notes sheets)."""
    file = os.path.basename(path)
    kind, grids, file_hash = read_grids(path, profile)
    tables, any_content, encoding = [], False, None
    for sheet, rows, sheet_encoding in grids:
        if all(all(_blank(cell) for cell in cells) for cells in rows):
            continue
        any_content = True
        encoding = sheet_encoding
        table = build_table(file, sheet, rows, profile, file_hash, sheet_encoding)
        if table is not None:
            tables.append(table)
    if not any_content:
        raise ReadError(file, "empty_file")
    if not tables:
        expected = expected_headers(profile)
        if kind in ("csv", "html"):
            raise ReadError(
                file, "no_header", variant="text", scanned=HEADER_SCAN_ROWS,
                expected=expected, encoding=encoding,
            )
        raise ReadError(file, "no_header", scanned=HEADER_SCAN_ROWS, expected=expected)
    return tables
