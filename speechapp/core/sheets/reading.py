"""Reading a returned sheet (.xlsx, or CSV in UTF-8 or GB18030) into rows by 编号, with the
problems of each file.

A returned sheet comes from outside, so reading it is bounded before and while it is read:
a workbook's zip is checked before openpyxl opens it (``archives.checked_zip``: members,
inflated sizes, ratio, shared strings included), is read in openpyxl's streaming mode, and
reading stops at the first row past ``limits.max_rows`` (empty rows count: a row far down the
sheet is reached through them), the first cell longer than ``MAX_CELL_CHARS``, or the first
CSV line wider than ``MAX_COLUMNS``. ``read_sheet_in_worker`` is the same reading with plain
arguments, for a process pool that bounds its time and memory as well.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from speechapp.core.archives import ArchiveError, checked_zip
from speechapp.core.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from speechapp.core.sheets.rows import (
    CSV_MARKER,
    HEADERS,
    MARKER_SHEET,
    REQUIRED_HEADERS,
    SheetMarker,
)
from speechapp.core.sheets.writing import csv_text

MAX_SHEET_BYTES = 2 * 1024 * 1024
# Inflated, as the zip's directory declares. A sheet of ours for 2,000 blanks is 2.2 MB of XML
# (3.8 MB with 160-character sentences; 22–35 times its compressed size). openpyxl holds the
# shared strings whole and a row's cells all at once: 8 MB of either takes it about 3 s and
# 110 MB (strings) or 280 MB (one row of 870,000 cells).
XLSX_MAX_PART_BYTES = 8 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 16 * 1024 * 1024
_MARKER_ROWS = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ARCHIVE_CODES = {
    "too_many_members": "xlsx_too_big",
    "too_big": "xlsx_too_big",
    "total_too_big": "xlsx_too_big",
    "encrypted": "encrypted",
}


class SheetError(ValueError):
    """A file that cannot be read as a returned sheet; ``code`` names why."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass(frozen=True, slots=True)
class ReturnedRow:
    where: str  # "Sheet1 第 5 行"
    number: str
    context: str
    raw: str  # the 填写值 as text ("" when empty)
    formula: bool = False
    note: str = ""  # 备注
    source: str = ""  # 来源/口径


@dataclass(frozen=True, slots=True)
class ReturnedSheet:
    name: str
    marker: SheetMarker | None
    rows: tuple[ReturnedRow, ...]
    # Rows named by the blank's id alone (a JSON values file): no sentence to compare.
    by_id: bool = False


def read_sheet(
    data: bytes, name: str, *, max_bytes: int = MAX_SHEET_BYTES, max_rows: int = MAX_ROWS
) -> ReturnedSheet:
    """The filled rows of a returned sheet (.xlsx, or CSV in UTF-8 or GB18030).

    Raises :class:`SheetError` for a file that is no sheet of ours: too big (``too_big``,
    ``xlsx_too_big``, ``too_many_rows``, ``cell_too_long``, ``too_many_columns``), encrypted,
    an old .xls, not a spreadsheet, or without the columns 编号, 上下文 and 填写值.
    ``max_rows`` comes from ``limits.max_rows(the blank limit)``.
    """
    if len(data) > max_bytes:
        raise SheetError("too_big", size=len(data), limit=max_bytes)
    if data.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SheetError("encrypted")
        raise SheetError("old_excel")
    if data.startswith(b"PK"):
        return _read_xlsx(data, name, _RowCount(max_rows))
    return _read_csv(data, name, _RowCount(max_rows))


def read_sheet_in_worker(data: bytes, name: str, max_bytes: int, max_rows: int) -> ReturnedSheet:
    """``read_sheet`` with positional arguments, for ``BoundedRenderer.run`` (a process pool
    passes plain arguments; the result and any SheetError come back pickled)."""
    return read_sheet(data, name, max_bytes=max_bytes, max_rows=max_rows)


class _RowCount:
    """The rows read so far from one file; the first past the limit is refused."""

    def __init__(self, limit: int):
        self.limit = limit
        self.read = 0

    def add(self, where: str) -> None:
        self.read += 1
        if self.read > self.limit:
            raise SheetError("too_many_rows", limit=self.limit, where=where)


def _short(text: str, where: str) -> str:
    if len(text) > MAX_CELL_CHARS:
        raise SheetError("cell_too_long", limit=MAX_CELL_CHARS, where=where)
    return text


def _header_columns(header: Sequence[object]) -> dict[str, int]:
    columns = {}
    for index, cell in enumerate(header):
        text = "" if cell is None else str(cell)
        text = text.strip() if len(text) <= MAX_CELL_CHARS else ""
        if text in HEADERS and text not in columns:
            columns[text] = index
    return columns


def _missing(columns: Mapping[str, int]) -> list[str]:
    return [h for h in REQUIRED_HEADERS if h not in columns]


def _cell_text(value: object, where: str, number_format: str | None = "General") -> str:
    """A workbook cell's value as the text typed; SheetError past ``MAX_CELL_CHARS``."""
    if value is None:
        return ""
    if isinstance(value, str):
        # Checked before anything copies it: a shared string is one object however many
        # cells use it.
        return _short(value, where).strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            # Typed as "5.2%" Excel keeps 0.052: the sheet asks for the figure, 5.2.
            value = round(value * 100, 10)
        if isinstance(value, float) and value.is_integer():
            return _short(str(int(value)), where)
        return _short(repr(value) if isinstance(value, float) else str(value), where)
    return _short(str(value), where).strip()


def _read_xlsx(data: bytes, name: str, count: _RowCount) -> ReturnedSheet:
    from openpyxl import load_workbook

    try:
        checked_zip(
            data, part_limit=lambda _: XLSX_MAX_PART_BYTES, total_limit=XLSX_MAX_TOTAL_BYTES
        )
    except ArchiveError as exc:
        code = _ARCHIVE_CODES.get(exc.code, "not_spreadsheet")
        raise SheetError(code, **(exc.params if code == "xlsx_too_big" else {})) from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except MemoryError:
        raise
    except Exception as exc:  # a zip that is no workbook (a .docx…) fails in many ways
        raise SheetError("not_spreadsheet") from exc
    try:
        return _workbook_rows(wb, name, count)
    except (SheetError, MemoryError):
        raise
    except Exception as exc:  # read lazily: a broken sheet part fails while it is read
        raise SheetError("not_spreadsheet") from exc
    finally:
        wb.close()


def _workbook_rows(wb, name: str, count: _RowCount) -> ReturnedSheet:
    marker = None
    if MARKER_SHEET in wb.sheetnames:
        ws = wb[MARKER_SHEET]
        ws.reset_dimensions()
        cells = {}
        lines = ws.iter_rows(max_row=_MARKER_ROWS, max_col=2, values_only=True)
        for row_number, (key, value) in enumerate(lines, start=1):
            where = f"{MARKER_SHEET} 第 {row_number} 行"
            if key is not None:
                cells[_cell_text(key, where)] = _cell_text(value, where)
        marker = SheetMarker(cells.get("draft", ""), cells.get("template", ""))
    rows: list[ReturnedRow] = []
    missing: list[str] | None = None
    for ws in wb.worksheets:
        if ws.title == MARKER_SHEET:
            continue
        # Streaming mode trusts the sheet's <dimension>: one that lies would cut rows off,
        # or pad every row to 16,384 cells. Rows are read as they are, up to the last column
        # needed.
        ws.reset_dimensions()
        title = ws.title[:31]  # as long as Excel allows: it is repeated in every row's place
        count.add(f"{title} 第 1 行")
        header = next(ws.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        columns = _header_columns(header)
        if _missing(columns):
            if missing is None or len(_missing(columns)) < len(missing):
                missing = _missing(columns)
            continue
        missing = []
        width = max(columns.values()) + 1
        lines = ws.iter_rows(min_row=2, max_col=width)
        for row_number, cells in enumerate(lines, start=2):
            where = f"{title} 第 {row_number} 行"
            count.add(where)
            number, context, fill = (cells[columns[h]] for h in ("编号", "上下文", "填写值"))
            note, source = (
                _cell_text(cells[columns[h]].value, where) if h in columns else ""
                for h in ("备注", "来源/口径")
            )
            number_text = _cell_text(number.value, where).lower()
            if not number_text:
                continue
            rows.append(
                ReturnedRow(
                    where=where,
                    number=number_text,
                    context=_cell_text(context.value, where),
                    raw=_cell_text(fill.value, where, fill.number_format),
                    formula=fill.data_type == "f",
                    note=note,
                    source=source,
                )
            )
    if missing:
        raise SheetError("missing_columns", columns="、".join(missing))
    return ReturnedSheet(name, marker, tuple(rows))


def _read_csv(data: bytes, name: str, count: _RowCount) -> ReturnedSheet:
    if b"\x00" in data:
        raise SheetError("not_spreadsheet")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError("not_spreadsheet")
    columns: dict[str, int] | None = None
    marker = None
    rows: list[ReturnedRow] = []
    line_number = 0
    lines = csv.reader(io.StringIO(text, newline=""))
    try:
        for line_number, line in enumerate(lines, start=1):
            where = f"第 {line_number} 行"
            count.add(where)
            if len(line) > MAX_COLUMNS:
                raise SheetError("too_many_columns", limit=MAX_COLUMNS, where=where)
            for field in line:
                _short(field, where)
            if columns is None:
                columns = _header_columns(line)
                if not columns:
                    raise SheetError("not_spreadsheet")
                if _missing(columns):
                    raise SheetError("missing_columns", columns="、".join(_missing(columns)))
                continue
            if line and line[0].strip() == CSV_MARKER:
                fields = dict(f.split("=", 1) for f in line[1:3] if "=" in f)
                marker = SheetMarker(fields.get("draft", ""), fields.get("template", ""))
                continue
            number, context, fill = (
                line[columns[h]].strip() if columns[h] < len(line) else ""
                for h in ("编号", "上下文", "填写值")
            )
            if not number:
                continue
            note, source = (
                csv_text(line[columns[h]]).strip() if columns.get(h, len(line)) < len(line) else ""
                for h in ("备注", "来源/口径")
            )
            rows.append(
                ReturnedRow(
                    where=where,
                    number=csv_text(number).strip().lower(),
                    # The sheet's own text comes back as it was written, quote or none (Excel
                    # drops it when it saves a CSV again).
                    context=csv_text(context).strip(),
                    raw=csv_text(fill).strip(),
                    formula=fill.startswith("="),  # "'=1+1" is the text =1+1
                    note=note,
                    source=source,
                )
            )
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            where = f"第 {line_number + 1} 行"
            raise SheetError("cell_too_long", limit=MAX_CELL_CHARS, where=where) from None
        raise SheetError("not_spreadsheet") from exc
    if columns is None:
        raise SheetError("not_spreadsheet")
    return ReturnedSheet(name, marker, tuple(rows))
