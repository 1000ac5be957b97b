"""Data-request sheets: the blanks a speech needs, sent out as .xlsx or CSV and read back.

Pure: building the rows (with the sentence around each blank shown as 【　】), writing them,
and reading a returned sheet into rows by 编号 with the problems of each file. Checking a
value against its blank is not done here: the one value rule lives with the drafts
(``drafts.values.check_value``), and ``drafts.collect`` applies it to what is read here.
The sheet is a Chinese document, like the speech itself: its headers and labels are Chinese
whatever the language of the pages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from speechapp.core.kinds import NUMERIC_KINDS
from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.outline import speech_sections
from speechapp.core.values import whole_numbers_only

HEADERS = ("编号", "章节", "上下文", "单位", "类型", "当前值", "填写值", "责任单位", "备注")
REQUIRED_HEADERS = ("编号", "上下文", "填写值")
BLANK_MARK = "【　】"
OPENING = "开头"  # the 章节 of blanks before the first heading
FILL_COLUMN = HEADERS.index("填写值")
NOTE_COLUMN = HEADERS.index("备注")
MARKER_SHEET = "_speechapp"
# A CSV cannot hide a sheet: the marker travels as a last row whose 编号 is this.
CSV_MARKER = "#speechapp"
MAX_SHEET_BYTES = 2 * 1024 * 1024

KIND_LABELS = {
    SlotKind.PERCENT: "百分比",
    SlotKind.POINTS: "百分点",
    SlotKind.AMOUNT: "金额",
    SlotKind.COUNT: "数量",
    SlotKind.MEASURE: "数值",
    SlotKind.RANK: "名次",
    SlotKind.MONTH: "月份",
    SlotKind.DAY: "日",
    SlotKind.YEAR: "年份",
    SlotKind.RATIO: "比例",
    SlotKind.AGE: "岁数",
    SlotKind.RATE: "比率",
    SlotKind.NAME: "文字",
}
_SENTENCE_END = "。！？；!?;\n"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class SheetMarker:
    """Which draft and template a sheet was made for (draft "" when made without a draft)."""

    draft: str
    template: str


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: str  # the blank's id: "s009"
    section: str
    context: str
    unit: str
    kind: str
    current: str
    fill: str
    office: str
    note: str = ""
    numeric_kind: SlotKind | None = None  # for the data validation of 填写值
    token: str = ""  # the blank as written: "X.X人" takes decimals (values.whole_numbers_only)

    def cells(self) -> tuple[str, ...]:
        return (
            self.number,
            self.section,
            self.context,
            self.unit,
            self.kind,
            self.current,
            self.fill,
            self.office,
            self.note,
        )


@dataclass(frozen=True, slots=True)
class SheetFilter:
    # a section key (speechapp.core.outline); a part takes its subsections
    section: str | None = None
    office: str | None = None
    open_only: bool = False
    figures_only: bool = False


def template_fingerprint(source_text: str, token_set: str) -> str:
    """Names a template's text and blank marks (which fix the blanks' ids)."""
    material = f"{token_set}\n{source_text}".encode()
    return hashlib.sha256(material).hexdigest()[:16]


def blank_context(speech: Speech, slot: Slot) -> str:
    """The sentence holding ``slot``, with the blank shown as 【　】."""
    text = speech.blocks[slot.block].text
    start = max((text.rfind(ch, 0, slot.start) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(ch, slot.end) for ch in _SENTENCE_END) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return (text[start : slot.start] + BLANK_MARK + text[slot.end : end]).strip()


def slot_offices(
    speech: Speech, by_section: Mapping[str, str], by_slot: Mapping[str, str]
) -> dict[str, str]:
    """Each blank's 责任单位: its own, else its section's, else its part's ("" when none)."""
    offices: dict[str, str] = {}
    for section in speech_sections(speech):
        inherited = by_section.get(section.key) or by_section.get(section.parent or "", "")
        for slot_id in section.slot_ids:
            offices[slot_id] = by_slot.get(slot_id) or inherited
    return offices


def sheet_rows(
    speech: Speech,
    printed: Mapping[str, str],
    offices: Mapping[str, str],
    chosen: SheetFilter = SheetFilter(),
) -> list[SheetRow]:
    """The rows of a data-request sheet, in the order of the speech."""
    in_section: set[str] | None = None
    if chosen.section is not None:
        in_section = {
            slot_id
            for section in speech_sections(speech)
            if chosen.section in (section.key, section.parent)
            for slot_id in section.slot_ids
        }
    rows = []
    for slot in speech.slots:
        office = offices.get(slot.id, "")
        current = printed.get(slot.id, "")
        if in_section is not None and slot.id not in in_section:
            continue
        if chosen.office is not None and office != chosen.office:
            continue
        if chosen.open_only and current:
            continue
        numeric = slot.kind in NUMERIC_KINDS
        if chosen.figures_only and not numeric:
            continue
        rows.append(
            SheetRow(
                number=slot.id,
                section=slot.section or OPENING,
                context=blank_context(speech, slot),
                unit=slot.unit or "",
                kind=KIND_LABELS[slot.kind],
                current=current,
                fill="",
                office=office,
                numeric_kind=slot.kind if numeric else None,
                token=slot.token,
            )
        )
    return rows


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name (31 characters, no []:*?/\\), unique in the workbook."""
    base = _SHEET_TITLE_BAD.sub("_", name).strip("'") or "未分配"
    title, n = base[:31], 2
    while title in taken or title == MARKER_SHEET:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


# ---------------------------------------------------------------- writing

_WIDTHS = (8, 24, 60, 10, 8, 12, 14, 16, 20)


def _validation_rule(row: SheetRow) -> str | None:
    """Which Excel data validation the 填写值 of ``row`` carries (None for words)."""
    kind = row.numeric_kind
    if kind is None:
        return None
    if kind in (SlotKind.MONTH, SlotKind.DAY):
        return str(kind)
    if whole_numbers_only(kind, row.unit, row.token):
        return "whole"  # "×家": whole; "×万人次" or "X.X人" may be 1.2
    if kind in (SlotKind.PERCENT, SlotKind.POINTS):
        return "signed"
    return "decimal"


def _validation(rule: str):
    from openpyxl.worksheet.datavalidation import DataValidation

    common = {"allow_blank": True, "showErrorMessage": True, "errorTitle": "填写值不符合要求"}
    if rule == "month":
        months = ",".join(str(m) for m in range(1, 13))
        return DataValidation(
            type="list", formula1=f'"{months}"', error="请填写 1–12 之间的月份", **common
        )
    if rule == "day":
        return DataValidation(
            type="whole", operator="between", formula1="1", formula2="31",
            error="请填写 1–31 之间的日期", **common,
        )  # fmt: skip
    if rule == "whole":
        return DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0",
            error="请填写整数", **common,
        )  # fmt: skip
    if rule == "signed":
        return DataValidation(
            type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
            error="请填写数字，例如 5.2", **common,
        )  # fmt: skip
    return DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0",
        error="请填写不小于 0 的数字", **common,
    )  # fmt: skip


def _fill_sheet(ws, rows: Sequence[SheetRow]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for index, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    shade = PatternFill("solid", start_color="E2EFDA", end_color="E2EFDA")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    open_cell = Protection(locked=False)
    validations: dict[str, object] = {}
    fill_letter = get_column_letter(FILL_COLUMN + 1)
    for row_index, row in enumerate(rows, start=2):
        ws.append(row.cells())
        for cell in ws[row_index]:
            cell.alignment = wrap if cell.column == HEADERS.index("上下文") + 1 else top
            if row.current:
                cell.fill = shade
        for column in (FILL_COLUMN, NOTE_COLUMN):
            ws.cell(row=row_index, column=column + 1).protection = open_cell
        fill_cell = ws.cell(row=row_index, column=FILL_COLUMN + 1)
        rule = _validation_rule(row)
        if rule is None:
            fill_cell.number_format = "@"  # words stay words
        else:
            if rule not in validations:
                validations[rule] = _validation(rule)
                ws.add_data_validation(validations[rule])
            validations[rule].add(f"{fill_letter}{row_index}")
    ws.protection.sheet = True
    # Locked cells stay locked; widening a column or a row is still allowed.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def write_xlsx(sheets: Mapping[str, Sequence[SheetRow]], marker: SheetMarker) -> bytes:
    """A workbook with one protected sheet per entry (title -> rows) and a hidden marker."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, rows in sheets.items():
        _fill_sheet(wb.create_sheet(sheet_title(name, taken)), rows)
    hidden = wb.create_sheet(MARKER_SHEET)
    hidden.append(("draft", marker.draft))
    hidden.append(("template", marker.template))
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_csv(rows: Sequence[SheetRow], marker: SheetMarker) -> bytes:
    """The rows as CSV, UTF-8 with a BOM so Excel opens it, the marker as the last row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(row.cells())
    writer.writerow(
        (CSV_MARKER, f"draft={marker.draft}", f"template={marker.template}") + ("",) * 6
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- reading


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
