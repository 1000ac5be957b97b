"""Reading a returned sheet (.xlsx, or CSV in UTF-8 or GB18030) into rows by 编号, with the
problems of each file."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .rows import CSV_MARKER, HEADERS, MARKER_SHEET, REQUIRED_HEADERS, SheetMarker

MAX_SHEET_BYTES = 2 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


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


@dataclass(frozen=True, slots=True)
class ReturnedSheet:
    name: str
    marker: SheetMarker | None
    rows: tuple[ReturnedRow, ...]
    # Rows named by the blank's id alone (a JSON values file): no sentence to compare.
    by_id: bool = False


def read_sheet(data: bytes, name: str, *, max_bytes: int = MAX_SHEET_BYTES) -> ReturnedSheet:
    """The filled rows of a returned sheet (.xlsx, or CSV in UTF-8 or GB18030).

    Raises :class:`SheetError` for a file that is no sheet of ours: too big, encrypted,
    an old .xls, not a spreadsheet, or without the columns 编号, 上下文 and 填写值.
    """
    if len(data) > max_bytes:
        raise SheetError("too_big", size=len(data), limit=max_bytes)
    if data.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SheetError("encrypted")
        raise SheetError("old_excel")
    if data.startswith(b"PK"):
        return _read_xlsx(data, name)
    return _read_csv(data, name)


def _header_columns(header: Sequence[object]) -> dict[str, int]:
    columns = {}
    for index, cell in enumerate(header):
        text = str(cell).strip() if cell is not None else ""
        if text in HEADERS and text not in columns:
            columns[text] = index
    return columns


def _missing(columns: Mapping[str, int]) -> list[str]:
    return [h for h in REQUIRED_HEADERS if h not in columns]


def _cell_text(value: object, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in number_format:
            # Typed as "5.2%" Excel keeps 0.052: the sheet asks for the figure, 5.2.
            value = round(value * 100, 10)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    return str(value).strip()


def _read_xlsx(data: bytes, name: str) -> ReturnedSheet:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # a zip that is no workbook (a .docx…) fails in many ways
        raise SheetError("not_spreadsheet") from exc
    marker = None
    if MARKER_SHEET in wb.sheetnames:
        cells = {
            str(r[0]): "" if r[1] is None else str(r[1])
            for r in wb[MARKER_SHEET].iter_rows(values_only=True)
            if r and r[0] is not None and len(r) > 1
        }
        marker = SheetMarker(cells.get("draft", ""), cells.get("template", ""))
    rows: list[ReturnedRow] = []
    missing: list[str] | None = None
    for ws in wb.worksheets:
        if ws.title == MARKER_SHEET:
            continue
        lines = ws.iter_rows()
        header = next(lines, None)
        columns = _header_columns([c.value for c in header] if header else [])
        if _missing(columns):
            if missing is None or len(_missing(columns)) < len(missing):
                missing = _missing(columns)
            continue
        missing = []
        for line in lines:
            cells = list(line)

            def cell(header: str, cells=cells, columns=columns):
                index = columns.get(header)
                return cells[index] if index is not None and index < len(cells) else None

            number = cell("编号")
            fill = cell("填写值")
            number_text = _cell_text(number.value if number is not None else None).lower()
            if not number_text:
                continue
            raw = _cell_text(fill.value, fill.number_format) if fill is not None else ""
            context = cell("上下文")
            rows.append(
                ReturnedRow(
                    where=f"{ws.title} 第 {cells[0].row} 行",
                    number=number_text,
                    context=_cell_text(context.value if context is not None else None),
                    raw=raw,
                    formula=fill is not None and fill.data_type == "f",
                )
            )
    if missing:
        raise SheetError("missing_columns", columns="、".join(missing))
    return ReturnedSheet(name, marker, tuple(rows))


def _read_csv(data: bytes, name: str) -> ReturnedSheet:
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
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SheetError("not_spreadsheet") from exc
    columns = _header_columns(lines[0] if lines else [])
    if not columns:
        raise SheetError("not_spreadsheet")
    if _missing(columns):
        raise SheetError("missing_columns", columns="、".join(_missing(columns)))
    marker = None
    rows: list[ReturnedRow] = []
    for line_number, line in enumerate(lines[1:], start=2):

        def cell(header: str, line=line) -> str:
            index = columns.get(header)
            return line[index].strip() if index is not None and index < len(line) else ""

        if line and line[0].strip() == CSV_MARKER:
            fields = dict(f.split("=", 1) for f in line[1:3] if "=" in f)
            marker = SheetMarker(fields.get("draft", ""), fields.get("template", ""))
            continue
        if not cell("编号"):
            continue
        raw = cell("填写值")
        rows.append(
            ReturnedRow(
                where=f"第 {line_number} 行",
                number=cell("编号").lower(),
                context=cell("上下文"),
                raw=raw,
                formula=raw.startswith("="),
            )
        )
    return ReturnedSheet(name, marker, tuple(rows))
