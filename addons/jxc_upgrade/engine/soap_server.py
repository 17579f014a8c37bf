"""The project's own legacy 进销存 SOAP service.

Implementers use it to rehearse a SOAP migration, and the tests and ``jxc demo`` use it as
the far end of :mod:`soap_source`. It speaks SOAP 1.1, document/literal, with the paged
operations the legacy servers expose (``GetProducts``, ``GetPartners``, ``GetWarehouses``,
``GetStock``) and serves rows handed to it as dicts keyed by the 管家婆 column names.

Pure standard library + lxml: the addon must not pull in a SOAP server framework.

By hand::

    cd addons/jxc_upgrade && python3 -m engine.soap_server FOLDER [--port 8765]
"""

import argparse
import datetime
import logging
import math
import re
import threading
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from lxml import etree

_logger = logging.getLogger(__name__)

NAMESPACE = "urn:jxc:legacy-soap:1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"

# (管家婆 column, XML element, XSD type). Dates are xs:string on purpose: the legacy
# systems keep them as free text (2025/3/5, 2026年3月, ...) and the engine, not the
# transport, decides what a date means. Flags stay 是/否 text for the same reason.
PRODUCT_FIELDS = (
    ("商品编号", "code", "string"),
    ("商品全名", "fullName", "string"),
    ("简名", "shortName", "string"),
    ("规格", "spec", "string"),
    ("条码", "barcode", "string"),
    ("基本单位", "baseUnit", "string"),
    ("辅助单位", "auxUnit", "string"),
    ("换算率", "ratio", "decimal"),
    ("类别", "category", "string"),
    ("进价", "purchasePrice", "decimal"),
    ("零售价", "retailPrice", "decimal"),
    ("批次管理", "batchManaged", "string"),
    ("保质期(月)", "shelfLifeMonths", "decimal"),
    ("停用", "disabled", "string"),
)
PARTNER_FIELDS = (
    ("单位编号", "code", "string"),
    ("单位全名", "fullName", "string"),
    ("类型", "kind", "string"),
    ("电话", "phone", "string"),
    ("税号", "taxId", "string"),
    ("应收余额", "receivable", "decimal"),
    ("应付余额", "payable", "decimal"),
)
STOCK_FIELDS = (
    ("仓库编号", "warehouseCode", "string"),
    ("仓库名称", "warehouseName", "string"),
    ("商品编号", "productCode", "string"),
    ("商品全名", "productName", "string"),
    ("批号", "lotNumber", "string"),
    ("生产日期", "productionDate", "string"),
    ("有效期至", "expiryDate", "string"),
    ("数量", "quantity", "decimal"),
    ("单位", "unit", "string"),
    ("成本单价", "unitCost", "decimal"),
    ("库存金额", "amount", "decimal"),
)

# entity -> (operation, XSD complex type, item element, fields)
ENTITIES = {
    "product": ("GetProducts", "Product", "product", PRODUCT_FIELDS),
    "partner": ("GetPartners", "Partner", "partner", PARTNER_FIELDS),
    "stock": ("GetStock", "StockLine", "line", STOCK_FIELDS),
}
PAGING_ELEMENTS = ("total", "page", "pageSize")

MAX_PAGE_SIZE = 1000
# A real request is a few hundred bytes; anything near this is not a client of ours.
MAX_REQUEST_BYTES = 64 * 1024
# An idle or trickling connection must not pin a handler thread forever.
SOCKET_TIMEOUT = 30

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


class SoapFault(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _as_string(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        # A numeric cell in a text column (a barcode typed as a number): the legacy
        # database would hand it back as its digits, not as "6928792174218.0".
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _as_decimal(value):
    if isinstance(value, bool):
        raise ValueError("a flag is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError("not a number") from None
    else:
        raise ValueError("not a number")
    if not number.is_finite():
        raise ValueError("not a finite number")
    # xs:decimal has no exponent form: 1E-5 must travel as 0.00001.
    return format(number, "f")


def _normalize(entity, fields, position, row):
    """One row as [(element, text or None)], refused early with the row and column named."""
    if not isinstance(row, dict):
        raise ValueError("%s row %d: expected a dict, got %r" % (entity, position, type(row)))
    known = {column for column, _element, _kind in fields}
    unknown = sorted(set(row) - known)
    if unknown:
        # Catches 保质期（月） with full-width brackets and other near-miss keys that
        # would otherwise be served as silently empty columns.
        raise ValueError("%s row %d: unknown columns %s" % (entity, position, unknown))
    item = []
    for column, element, kind in fields:
        value = row.get(column)
        if value is None or (isinstance(value, str) and value == ""):
            item.append((element, None))
            continue
        try:
            text = _as_decimal(value) if kind == "decimal" else _as_string(value)
        except ValueError as exc:
            raise ValueError(
                "%s row %d, column %s: %r: %s" % (entity, position, column, value, exc)
            ) from None
        if _XML_INVALID.search(text):
            raise ValueError(
                "%s row %d, column %s: control characters cannot travel in XML"
                % (entity, position, column)
            )
        item.append((element, text))
    return item


def _xsd():
    types = []
    for _operation, type_name, _item, fields in ENTITIES.values():
        elements = "".join(
            '<xs:element name="%s" type="xs:%s" minOccurs="0"/>' % (element, kind)
            for _column, element, kind in fields
        )
        types.append(
            '<xs:complexType name="%s"><xs:sequence>%s</xs:sequence></xs:complexType>'
            % (type_name, elements)
        )
    types.append(
        '<xs:complexType name="Warehouse"><xs:sequence>'
        '<xs:element name="code" type="xs:string"/>'
        '<xs:element name="name" type="xs:string" minOccurs="0"/>'
        "</xs:sequence></xs:complexType>"
    )
    paging = "".join(
        '<xs:element name="%s" type="xs:int"/>' % name for name in PAGING_ELEMENTS
    )
    elements = []
    for operation, type_name, item, _fields in ENTITIES.values():
        arguments = '<xs:element name="warehouseCode" type="xs:string"/>' if item == "line" else ""
        elements.append(
            '<xs:element name="%s"><xs:complexType><xs:sequence>%s'
            '<xs:element name="page" type="xs:int"/>'
            '<xs:element name="pageSize" type="xs:int"/>'
            "</xs:sequence></xs:complexType></xs:element>" % (operation, arguments)
        )
        elements.append(
            '<xs:element name="%sResponse"><xs:complexType><xs:sequence>%s'
            '<xs:element name="%s" type="tns:%s" minOccurs="0" maxOccurs="unbounded"/>'
            "</xs:sequence></xs:complexType></xs:element>"
            % (operation, paging, item, type_name)
        )
    elements.append(
        '<xs:element name="GetWarehouses"><xs:complexType><xs:sequence/></xs:complexType>'
        "</xs:element>"
        '<xs:element name="GetWarehousesResponse"><xs:complexType><xs:sequence>'
        '<xs:element name="total" type="xs:int"/>'
        '<xs:element name="warehouse" type="tns:Warehouse" minOccurs="0" '
        'maxOccurs="unbounded"/>'
        "</xs:sequence></xs:complexType></xs:element>"
    )
    return (
        '<xs:schema targetNamespace="%s" elementFormDefault="qualified">%s%s</xs:schema>'
        % (NAMESPACE, "".join(types), "".join(elements))
    )


OPERATIONS = tuple(spec[0] for spec in ENTITIES.values()) + ("GetWarehouses",)


def soap_action(operation):
    return "%s#%s" % (NAMESPACE, operation)


def build_wsdl(address):
    messages, port_ops, binding_ops = [], [], []
    for operation in OPERATIONS:
        messages.append(
            '<wsdl:message name="%(op)sRequest">'
            '<wsdl:part name="parameters" element="tns:%(op)s"/></wsdl:message>'
            '<wsdl:message name="%(op)sResponse">'
            '<wsdl:part name="parameters" element="tns:%(op)sResponse"/></wsdl:message>'
            % {"op": operation}
        )
        port_ops.append(
            '<wsdl:operation name="%(op)s">'
            '<wsdl:input message="tns:%(op)sRequest"/>'
            '<wsdl:output message="tns:%(op)sResponse"/></wsdl:operation>' % {"op": operation}
        )
        binding_ops.append(
            '<wsdl:operation name="%s">'
            '<soap:operation soapAction="%s" style="document"/>'
            '<wsdl:input><soap:body use="literal"/></wsdl:input>'
            '<wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>'
            % (operation, soap_action(operation))
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<wsdl:definitions name="LegacyJxcService" targetNamespace="%(ns)s"'
        ' xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"'
        ' xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="%(ns)s">'
        "<wsdl:types>%(xsd)s</wsdl:types>%(messages)s"
        '<wsdl:portType name="LegacyJxcPortType">%(port_ops)s</wsdl:portType>'
        '<wsdl:binding name="LegacyJxcBinding" type="tns:LegacyJxcPortType">'
        '<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>'
        "%(binding_ops)s</wsdl:binding>"
        '<wsdl:service name="LegacyJxcService">'
        '<wsdl:port name="LegacyJxcPort" binding="tns:LegacyJxcBinding">'
        "<soap:address location=%(address)s/></wsdl:port></wsdl:service>"
        "</wsdl:definitions>"
        % {
            "ns": NAMESPACE,
            "xsd": _xsd(),
            "messages": "".join(messages),
            "port_ops": "".join(port_ops),
            "binding_ops": "".join(binding_ops),
            "address": quoteattr(address),
        }
    ).encode("utf-8")


def _envelope(build_body):
    envelope = etree.Element(
        "{%s}Envelope" % SOAP_ENV, nsmap={"soap": SOAP_ENV, "tns": NAMESPACE}
    )
    build_body(etree.SubElement(envelope, "{%s}Body" % SOAP_ENV))
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def fault_envelope(code, message):
    def body(node):
        fault = etree.SubElement(node, "{%s}Fault" % SOAP_ENV)
        # SOAP 1.1 faultcode/faultstring are unqualified.
        etree.SubElement(fault, "faultcode").text = "soap:%s" % code
        etree.SubElement(fault, "faultstring").text = message

    return _envelope(body)


def _tns(name):
    return "{%s}%s" % (NAMESPACE, name)


class LegacySoapServer:
    """A legacy SOAP service over the given rows, on a background thread.

    ``products``, ``partners`` and ``stock`` are lists of dicts keyed by the 管家婆 column
    names; empty strings and ``None`` are served as absent elements. Rows are checked when
    the server is built, so bad fixture data fails here rather than as a fault mid-import.
    """

    def __init__(self, products, partners, stock, host="127.0.0.1", port=0,
                 max_page_size=MAX_PAGE_SIZE):
        self.host = host
        self.port = port
        self.max_page_size = max_page_size
        self._items = {
            entity: [
                _normalize(entity, ENTITIES[entity][3], position, row)
                for position, row in enumerate(rows or (), start=1)
            ]
            for entity, rows in (("product", products), ("partner", partners),
                                 ("stock", stock))
        }
        # Warehouses in order of first appearance, as the legacy system lists them;
        # a line without a warehouse code belongs to the warehouse "" so it stays reachable.
        self._warehouses = {}
        self._stock_by_warehouse = {}
        for item in self._items["stock"]:
            values = dict(item)
            code = values["warehouseCode"] or ""
            self._warehouses.setdefault(code, values["warehouseName"])
            self._stock_by_warehouse.setdefault(code, []).append(item)
        self._httpd = None
        self._thread = None
        self._wsdl = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self):
        if self._httpd is not None:
            return self.url
        handler = type("_BoundHandler", (_Handler,), {"soap_server": self})
        httpd = _HTTPServer((self.host, self.port), handler)
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._wsdl = build_wsdl(self.url)
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.2},
            name="legacy-soap-%d" % self.port, daemon=True,
        )
        self._thread.start()
        _logger.info("Legacy SOAP service listening on %s", self.url)
        return self.url

    def stop(self):
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=SOCKET_TIMEOUT)
        self._httpd = self._thread = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        if self._httpd is None:
            raise RuntimeError("LegacySoapServer is not started")
        return "http://%s:%d/" % (self.host, self.port)

    @property
    def wsdl_url(self):
        return self.url + "?wsdl"

    @property
    def wsdl(self):
        if self._wsdl is None:
            raise RuntimeError("LegacySoapServer is not started")
        return self._wsdl

    # -- operations --------------------------------------------------------------------

    def _select(self, operation, items, page, page_size):
        """(total, items of the page). Tests override this to play a misbehaving server."""
        start = (page - 1) * page_size
        return len(items), items[start:start + page_size]

    def handle(self, operation, request):
        """The response envelope for one request body element; raises SoapFault."""
        if operation == "GetWarehouses":
            return self._respond(operation, len(self._warehouses), None, [
                ("warehouse", [("code", code), ("name", name)])
                for code, name in self._warehouses.items()
            ])
        entity = next(
            (entity for entity, spec in ENTITIES.items() if spec[0] == operation), None
        )
        if entity is None:
            raise SoapFault("Client", "Unknown operation %s; this service offers %s"
                            % (operation, ", ".join(OPERATIONS)))
        page = self._int_argument(request, "page")
        page_size = self._int_argument(request, "pageSize")
        if page < 1:
            raise SoapFault("Client", "page must be 1 or more, got %d" % page)
        if not 1 <= page_size <= self.max_page_size:
            raise SoapFault("Client", "pageSize must be between 1 and %d, got %d"
                            % (self.max_page_size, page_size))
        items = self._items[entity]
        if entity == "stock":
            code = self._argument(request, "warehouseCode")
            if code is None:
                raise SoapFault("Client", "Missing argument warehouseCode")
            if code not in self._stock_by_warehouse:
                raise SoapFault("Client", "Unknown warehouse %r" % code)
            items = self._stock_by_warehouse[code]
        total, selected = self._select(operation, items, page, page_size)
        item_element = ENTITIES[entity][2]
        return self._respond(operation, total, (page, page_size),
                             [(item_element, item) for item in selected])

    @staticmethod
    def _argument(request, name):
        # Matched on the local name: some clients send unqualified children.
        for child in request:
            if isinstance(child.tag, str) and etree.QName(child).localname == name:
                return child.text or ""
        return None

    def _int_argument(self, request, name):
        text = self._argument(request, name)
        if text is None:
            raise SoapFault("Client", "Missing argument %s" % name)
        try:
            value = int(text.strip())
        except ValueError:
            raise SoapFault("Client", "%s must be an integer, got %r" % (name, text)) from None
        if abs(value) > 2**31 - 1:
            raise SoapFault("Client", "%s is out of range: %d" % (name, value))
        return value

    @staticmethod
    def _respond(operation, total, paging, items):
        def body(node):
            response = etree.SubElement(node, _tns(operation + "Response"))
            etree.SubElement(response, _tns("total")).text = str(total)
            if paging is not None:
                etree.SubElement(response, _tns("page")).text = str(paging[0])
                etree.SubElement(response, _tns("pageSize")).text = str(paging[1])
            for element, fields in items:
                item = etree.SubElement(response, _tns(element))
                for name, text in fields:
                    if text is not None:
                        etree.SubElement(item, _tns(name)).text = text

        return _envelope(body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    soap_server = None  # set on the per-server subclass
    timeout = SOCKET_TIMEOUT
    server_version = "JxcLegacySoap/1"

    def log_message(self, fmt, *args):
        # Through logging, not stderr: the server runs inside Odoo and test sessions.
        _logger.debug("%s " + fmt, self.address_string(), *args)

    def _send(self, status, body, content_type="text/xml; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_fault(self, code, message):
        self._send(500, fault_envelope(code, message))

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path == "/" and parts.query.lower() == "wsdl":
            self._send(200, self.soap_server.wsdl)
        else:
            self._send(404, b"Not found; the WSDL is at /?wsdl\n", "text/plain; charset=utf-8")

    def do_POST(self):
        if urlsplit(self.path).path != "/":
            self._send(404, b"Not found\n", "text/plain; charset=utf-8")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            # No chunked bodies: the size must be known before anything is read.
            self.close_connection = True
            self._send(411, b"Content-Length required\n", "text/plain; charset=utf-8")
            return
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._send(413, b"Request too large\n", "text/plain; charset=utf-8")
            return
        payload = self.rfile.read(int(length))
        try:
            operation, request = self._parse(payload)
            self._send(200, self.soap_server.handle(operation, request))
        except SoapFault as fault:
            self._send_fault(fault.code, fault.message)
        except Exception:
            _logger.exception("Legacy SOAP service failed on a request")
            self._send_fault("Server", "Internal error of the legacy SOAP service")

    def _parse(self, payload):
        try:
            # _SAFE_PARSER: no DTD, no entities, no network, no huge trees.
            envelope = etree.fromstring(payload, _SAFE_PARSER)  # noqa: S320
        except etree.XMLSyntaxError as exc:
            raise SoapFault("Client", "The request is not well-formed XML: %s" % exc) from None
        if envelope.tag == "{%s}Envelope" % SOAP12_ENV:
            raise SoapFault("VersionMismatch", "Only SOAP 1.1 is supported")
        if envelope.tag != "{%s}Envelope" % SOAP_ENV:
            raise SoapFault("Client", "The request is not a SOAP 1.1 envelope")
        body = envelope.find("{%s}Body" % SOAP_ENV)
        request = None if body is None else next(
            (child for child in body if isinstance(child.tag, str)), None
        )
        if request is None:
            raise SoapFault("Client", "The SOAP body is empty")
        qname = etree.QName(request)
        if qname.namespace != NAMESPACE or qname.localname not in OPERATIONS:
            raise SoapFault("Client", "Unknown operation %s; this service offers %s"
                            % (qname.text, ", ".join(OPERATIONS)))
        action = (self.headers.get("SOAPAction") or "").strip().strip('"')
        if action and action != soap_action(qname.localname):
            raise SoapFault("Client", "SOAPAction %r does not match the body element %s"
                            % (action, qname.localname))
        return qname.localname, request


# -- serving a 管家婆 export -------------------------------------------------------------

SAMPLE_FILES = (
    ("商品信息.xls", PRODUCT_FIELDS),
    ("往来单位.xls", PARTNER_FIELDS),
    ("库存.xls", STOCK_FIELDS),
)


def _read_sheet(path, fields):
    """Plain reading: the rows under the header, up to the 合计 row. No cleaning."""
    import xlrd  # only this helper needs it

    book = xlrd.open_workbook(str(path))
    sheet = book.sheet_by_index(0)
    columns = [column for column, _element, _kind in fields]
    header_at, positions = None, {}
    for index in range(sheet.nrows):
        values = [str(value).strip() for value in sheet.row_values(index)]
        if columns[0] in values:
            header_at = index
            positions = {name: values.index(name) for name in columns if name in values}
            break
    if header_at is None:
        raise ValueError("%s: no header row with %s" % (path, columns[0]))
    rows = []
    for index in range(header_at + 1, sheet.nrows):
        cells = sheet.row(index)
        if str(cells[0].value).strip() == "合计":
            break
        values = [_cell_value(cell, book.datemode) for cell in cells]
        if all(value is None for value in values):
            continue
        rows.append({name: values[at] for name, at in positions.items() if at < len(values)})
    return rows


def _cell_value(cell, datemode):
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_TEXT and not cell.value.strip():
        return None
    return cell.value


def serve_sample(folder, host="127.0.0.1", port=0):
    """Serve a 管家婆 export folder (商品信息/往来单位/库存.xls); returns the started server."""
    folder = Path(folder)
    tables = [_read_sheet(folder / name, fields) for name, fields in SAMPLE_FILES]
    server = LegacySoapServer(*tables, host=host, port=port)
    server.start()
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Serve a 管家婆 export folder as a legacy SOAP service (until Ctrl-C)."
    )
    parser.add_argument("folder", help="folder holding 商品信息.xls, 往来单位.xls, 库存.xls")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: loopback only)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    server = serve_sample(args.folder, args.host, args.port)
    _logger.info("WSDL: %s", server.wsdl_url)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        _logger.info("stopping")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
