"""SOAP source of the legacy import: a legacy 进销存 SOAP service read as 管家婆 sheets.

The rest of the engine only knows tables read from exports, so each paged operation is
turned into the ``Table`` its 管家婆 sheet would give: Chinese header, rows numbered as if
the header were row 1, cells as plain str/int/float/None. Cleaning is not done here.
"""

import datetime
import hashlib
import ipaddress
import json
import logging
import math
from decimal import Decimal
from urllib.parse import urlsplit

import requests
import zeep
from lxml import etree
from zeep.exceptions import Error as ZeepError
from zeep.exceptions import Fault, TransportError, ValidationError
from zeep.helpers import serialize_object

from . import messages
from .readers import ReadError, Table
from .soap_server import ENTITIES, PAGING_ELEMENTS

_logger = logging.getLogger(__name__)

# With the default page size this is five million rows; a legacy server claiming more
# than that is lying or misconfigured, and the loop must end either way.
MAX_PAGES = 10_000
WSDL_FILE = "soap:WSDL"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"

# Same form as messages.READ_ERRORS; messages.render puts "soap:GetStock: " in front.
SOAP_ERRORS = {
    "soap_wsdl": {
        "zh": "无法读取 WSDL {url}（{detail}）",
        "en": "cannot load the WSDL from {url} ({detail})",
    },
    "soap_wsdl.timeout": {
        "zh": "读取 WSDL {url} 超时（{timeout} 秒）",
        "en": "timed out after {timeout} s loading the WSDL from {url}",
    },
    "soap_wsdl.invalid": {
        "zh": "{url} 不是有效的 WSDL（{detail}）",
        "en": "the WSDL at {url} is not valid ({detail})",
    },
    "soap_no_operation": {
        "zh": "SOAP 服务没有 {operation} 操作，不是可识别的旧系统数据服务",
        "en": "the SOAP service has no {operation} operation; it is not a legacy JXC service",
    },
    "soap_arguments": {
        "zh": "无法调用 {call}：服务声明的参数与之不同（{detail}）",
        "en": "cannot call {call}: the service declares other arguments ({detail})",
    },
    "soap_fault": {
        "zh": "SOAP 服务对 {call} 返回错误：{detail}",
        "en": "the SOAP service answered {call} with a fault: {detail}",
    },
    "soap_timeout": {
        "zh": "调用 {call} 超时（{timeout} 秒）",
        "en": "{call} timed out after {timeout} s",
    },
    "soap_network": {
        "zh": "调用 {call} 时网络错误（{detail}）",
        "en": "network error calling {call} ({detail})",
    },
    "soap_http": {
        "zh": "调用 {call} 时服务返回 HTTP {status}（{detail}）",
        "en": "{call} failed with HTTP {status} ({detail})",
    },
    "soap_bad_response": {
        "zh": "{call} 的响应无法解析（{detail}）",
        "en": "the response to {call} cannot be parsed ({detail})",
    },
    "soap_bad_response.shape": {
        "zh": "{call} 的响应结构不符：{detail}",
        "en": "the response to {call} has an unexpected shape: {detail}",
    },
    "soap_total_changed": {
        "zh": "翻页期间 {operation} 的总数从 {before} 变为 {after}，旧系统数据在导出过程中被修改？",
        "en": "the total of {operation} changed from {before} to {after} between pages; "
        "was the legacy data modified during the export?",
    },
    "soap_wrong_page": {
        "zh": "请求 {operation} 第 {page} 页，返回的是第 {got} 页",
        "en": "asked {operation} for page {page}, it answered page {got}",
    },
    "soap_wrong_page_size": {
        "zh": "请求 {call} 每页 {size} 行，服务按每页 {got} 行返回",
        "en": "asked {call} for {size} rows per page, the service used {got}",
    },
    "soap_too_many_pages": {
        "zh": "{operation} 报告 {total} 行，按每页 {size} 行超过 {limit} 页的上限，"
        "请加大 page_size",
        "en": "{operation} reports {total} rows: more than {limit} pages of {size}; "
        "use a larger page_size",
    },
    "soap_short_page": {
        "zh": "{operation} 第 {page} 页返回 {count} 行，应为 {expected} 行"
        "（共 {total} 行，已收到 {received} 行）：数据不完整或不一致",
        "en": "{operation} page {page} returned {count} rows instead of {expected} "
        "(total {total}, {received} received so far): the data is incomplete or inconsistent",
    },
    "soap_extra_rows": {
        "zh": "{operation} 报告共 {total} 行，但第 {page} 页之后仍有数据：总数不可信",
        "en": "{operation} reports {total} rows but still returns rows after page {page}: "
        "its total cannot be trusted",
    },
    "soap_warehouse_count": {
        "zh": "GetWarehouses 报告 {total} 个仓库，实际返回 {count} 个",
        "en": "GetWarehouses reports {total} warehouses but returned {count}",
    },
    "soap_unfiltered_stock": {
        "zh": "GetStock({warehouse!r}) 返回了仓库 {got!r} 的库存：服务端未按仓库筛选",
        "en": "GetStock({warehouse!r}) returned stock of warehouse {got!r}: the service does not "
        "filter by warehouse",
    },
    "soap_value": {
        "zh": "不支持的值 {value!r}",
        "en": "unsupported value {value!r}",
    },
}


class SoapReadError(ReadError):
    """A ``ReadError`` of the SOAP source, worded from :data:`SOAP_ERRORS`.

    ``messages.READ_ERRORS`` holds the file errors only; this keeps the attributes and
    the location prefix of every ReadError while the SOAP texts live here.
    """

    def __init__(self, file, code, row=None, column=None, variant=None, **params):
        self.file = file
        self.code = code
        self.row = row
        self.column = column
        self.params = params
        key = "%s.%s" % (code, variant) if variant else code
        self.message_zh, self.message_en = messages.render_both(
            key, file, row, column, catalogue=SOAP_ERRORS, **params
        )
        Exception.__init__(self, self.message_zh, self.message_en)


def fetch_tables(wsdl_url: str, page_size: int = 500, timeout: float = 30,
                 warehouses: list[str] | None = None) -> list[Table]:
    """Fetch products, partners and stock from a legacy SOAP service.

    ``warehouses`` limits the stock to those warehouse codes; by default every warehouse
    listed by ``GetWarehouses`` is fetched. Raises ``ReadError`` on any network error, SOAP
    fault or inconsistent paging, naming the operation in ``file`` (``soap:GetStock``).
    """
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ValueError("page_size must be a positive integer, got %r" % (page_size,))
    with requests.Session() as session:
        if _is_loopback(wsdl_url):
            # A proxy from the environment cannot reach the user's own loopback
            # service (the rehearsal server); never send it there.
            session.trust_env = False
        capture = _RawCapture()
        client = _client(wsdl_url, session, timeout, capture)
        fetcher = _Fetcher(client.service, capture, page_size, timeout)
        tables = [
            _table("product", fetcher.pages("GetProducts")),
            _table("partner", fetcher.pages("GetPartners")),
            _table("stock", fetcher.stock(warehouses)),
        ]
    return tables


def _is_loopback(url):
    host = urlsplit(url).hostname
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _RawCapture(zeep.Plugin):
    """Keeps the last response envelope, to recover values zeep could not type."""

    def __init__(self):
        self.envelope = None

    def ingress(self, envelope, http_headers, operation):
        self.envelope = envelope
        return envelope, http_headers

    def egress(self, envelope, http_headers, operation, binding_options):
        self.envelope = None
        return envelope, http_headers


def _client(wsdl_url, session, timeout, capture):
    transport = zeep.Transport(session=session, timeout=timeout, operation_timeout=timeout)
    settings = zeep.Settings(strict=True, forbid_dtd=True, forbid_entities=True,
                             forbid_external=True, xml_huge_tree=False)
    try:
        return zeep.Client(wsdl_url, transport=transport, settings=settings,
                           plugins=[capture])
    except requests.Timeout:
        raise SoapReadError(WSDL_FILE, "soap_wsdl", variant="timeout", url=wsdl_url,
                            timeout=timeout) from None
    except (requests.RequestException, OSError) as exc:
        raise SoapReadError(WSDL_FILE, "soap_wsdl", url=wsdl_url, detail=exc) from None
    except (ZeepError, etree.XMLSyntaxError, ValueError) as exc:
        raise SoapReadError(WSDL_FILE, "soap_wsdl", variant="invalid", url=wsdl_url,
                            detail=exc) from None


class _Fetcher:
    def __init__(self, service, capture, page_size, timeout):
        self.service = service
        self.capture = capture
        self.page_size = page_size
        self.timeout = timeout

    def call(self, operation, arguments, fault_is_end=False):
        """One SOAP call as a plain dict; every failure is a ReadError naming it.

        With ``fault_is_end`` a fault returns None instead: the answer of servers that
        refuse a page past the last one.
        """
        file = "soap:%s" % operation
        call = "%s(%s)" % (operation, ", ".join("%s=%r" % item for item in arguments.items()))
        try:
            method = getattr(self.service, operation)
        except AttributeError:
            raise SoapReadError(file, "soap_no_operation", operation=operation) from None
        try:
            result = method(**arguments)
        except Fault as exc:
            if fault_is_end:
                _logger.debug("%s: fault taken as the end of the data: %s", call, exc.message)
                return None
            raise SoapReadError(file, "soap_fault", call=call, detail=exc.message) from None
        except requests.Timeout:
            raise SoapReadError(file, "soap_timeout", call=call, timeout=self.timeout) from None
        except requests.RequestException as exc:
            raise SoapReadError(file, "soap_network", call=call, detail=exc) from None
        except TransportError as exc:
            raise SoapReadError(file, "soap_http", call=call, status=exc.status_code,
                                detail=exc.message) from None
        except (TypeError, ValidationError) as exc:
            # zeep's answers, before sending, when the WSDL declares other arguments.
            raise SoapReadError(file, "soap_arguments", call=call, detail=exc) from None
        except (ZeepError, etree.XMLSyntaxError, ValueError) as exc:
            raise SoapReadError(file, "soap_bad_response", call=call, detail=exc) from None
        data = serialize_object(result, dict)
        if not isinstance(data, dict):
            raise SoapReadError(file, "soap_bad_response", variant="shape", call=call,
                                detail="not an object")
        return self._split(data, file, call)

    @staticmethod
    def _split(data, file, call):
        """{total, page, pageSize, items, element} of a response.

        The items are whatever the one non-paging element is called, so the client does
        not depend on the server's name for it.
        """
        others = [key for key in data if key not in PAGING_ELEMENTS]
        if len(others) != 1:
            raise SoapReadError(file, "soap_bad_response", variant="shape", call=call,
                                detail="one item element expected, found %s" % others)
        items = data[others[0]]
        items = [] if items is None else items if isinstance(items, list) else [items]
        total = _as_int(data.get("total"))
        if total is None or total < 0:
            raise SoapReadError(file, "soap_bad_response", variant="shape", call=call,
                                detail="no valid total (%r)" % (data.get("total"),))
        return {
            "total": total,
            "page": _as_int(data.get("page")),
            "pageSize": _as_int(data.get("pageSize")),
            "items": items,
            "element": others[0],
        }

    def pages(self, operation, **arguments):
        """[(item, raw element)] of every page of ``operation``, bounded by its total."""
        file = "soap:%s" % operation
        collected = []
        total = None
        size = self.page_size
        probing = False
        for page in range(1, MAX_PAGES + 1):
            call = dict(arguments, page=page, pageSize=size)
            answer = self.call(operation, call, fault_is_end=probing)
            if answer is None:
                break
            if total is None:
                total = answer["total"]
            elif answer["total"] != total:
                raise SoapReadError(file, "soap_total_changed", operation=operation,
                                    before=total, after=answer["total"])
            if answer["page"] is not None and answer["page"] != page:
                raise SoapReadError(file, "soap_wrong_page", operation=operation, page=page,
                                    got=answer["page"])
            if answer["pageSize"] is not None and answer["pageSize"] != size:
                if page == 1 and 1 <= answer["pageSize"] < size:
                    # The server caps the page size; go on at its size so the pages
                    # stay contiguous.
                    size = answer["pageSize"]
                else:
                    raise SoapReadError(file, "soap_wrong_page_size", call=operation,
                                        size=size, got=answer["pageSize"])
            if page == 1 and math.ceil(total / size) + 1 > MAX_PAGES:
                raise SoapReadError(file, "soap_too_many_pages", operation=operation,
                                    total=total, size=size, limit=MAX_PAGES)
            items = answer["items"]
            if probing:
                if items:
                    raise SoapReadError(file, "soap_extra_rows", operation=operation,
                                        total=total, page=page - 1)
                break
            expected = min(size, total - len(collected))
            if len(items) != expected:
                raise SoapReadError(file, "soap_short_page", operation=operation, page=page,
                                    count=len(items), expected=expected, total=total,
                                    received=len(collected))
            raw_items = self._raw_items(answer["element"])
            if len(raw_items) != len(items):
                raise SoapReadError(file, "soap_bad_response", variant="shape",
                                    call=operation, detail="parsed rows do not match the XML")
            collected.extend(zip(items, raw_items, strict=True))
            if len(collected) >= total:
                if items and len(items) == size:
                    # A full last page cannot tell a true total from one that is too
                    # small; one more (empty) page settles it.
                    probing = True
                    continue
                break
        else:
            raise SoapReadError(file, "soap_too_many_pages", operation=operation, total=total,
                                size=size, limit=MAX_PAGES)
        return collected

    def _raw_items(self, element):
        envelope = self.capture.envelope
        body = None if envelope is None else envelope.find("{%s}Body" % SOAP_ENV)
        response = None if body is None else next(
            (child for child in body if isinstance(child.tag, str)), None
        )
        if response is None:
            return []
        return [
            child for child in response
            if isinstance(child.tag, str) and etree.QName(child).localname == element
        ]

    def stock(self, warehouses):
        if warehouses is None:
            answer = self.call("GetWarehouses", {})
            if answer["total"] != len(answer["items"]):
                raise SoapReadError("soap:GetWarehouses", "soap_warehouse_count",
                                    total=answer["total"], count=len(answer["items"]))
            codes = [
                "" if item.get("code") is None else str(item["code"])
                for item in answer["items"] if isinstance(item, dict)
            ]
        else:
            codes = [str(code) for code in warehouses]
        collected = []
        # A code listed twice would fetch, and import, the same stock twice.
        for code in dict.fromkeys(codes):
            lines = self.pages("GetStock", warehouseCode=code)
            for item, _raw in lines:
                got = item.get("warehouseCode") if isinstance(item, dict) else None
                if got is not None and got != code:
                    raise SoapReadError("soap:GetStock", "soap_unfiltered_stock",
                                        warehouse=code, got=got)
            collected.extend(lines)
        return collected


def _as_int(value):
    """An integer however the WSDL types it (xs:int, xs:long, xs:decimal, xs:string)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        return None
    return int(number) if number.is_finite() and number == number.to_integral_value() else None


def _table(entity, items):
    operation, _type_name, _element, fields = ENTITIES[entity]
    file = "soap:%s" % operation
    header = [column for column, _name, _kind in fields]
    rows = []
    for row_number, (item, raw) in enumerate(items, start=2):
        if not isinstance(item, dict):
            raise SoapReadError(file, "soap_value", row=row_number, value=item)
        raw_text = {
            etree.QName(child).localname: child.text
            for child in raw if isinstance(child.tag, str)
        }
        cells = []
        for column, name, _kind in fields:
            value = item.get(name)
            if value is None and (raw_text.get(name) or "").strip():
                # zeep logs and drops a value its XSD type cannot hold (2025-02-30 in an
                # xs:date). The legacy text goes on, so the engine rejects that row
                # with a reason instead of importing it with the field missing.
                cells.append(raw_text[name])
                continue
            try:
                cells.append(_cell(value))
            except TypeError:
                raise SoapReadError(file, "soap_value", row=row_number, column=column,
                                    value=value) from None
        rows.append((row_number, cells))
    return Table(
        file=file,
        sheet="",
        entity=entity,
        header=header,
        header_row=1,
        rows=rows,
        total_row=None,
        file_hash=_hash(header, rows),
        encoding=None,
    )


def _cell(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        if value.is_finite():
            number = float(value)
            # A float, as xlrd gives, unless that would change the figure.
            if Decimal(repr(number)) == value:
                return number
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time() and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _hash(header, rows):
    # Of the content, not of the envelopes: the same data fetched with another page size
    # is the same import.
    canonical = json.dumps([header, rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
