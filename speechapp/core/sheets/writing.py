"""Writing a data-request sheet: a protected .xlsx (one sheet, or one per office) or a CSV.

No formula leaves the app: the sheet's text comes from templates, values and office names
typed by others, and a cell of it that a spreadsheet takes for a formula would run when the
supplying office opens the sheet (``=HYPERLINK(…)`` sending data away, DDE). Every cell of the
.xlsx is a text cell, and in a CSV a cell starting like a formula gets a quote before it
(OWASP's rule), which reading the sheet back takes off again (``csv_cell`` / ``csv_text``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence

from speechapp.core.model import SlotKind
from speechapp.core.sheets.rows import (
    CSV_MARKER,
    FILL_COLUMN,
    HEADERS,
    MARKER_SHEET,
    NOTE_COLUMN,
    SOURCE_COLUMN,
    SheetMarker,
    SheetRow,
)
from speechapp.core.values import whole_numbers_only

# What makes Excel (and LibreOffice) read typed text as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
# Excel keeps "History" for itself; the marker sheet is ours.
_RESERVED_TITLES = frozenset({"history", MARKER_SHEET.lower()})


def csv_cell(text: str) -> str:
    """A CSV cell as written: text starting like a formula gets a quote before it, so that a
    spreadsheet shows it as text. So that ``csv_text`` gives back any text unchanged, text
    whose quotes are followed by such a start gets one more quote too."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def csv_text(cell: str) -> str:
    """The text of a CSV cell read back: the quote ``csv_cell`` put before it taken off."""
    return (
        cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell
    )


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: 31 characters at most, none of []:*?/\\ or a control character,
    not starting like a formula nor starting or ending with a quote, and unique in the
    workbook as Excel compares names (ignoring case)."""
    base = _SHEET_TITLE_BAD.sub("_", name).strip("'")
    if base.startswith(FORMULA_STARTS):
        base = "_" + base[1:]
    base = base or "未分配"
    used = {t.lower() for t in taken} | _RESERVED_TITLES
    title, n = base[:31].rstrip("'"), 2
    while title.lower() in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _append_text(ws, texts: Sequence[str]) -> None:
    """A row of text cells. openpyxl takes a string starting with "=" for a formula: it is
    typed back to text, and every cell starting like a formula is marked so that Excel keeps
    it text when it is edited (quotePrefix, as when "'" is typed before it). Characters XML
    cannot hold (control characters a template may carry) are left out."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    ws.append([ILLEGAL_CHARACTERS_RE.sub("", text) for text in texts])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


_WIDTHS = (8, 24, 60, 10, 8, 12, 14, 16, 20, 20)
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

    _append_text(ws, HEADERS)
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
        _append_text(ws, row.cells())
        for cell in ws[row_index]:
            cell.alignment = wrap if cell.column == HEADERS.index("上下文") + 1 else top
            if row.current:
                cell.fill = shade
        for column in (FILL_COLUMN, NOTE_COLUMN, SOURCE_COLUMN):
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
    _append_text(hidden, ("draft", marker.draft))
    _append_text(hidden, ("template", marker.template))
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
        writer.writerow([csv_cell(text) for text in row.cells()])
    marker_row = (CSV_MARKER, f"draft={marker.draft}", f"template={marker.template}")
    writer.writerow([csv_cell(text) for text in marker_row] + [""] * 6)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
