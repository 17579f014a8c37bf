"""SOAP source of the legacy import against the project's own legacy SOAP server (loopback)."""

import datetime
import http.client
import random
import time
from decimal import Decimal

import pytest
import requests
import zeep
from jxc_upgrade_engine.readers import ReadError
from jxc_upgrade_engine.soap_server import NAMESPACE, LegacySoapServer, serve_sample, soap_action
from jxc_upgrade_engine.soap_source import fetch_tables
from lxml import etree

PRODUCT_HEADER = [
    "商品编号",
    "商品全名",
    "简名",
    "规格",
    "条码",
    "基本单位",
    "辅助单位",
    "换算率",
    "类别",
    "进价",
    "零售价",
    "批次管理",
    "保质期(月)",
    "停用",
]
PARTNER_HEADER = ["单位编号", "单位全名", "类型", "电话", "税号", "应收余额", "应付余额"]
STOCK_HEADER = [
    "仓库编号",
    "仓库名称",
    "商品编号",
    "商品全名",
    "批号",
    "生产日期",
    "有效期至",
    "数量",
    "单位",
    "成本单价",
    "库存金额",
]
NUMERIC = {
    "换算率",
    "进价",
    "零售价",
    "保质期(月)",
    "应收余额",
    "应付余额",
    "数量",
    "成本单价",
    "库存金额",
}
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"

NAMES = ["碘伏消毒液", "连花清瘟胶囊", "医用口罩", "板蓝根颗粒", "阿莫西林胶囊", "维生素C片"]
WAREHOUSES = [("CK01", "总仓"), ("CK02", "一号门店"), (" ＣＫ０３ ", "二号门店 & <临时>")]


def _xml(data):
    # Our own server's replies, parsed without DTDs, entities or network access.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)  # noqa: S320


def _fullwidth(text):
    return "".join(chr(ord(char) + 0xFEE0) for char in text)


def _products(count):
    rng = random.Random(18)
    rows = []
    for number in range(1, count + 1):
        code = "SP%05d" % number
        if number % 17 == 0:
            code = " %s " % _fullwidth(code)  # the dirty codes the engine must fold
        tracked = number % 4 != 0
        rows.append(
            {
                "商品编号": code,
                "商品全名": "%s%d" % (NAMES[number % len(NAMES)], number),
                "简名": "".join(rng.choice("ABCDEFGHJK") for _ in range(4)),
                "规格": "100mg*12片",
                "条码": "69%011d" % rng.randrange(10**11),
                "基本单位": "盒",
                "辅助单位": "箱" if number % 3 else "",
                "换算率": rng.choice([12, 24.0, Decimal("48"), "60"]),
                "类别": "中成药",
                "进价": round(rng.uniform(1, 200), 2),
                "零售价": "%.2f" % rng.uniform(1, 300),
                "批次管理": "是" if tracked else "否",
                "保质期(月)": rng.choice([12, 18, 36]) if tracked else None,
                "停用": "否",
            }
        )
    return rows


def _partners(count):
    rng = random.Random(7)
    rows = []
    for number in range(1, count + 1):
        kind = ["客户", "供应商", "客户及供应商"][number % 3]
        rows.append(
            {
                "单位编号": "WL%04d" % number,
                "单位全名": "杭州仁和医药有限公司%d" % number,
                "类型": kind,
                "电话": "0571-8%07d" % rng.randrange(10**7),
                "税号": "91330100%010d" % rng.randrange(10**10) if number % 5 else "",
                "应收余额": round(rng.uniform(0, 90000), 2) if kind != "供应商" else 0,
                "应付余额": round(rng.uniform(0, 90000), 2) if kind != "客户" else 0.0,
            }
        )
    return rows


def _stock(count):
    rng = random.Random(3)
    weights = [60, 35, 5]
    rows = []
    for number in range(1, count + 1):
        warehouse, name = rng.choices(WAREHOUSES, weights)[0]
        made = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(900))
        lot = number % 6 != 0
        quantity = -rng.randrange(1, 50) if number % 41 == 0 else rng.randrange(1, 400)
        cost = round(rng.uniform(1, 200), 2)
        rows.append(
            {
                "仓库编号": warehouse,
                "仓库名称": name,
                "商品编号": "SP%05d" % rng.randrange(1, 200),
                "商品全名": NAMES[number % len(NAMES)],
                "批号": made.strftime("%Y%m%d") + "A" if lot else rng.choice([None, ""]),
                "生产日期": made if lot else None,
                "有效期至": rng.choice(
                    [
                        (made + datetime.timedelta(days=730)).isoformat(),
                        "%d年%d月" % (made.year + 2, made.month),
                        "%d/%d/%d" % (made.year + 3, made.month, made.day),
                        "2025-02-30",
                    ]
                )
                if lot
                else "",
                "数量": quantity,
                "单位": "盒",
                "成本单价": cost,
                "库存金额": Decimal(str(cost)) * quantity,
            }
        )
    return rows


PRODUCTS = _products(237)  # five pages of 50, the last one partial
PARTNERS = _partners(150)  # exactly three pages: the client must confirm the end
STOCK = _stock(260)


def _expected(rows, header):
    """The cells a 管家婆 sheet of these rows reads as, as the engine receives them."""
    result = []
    for row in rows:
        cells = []
        for column in header:
            value = row.get(column)
            if value is None or value == "":
                cells.append(None)
            elif column in NUMERIC:
                cells.append(float(value))
            elif isinstance(value, datetime.date):
                cells.append(value.isoformat())
            else:
                cells.append(value)
        result.append(cells)
    return result


def _stock_in_fetch_order(rows):
    order = [code for code, _name in WAREHOUSES]
    first_seen = list(dict.fromkeys(row["仓库编号"] for row in rows))
    assert sorted(first_seen) == sorted(order)
    return [row for code in first_seen for row in rows if row["仓库编号"] == code]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # Every request of these tests goes to 127.0.0.1; a proxy from the environment must
    # not see them.
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def server():
    with LegacySoapServer(PRODUCTS, PARTNERS, STOCK) as running:
        yield running


@pytest.fixture(scope="module")
def tables(server):
    return fetch_tables(server.wsdl_url, page_size=50)


def _post(url, body, action=None, **headers):
    envelope = (
        '<soap:Envelope xmlns:soap="%s" xmlns:t="%s"><soap:Body>%s</soap:Body></soap:Envelope>'
        % (SOAP_ENV, NAMESPACE, body)
    ).encode("utf-8")
    headers.setdefault("Content-Type", "text/xml; charset=utf-8")
    if action:
        headers["SOAPAction"] = '"%s"' % action
    with requests.Session() as session:
        session.trust_env = False
        return session.post(url, data=envelope, headers=headers, timeout=10)


def _faultstring(response):
    document = _xml(response.content)
    return document.findtext(".//{%s}Fault/faultstring" % SOAP_ENV)


# -- the happy path ----------------------------------------------------------------------


def test_server_binds_loopback_by_default(server):
    assert server.url.startswith("http://127.0.0.1:")
    assert server.wsdl_url == server.url + "?wsdl"


def test_tables_have_the_guanjiapo_shape(tables):
    assert [table.entity for table in tables] == ["product", "partner", "stock"]
    assert [table.file for table in tables] == [
        "soap:GetProducts",
        "soap:GetPartners",
        "soap:GetStock",
    ]
    assert [table.header for table in tables] == [PRODUCT_HEADER, PARTNER_HEADER, STOCK_HEADER]
    for table in tables:
        assert table.sheet == ""
        assert table.header_row == 1
        assert table.total_row is None
        assert table.encoding is None
        assert len(table.file_hash) == 64
        for _number, cells in table.rows:
            assert len(cells) == len(table.header)
            assert all(cell is None or type(cell) in (str, int, float) for cell in cells)


@pytest.mark.parametrize(
    "entity, rows, header",
    [
        ("product", PRODUCTS, PRODUCT_HEADER),
        ("partner", PARTNERS, PARTNER_HEADER),
        ("stock", _stock_in_fetch_order(STOCK), STOCK_HEADER),
    ],
)
def test_every_row_arrives_once_in_order(tables, entity, rows, header):
    table = next(table for table in tables if table.entity == entity)
    assert [number for number, _cells in table.rows] == list(range(2, len(rows) + 2))
    assert [cells for _number, cells in table.rows] == _expected(rows, header)


def test_dirty_values_travel_untouched(tables):
    products, _partners, stock = tables
    codes = [cells[0] for _number, cells in products.rows]
    assert " ＳＰ０００１７ " in codes  # full-width, padded: cleaning is the engine's job
    expiries = {cells[6] for _number, cells in stock.rows}
    assert {"2025-02-30"} <= expiries
    assert any(value and "年" in value for value in expiries)
    assert " ＣＫ０３ " in {cells[0] for _number, cells in stock.rows}
    assert "二号门店 & <临时>" in {cells[1] for _number, cells in stock.rows}
    assert any(cells[4] is None for _number, cells in stock.rows)
    assert any(cells[7] < 0 for _number, cells in stock.rows)


def test_page_size_changes_neither_rows_nor_hash(server, tables):
    again = fetch_tables(server.wsdl_url, page_size=7)
    whole = fetch_tables(server.wsdl_url, page_size=1000)
    for first, second, third in zip(tables, again, whole, strict=True):
        assert first.rows == second.rows == third.rows
        assert first.file_hash == second.file_hash == third.file_hash


def test_warehouses_argument_limits_and_deduplicates(server):
    _products, _partners, stock = fetch_tables(
        server.wsdl_url, page_size=50, warehouses=["CK02", "CK02"]
    )
    expected = [row for row in STOCK if row["仓库编号"] == "CK02"]
    assert [cells for _number, cells in stock.rows] == _expected(expected, STOCK_HEADER)
    assert stock.rows[0][0] == 2


def test_empty_service_gives_empty_tables():
    with LegacySoapServer([], [], []) as empty:
        tables = fetch_tables(empty.wsdl_url)
    assert [table.rows for table in tables] == [[], [], []]


def test_client_follows_a_server_that_caps_the_page_size():
    class Capping(LegacySoapServer):
        def _int_argument(self, request, name):
            value = super()._int_argument(request, name)
            return min(value, 20) if name == "pageSize" else value

    with Capping(PRODUCTS, PARTNERS[:5], []) as capping:
        products, _partners, _stock = fetch_tables(capping.wsdl_url, page_size=50)
    assert [cells for _number, cells in products.rows] == _expected(PRODUCTS, PRODUCT_HEADER)


# -- the WSDL ----------------------------------------------------------------------------


def test_wsdl_parses_in_zeep(server):
    client = zeep.Client(server.wsdl_url)
    binding = client.service._binding
    operations = binding._operations
    assert set(operations) == {"GetProducts", "GetPartners", "GetStock", "GetWarehouses"}
    for name, operation in operations.items():
        assert operation.soapaction == soap_action(name)
        assert operation.style == "document"
    product = client.get_type("{%s}Product" % NAMESPACE)
    assert [name for name, _element in product.elements] == [
        "code",
        "fullName",
        "shortName",
        "spec",
        "barcode",
        "baseUnit",
        "auxUnit",
        "ratio",
        "category",
        "purchasePrice",
        "retailPrice",
        "batchManaged",
        "shelfLifeMonths",
        "disabled",
    ]
    partner = client.get_type("{%s}Partner" % NAMESPACE)
    assert [name for name, _element in partner.elements] == [
        "code",
        "fullName",
        "kind",
        "phone",
        "taxId",
        "receivable",
        "payable",
    ]
    line = client.get_type("{%s}StockLine" % NAMESPACE)
    assert [name for name, _element in line.elements] == [
        "warehouseCode",
        "warehouseName",
        "productCode",
        "productName",
        "lotNumber",
        "productionDate",
        "expiryDate",
        "quantity",
        "unit",
        "unitCost",
        "amount",
    ]
    page = client.service.GetStock(warehouseCode="CK01", page=2, pageSize=10)
    assert (page.total, page.page, page.pageSize, len(page.line)) == (
        sum(1 for row in STOCK if row["仓库编号"] == "CK01"),
        2,
        10,
        10,
    )


def test_responses_validate_against_the_wsdl_schema(server):
    with requests.Session() as session:
        session.trust_env = False
        wsdl = _xml(session.get(server.wsdl_url, timeout=10).content)
    schema_node = wsdl.find(".//{http://www.w3.org/2001/XMLSchema}schema")
    schema = etree.XMLSchema(_xml(etree.tostring(schema_node)))
    bodies = [
        (
            "GetProducts",
            "<t:GetProducts><t:page>5</t:page><t:pageSize>50</t:pageSize>" "</t:GetProducts>",
        ),
        (
            "GetPartners",
            "<t:GetPartners><t:page>1</t:page><t:pageSize>3</t:pageSize>" "</t:GetPartners>",
        ),
        (
            "GetStock",
            "<t:GetStock><t:warehouseCode> ＣＫ０３ </t:warehouseCode><t:page>1</t:page>"
            "<t:pageSize>100</t:pageSize></t:GetStock>",
        ),
        ("GetWarehouses", "<t:GetWarehouses/>"),
    ]
    for operation, body in bodies:
        response = _post(server.url, body, soap_action(operation))
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/xml")
        request_node = _xml("<r xmlns:t='%s'>%s</r>" % (NAMESPACE, body))[0]
        schema.assertValid(request_node)
        payload = _xml(response.content).find("{%s}Body" % SOAP_ENV)[0]
        schema.assertValid(payload)


# -- faults ------------------------------------------------------------------------------


def test_unknown_warehouse_is_a_read_error_naming_the_operation(server):
    with pytest.raises(ReadError) as caught:
        fetch_tables(server.wsdl_url, page_size=50, warehouses=["CK01", "CK99"])
    assert caught.value.file == "soap:GetStock"
    assert caught.value.code == "soap_fault"
    assert "CK99" in caught.value.message_en
    assert "CK99" in caught.value.message_zh


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "<t:GetProducts><t:page>0</t:page><t:pageSize>10</t:pageSize></t:GetProducts>",
            "page must be 1 or more",
        ),
        (
            "<t:GetProducts><t:page>1</t:page><t:pageSize>1001</t:pageSize></t:GetProducts>",
            "pageSize must be between 1 and 1000",
        ),
        (
            "<t:GetProducts><t:page>一</t:page><t:pageSize>10</t:pageSize></t:GetProducts>",
            "page must be an integer",
        ),
        ("<t:GetPartners><t:page>1</t:page></t:GetPartners>", "Missing argument pageSize"),
        (
            "<t:GetStock><t:page>1</t:page><t:pageSize>10</t:pageSize></t:GetStock>",
            "Missing argument warehouseCode",
        ),
        ("<t:DropAllTables/>", "Unknown operation"),
        ("<t:GetProducts><t:page>1</t:page>", "not well-formed"),
    ],
)
def test_bad_requests_get_soap_client_faults(server, body, message):
    response = _post(server.url, body)
    assert response.status_code == 500
    assert message in _faultstring(response)
    assert _xml(response.content).findtext(".//faultcode") == "soap:Client"


def test_soap_action_must_match_the_body(server):
    body = "<t:GetProducts><t:page>1</t:page><t:pageSize>10</t:pageSize></t:GetProducts>"
    response = _post(server.url, body, soap_action("GetPartners"))
    assert response.status_code == 500
    assert "does not match" in _faultstring(response)


def test_zeep_sees_faults(server):
    client = zeep.Client(server.wsdl_url)
    with pytest.raises(zeep.exceptions.Fault, match="page must be 1 or more"):
        client.service.GetProducts(page=0, pageSize=10)


def test_request_size_is_bounded(server):
    # Only the headers are sent: the server must refuse on the announced size alone,
    # without reading (or waiting for) the body.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest("POST", "/")
        connection.putheader("Content-Type", "text/xml; charset=utf-8")
        connection.putheader("Content-Length", str(10**9))
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()
    # Nor does it accept a body of unknown size.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest("POST", "/")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        assert connection.getresponse().status == 411
    finally:
        connection.close()


def test_other_paths_are_not_found(server):
    with requests.Session() as session:
        session.trust_env = False
        assert session.get(server.url + "admin", timeout=10).status_code == 404
        assert session.get(server.url, timeout=10).status_code == 404


def test_unreachable_wsdl_is_a_read_error():
    stopped = LegacySoapServer([], [], [])
    url = stopped.start() + "?wsdl"
    stopped.stop()
    with pytest.raises(ReadError) as caught:
        fetch_tables(url, timeout=5)
    assert caught.value.file == "soap:WSDL"
    assert caught.value.code == "soap_wsdl"


def test_server_stopped_after_the_wsdl_names_the_operation(tmp_path):
    stopped = LegacySoapServer(PRODUCTS[:3], [], [])
    stopped.start()
    wsdl = tmp_path / "legacy.wsdl"
    wsdl.write_bytes(stopped.wsdl)
    stopped.stop()
    with pytest.raises(ReadError) as caught:
        fetch_tables(str(wsdl), timeout=5)
    assert caught.value.file == "soap:GetProducts"
    assert caught.value.code == "soap_network"
    assert "GetProducts" in caught.value.message_en
    assert str(caught.value).startswith("soap:GetProducts: ")


def test_slow_server_times_out_as_a_read_error():
    class Slow(LegacySoapServer):
        def _select(self, operation, items, page, page_size):
            time.sleep(2)
            return super()._select(operation, items, page, page_size)

    with Slow(PRODUCTS[:3], [], []) as slow:
        started = time.monotonic()
        with pytest.raises(ReadError) as caught:
            fetch_tables(slow.wsdl_url, timeout=0.5)
    assert caught.value.file == "soap:GetProducts"
    assert caught.value.code == "soap_timeout"
    assert time.monotonic() - started < 2


# -- servers that lie --------------------------------------------------------------------


def _liar(select):
    return type("Liar", (LegacySoapServer,), {"_select": select})


def test_total_larger_than_the_data_is_a_read_error():
    def select(self, operation, items, page, page_size):
        total, selected = LegacySoapServer._select(self, operation, items, page, page_size)
        return (total + 263 if operation == "GetProducts" else total), selected

    with _liar(select)(PRODUCTS, PARTNERS, STOCK) as liar:
        with pytest.raises(ReadError) as caught:
            fetch_tables(liar.wsdl_url, page_size=50)
    assert caught.value.file == "soap:GetProducts"
    assert caught.value.code == "soap_short_page"
    assert "returned 37 rows instead of 50" in caught.value.message_en
    assert "500" in caught.value.message_en


def test_total_smaller_than_the_data_is_a_read_error():
    def select(self, operation, items, page, page_size):
        total, selected = LegacySoapServer._select(self, operation, items, page, page_size)
        return (total - 50 if operation == "GetPartners" else total), selected

    with _liar(select)(PRODUCTS[:3], PARTNERS, STOCK[:3]) as liar:
        with pytest.raises(ReadError) as caught:
            fetch_tables(liar.wsdl_url, page_size=50)
    assert caught.value.file == "soap:GetPartners"
    assert caught.value.code == "soap_extra_rows"
    assert "still returns rows after page 2" in caught.value.message_en


def test_total_changing_between_pages_is_a_read_error():
    def select(self, operation, items, page, page_size):
        total, selected = LegacySoapServer._select(self, operation, items, page, page_size)
        return total + (page > 2), selected

    with _liar(select)(PRODUCTS, PARTNERS, STOCK) as liar:
        with pytest.raises(ReadError) as caught:
            fetch_tables(liar.wsdl_url, page_size=50)
    assert caught.value.file == "soap:GetProducts"
    assert caught.value.code == "soap_total_changed"
    assert "changed from 237 to 238" in caught.value.message_en


def test_stock_not_filtered_by_warehouse_is_a_read_error():
    def select(self, operation, items, page, page_size):
        everything = self._items["stock"] if operation == "GetStock" else items
        return LegacySoapServer._select(self, operation, everything, page, page_size)

    with _liar(select)(PRODUCTS[:3], PARTNERS[:3], STOCK) as liar:
        with pytest.raises(ReadError) as caught:
            fetch_tables(liar.wsdl_url, page_size=50)
    assert caught.value.file == "soap:GetStock"
    assert caught.value.code == "soap_unfiltered_stock"


# -- servers typed differently -----------------------------------------------------------


def test_typed_dates_are_iso_strings_and_bad_ones_keep_their_text(tmp_path):
    rows = [
        {
            "仓库编号": "CK01",
            "商品编号": "SP00001",
            "生产日期": datetime.date(2025, 3, 5),
            "有效期至": "2027-03-04",
            "数量": 5,
        },
        {
            "仓库编号": "CK01",
            "商品编号": "SP00002",
            "生产日期": "2025-02-30",
            "有效期至": "2026年3月",
            "数量": "12.50",
        },
    ]
    with LegacySoapServer([], [], rows) as typed:
        # A legacy server whose WSDL declares real xs:date fields.
        wsdl = typed.wsdl.replace(
            b'name="productionDate" type="xs:string"', b'name="productionDate" type="xs:date"'
        )
        wsdl = wsdl.replace(
            b'name="expiryDate" type="xs:string"', b'name="expiryDate" type="xs:date"'
        )
        path = tmp_path / "typed.wsdl"
        path.write_bytes(wsdl)
        _products, _partners, stock = fetch_tables(str(path))
    assert [cells[5:8] for _number, cells in stock.rows] == [
        ["2025-03-05", "2027-03-04", 5.0],
        ["2025-02-30", "2026年3月", 12.5],
    ]


# -- the server's own checks and the 管家婆 folder helper --------------------------------


def test_server_refuses_bad_fixture_rows():
    with pytest.raises(ValueError, match="unknown columns"):
        LegacySoapServer([{"商品编号": "SP1", "保质期（月）": 12}], [], [])
    with pytest.raises(ValueError, match="stock row 1, column 数量"):
        LegacySoapServer([], [], [{"仓库编号": "CK01", "数量": "十二"}])
    with pytest.raises(ValueError, match="control characters"):
        LegacySoapServer([], [{"单位编号": "WL\x01"}], [])


def test_serve_sample_reads_a_guanjiapo_folder(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")

    def workbook(name, title, header, rows, total=None):
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet(name.split(".")[0])
        sheet.write(0, 0, title)  # title row, then a blank row, as 管家婆 exports them
        for column, text in enumerate(header):
            sheet.write(2, column, text)
        for index, row in enumerate(rows, start=3):
            for column, value in enumerate(row):
                if isinstance(value, datetime.date):
                    sheet.write(index, column, value, date_style)
                elif value is not None:
                    sheet.write(index, column, value)
        if total:
            for column, value in enumerate(total):
                sheet.write(3 + len(rows), column, value)
        book.save(str(tmp_path / name))

    workbook(
        "商品信息.xls",
        "商品信息表",
        PRODUCT_HEADER,
        [
            [
                "SP00001",
                "碘伏消毒液1",
                "DFXD",
                "100ml",
                "6928792174218",
                "瓶",
                "箱",
                12,
                "日用品",
                176.82,
                238.71,
                "否",
                None,
                "否",
            ],
            [
                " ＳＰ０００２４ ",
                "蒙脱石散24",
                "",
                "",
                "",
                "盒",
                "",
                1,
                "西药",
                5,
                8,
                "是",
                24,
                "否",
            ],
        ],
    )
    workbook(
        "往来单位.xls",
        "往来单位",
        PARTNER_HEADER,
        [
            [
                "WL0001",
                "台州华东大药房连锁有限公司1",
                "客户",
                "0571-88975330",
                "91330100R937R466UN",
                36879.18,
                0,
            ],
        ],
    )
    workbook(
        "库存.xls",
        "库存状况表",
        STOCK_HEADER,
        [
            [
                "CK01",
                "总仓",
                "SP00001",
                "碘伏消毒液1",
                "20250321B",
                datetime.date(2025, 3, 21),
                "2026年3月",
                58,
                "盒",
                134.9,
                7824.2,
            ],
            ["CK02", "一号门店", "SP00024", "蒙脱石散24", None, None, None, 2, "箱", 60, 120],
        ],
        total=["合计", "", "", "", "", "", "", 60, "", "", 7944.2],
    )

    server = serve_sample(tmp_path)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        products, partners, stock = fetch_tables(server.wsdl_url, page_size=1)
    finally:
        server.stop()
    assert [cells[:3] for _number, cells in products.rows] == [
        ["SP00001", "碘伏消毒液1", "DFXD"],
        [" ＳＰ０００２４ ", "蒙脱石散24", None],
    ]
    assert products.rows[0][1][12] is None
    assert partners.rows == [
        (
            2,
            [
                "WL0001",
                "台州华东大药房连锁有限公司1",
                "客户",
                "0571-88975330",
                "91330100R937R466UN",
                36879.18,
                0.0,
            ],
        )
    ]
    assert stock.rows == [
        (
            2,
            [
                "CK01",
                "总仓",
                "SP00001",
                "碘伏消毒液1",
                "20250321B",
                "2025-03-21",
                "2026年3月",
                58.0,
                "盒",
                134.9,
                7824.2,
            ],
        ),
        (
            3,
            ["CK02", "一号门店", "SP00024", "蒙脱石散24", None, None, None, 2.0, "箱", 60.0, 120.0],
        ),
    ]
