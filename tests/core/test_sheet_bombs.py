"""A returned sheet cannot take a worker down: bombs are refused with a reason before they are
read, and reading stops at the first row or cell past its bound."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from speechapp.core.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from speechapp.core.sheets import (
    MAX_SHEET_BYTES,
    SheetError,
    read_sheet,
    read_sheet_in_worker,
)
from speechapp.core.sheets.reading import XLSX_MAX_PART_BYTES, XLSX_MAX_TOTAL_BYTES

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# The smallest workbook openpyxl reads: one sheet and its shared strings, no styles.
PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>",
}


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = (
    '<row r="1">'
    + "".join(
        text_cell(f"{c}1", h) for c, h in zip("ABC", ("编号", "上下文", "填写值"), strict=True)
    )
    + "</row>"
).encode()


def row(number: int, fill: str = "5.2") -> bytes:
    return (
        f'<row r="{number}">{text_cell(f"A{number}", f"s{number:03}")}'
        f"{text_cell(f'C{number}', fill)}</row>"
    ).encode()


def workbook(
    rows: Iterable[bytes],
    strings: Iterable[bytes] = (b"<si><t>x</t></si>",),
    dimension: str = "",
    extra: Iterable[bytes] = (),
    title: str = "Sheet1",
) -> bytes:
    """A workbook whose sheet and shared strings (and an ``extra`` part openpyxl does not
    read) are streamed in, so that the test never holds a bomb whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text.replace('name="Sheet1"', f'name="{title}"'))
        with archive.open("xl/extra.xml", "w", force_zip64=True) as member:
            for chunk in extra:
                member.write(chunk)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(f'<sst xmlns="{MAIN}">'.encode())
            for chunk in strings:
                member.write(chunk)
            member.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>'.encode() + HEADER)
            for chunk in rows:
                member.write(chunk)
            member.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def one_string(size: int) -> Iterator[bytes]:
    yield b"<si><t>"
    for _ in range(size // MB):
        yield b"a" * MB
    yield b"</t></si>"


def refusal(data: bytes, name: str = "返回表.xlsx") -> SheetError:
    with pytest.raises(SheetError) as excinfo:
        read_sheet(data, name)
    return excinfo.value


def peak_memory_while_refusing(data: bytes) -> int:
    tracemalloc.start()
    try:
        refusal(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_million_rows_in_a_small_workbook_are_refused_before_openpyxl_reads_one():
    data = workbook(b'<row><c t="s"><v>0</v></c></row>' for _ in range(1_000_000))
    assert len(data) < MAX_SHEET_BYTES
    error = refusal(data)
    assert error.code == "xlsx_too_big"
    assert error.params["member"] == "xl/worksheets/sheet1.xml"
    assert error.params["size"] > error.params["limit"] == XLSX_MAX_PART_BYTES


def test_a_shared_string_past_the_limit_is_refused_before_it_is_inflated():
    data = workbook([row(2)], strings=one_string(XLSX_MAX_PART_BYTES + MB))
    assert len(data) < 100_000
    error = refusal(data)
    assert (error.code, error.params["member"]) == ("xlsx_too_big", "xl/sharedStrings.xml")
    assert peak_memory_while_refusing(data) < 5 * MB


def test_a_part_under_the_limit_that_inflates_a_hundred_times_is_refused():
    data = workbook([row(2)], strings=one_string(XLSX_MAX_PART_BYTES // 2))
    assert (refusal(data).code, refusal(data).params["member"]) == (
        "xlsx_too_big",
        "xl/sharedStrings.xml",
    )


def numbered(make, size: int) -> Iterator[bytes]:
    """Chunks up to ``size`` bytes that compress 10–50 times: no bomb by their ratio."""
    written, n = 0, 0
    while written < size:
        chunk = make(n)
        written, n = written + len(chunk), n + 1
        yield chunk


def test_parts_each_under_the_limit_are_refused_past_the_limit_for_all():
    third = XLSX_MAX_TOTAL_BYTES // 3 + MB
    assert third < XLSX_MAX_PART_BYTES
    data = workbook(
        numbered(lambda n: f'<row r="{n + 2}"><c><v>1</v></c></row>'.encode(), third),
        strings=numbered(lambda n: f"<si><t>{n % 1500}</t></si>".encode(), third),
        extra=numbered(lambda n: f"<x>{n % 1500}</x>".encode(), third),
    )
    assert len(data) < MAX_SHEET_BYTES
    error = refusal(data)
    assert error.code == "xlsx_too_big"
    assert error.params["size"] > error.params["limit"] == XLSX_MAX_TOTAL_BYTES


def test_reading_stops_at_the_first_row_past_the_limit():
    data = workbook(row(n) for n in range(2, MAX_ROWS + 500))
    error = refusal(data)
    assert error.code == "too_many_rows"
    assert error.params == {"limit": MAX_ROWS, "where": f"Sheet1 第 {MAX_ROWS + 1} 行"}


def test_a_row_far_down_the_sheet_counts_the_empty_rows_before_it():
    error = refusal(workbook([row(2), row(100_000)]))
    assert error.params == {"limit": MAX_ROWS, "where": f"Sheet1 第 {MAX_ROWS + 1} 行"}


def test_a_cell_longer_than_the_limit_is_refused_with_its_row():
    error = refusal(workbook([row(2), row(3, fill="9" * (MAX_CELL_CHARS + 1))]))
    assert (error.code, error.params) == (
        "cell_too_long",
        {"limit": MAX_CELL_CHARS, "where": "Sheet1 第 3 行"},
    )


def test_a_shared_string_longer_than_a_cell_may_be_is_refused_where_it_is_used():
    strings = [b"<si><t>x</t></si>", b"<si><t>" + b"a" * (MAX_CELL_CHARS + 1) + b"</t></si>"]
    data = workbook([row(2), b'<row r="3"><c r="A3" t="s"><v>1</v></c></row>'], strings=strings)
    assert refusal(data).params["where"] == "Sheet1 第 3 行"


def test_a_sheet_title_longer_than_excel_allows_is_not_repeated_in_every_row():
    data = workbook([row(2), row(3)], title="T" * 60_000)
    returned = read_sheet(data, "a.xlsx")
    assert [r.where for r in returned.rows] == [f"{'T' * 31} 第 2 行", f"{'T' * 31} 第 3 行"]


def test_a_dimension_that_lies_does_not_hide_rows():
    # Passes before the bounded reading too: a guard on read_only mode, which trusts it.
    data = workbook([row(2), row(3), row(4)], dimension='<dimension ref="A1:C1"/>')
    assert [r.number for r in read_sheet(data, "a.xlsx").rows] == ["s002", "s003", "s004"]


def test_a_dimension_claiming_every_column_reads_the_same_rows():
    # Passes before too; read_only mode would pad each row to 16,384 cells if it believed it.
    data = workbook([row(2), row(3)], dimension='<dimension ref="A1:XFD3"/>')
    returned = read_sheet(data, "a.xlsx")
    assert [(r.number, r.raw) for r in returned.rows] == [("s002", "5.2"), ("s003", "5.2")]


def test_a_marker_sheet_with_many_rows_is_read_by_its_first_rows_only():
    wb = Workbook()
    wb.active.append(("编号", "上下文", "填写值"))
    wb.active.append(("s001", "", "5"))
    marker = wb.create_sheet("_speechapp")
    marker.append(("draft", "7"))
    marker.append(("template", "abc"))
    for _ in range(MAX_ROWS + 10):
        marker.append(("x", "y"))
    out = io.BytesIO()
    wb.save(out)
    returned = read_sheet(out.getvalue(), "a.xlsx")
    assert (returned.marker.draft, returned.marker.template) == ("7", "abc")


# ---------------------------------------------------------------- CSV


def csv_refusal(text: str) -> SheetError:
    return refusal(("\ufeff" + text).encode(), "返回表.csv")


CSV_HEADER = "编号,上下文,填写值\r\n"


def test_a_csv_stops_at_the_first_row_past_the_limit():
    error = csv_refusal(CSV_HEADER + "".join(f"s{n:03},,5\r\n" for n in range(MAX_ROWS + 500)))
    assert (error.code, error.params) == (
        "too_many_rows",
        {"limit": MAX_ROWS, "where": f"第 {MAX_ROWS + 1} 行"},
    )


def test_a_csv_of_empty_lines_counts_them():
    error = csv_refusal(CSV_HEADER + "\r\n" * 1_000_000)
    assert error.params == {"limit": MAX_ROWS, "where": f"第 {MAX_ROWS + 1} 行"}


def test_a_csv_cell_longer_than_the_limit_is_refused_with_its_row():
    error = csv_refusal(CSV_HEADER + "s001,,5\r\ns002,," + "9" * (MAX_CELL_CHARS + 1) + "\r\n")
    assert (error.code, error.params) == (
        "cell_too_long",
        {"limit": MAX_CELL_CHARS, "where": "第 3 行"},
    )


def test_a_csv_cell_past_the_csv_module_s_own_limit_gets_the_same_reason():
    error = csv_refusal(CSV_HEADER + "s001,," + "9" * 200_000 + "\r\n")
    assert (error.code, error.params["where"]) == ("cell_too_long", "第 2 行")


def test_a_csv_line_with_too_many_columns_is_refused():
    error = csv_refusal(CSV_HEADER + "s001,,5" + "," * MAX_COLUMNS + "\r\n")
    assert (error.code, error.params) == (
        "too_many_columns",
        {"limit": MAX_COLUMNS, "where": "第 2 行"},
    )


# ---------------------------------------------------------------- in a worker process


def test_the_reading_runs_in_the_bounded_pool_and_its_refusals_come_back():
    from speechapp.core.rendering.bounded import BoundedRenderer

    pool = BoundedRenderer(workers=1, timeout_s=20, memory_mb=1024)
    try:
        good = workbook([row(2)])
        returned = pool.run(read_sheet_in_worker, good, "a.xlsx", MAX_SHEET_BYTES, MAX_ROWS)
        assert [(r.number, r.raw) for r in returned.rows] == [("s002", "5.2")]
        bomb = workbook(row(n) for n in range(2, 40))
        with pytest.raises(SheetError) as excinfo:
            pool.run(read_sheet_in_worker, bomb, "a.xlsx", MAX_SHEET_BYTES, 10)
        assert excinfo.value.params == {"limit": 10, "where": "Sheet1 第 11 行"}
    finally:
        pool.shutdown()


REAL_WORKBOOK = workbook([row(2), row(3, fill="6")])


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    position=st.integers(min_value=0, max_value=len(REAL_WORKBOOK) - 1),
    garbage=st.binary(min_size=1, max_size=64),
    truncate=st.booleans(),
)
def test_a_damaged_workbook_reads_or_is_refused_with_a_reason(position, garbage, truncate):
    # Passes before the bounded reading too: a guard on streaming mode, which fails while
    # rows are read rather than when the workbook is opened.
    data = (
        REAL_WORKBOOK[:position] + garbage + (b"" if truncate else REAL_WORKBOOK[position + 64 :])
    )
    try:
        read_sheet(data, "a.xlsx")
    except SheetError as exc:
        assert exc.code in (
            *("not_spreadsheet", "xlsx_too_big", "encrypted", "old_excel", "missing_columns"),
            *("too_many_rows", "cell_too_long", "too_many_columns"),
        )
