"""Data-request sheets: the rows, the workbook a supplying office fills, reading it back."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from speechapp.core.parsing import parse_speech
from speechapp.core.sheets import (
    HEADERS,
    MARKER_SHEET,
    SheetError,
    SheetFilter,
    SheetMarker,
    read_sheet,
    sheet_rows,
    slot_offices,
    write_csv,
    write_xlsx,
)
from tests.samples import SHORT_TEXT

MARKER = SheetMarker("7", "abc123")


@pytest.fixture
def speech():
    return parse_speech(SHORT_TEXT)


def section_key(speech, title_start: str) -> str:
    from speechapp.core.outline import speech_sections

    return next(s.key for s in speech_sections(speech) if s.title.startswith(title_start))


def test_a_row_shows_the_sentence_with_its_blank_marked(speech):
    row = sheet_rows(speech, {}, {})[0]
    assert row.number == "s001"
    assert (
        row.context
        == "今年以来，全市地区生产总值增长【　】%，完成固定资产投资×亿元，ABC公司等×家企业签约落地。"
    )
    assert (row.unit, row.kind) == ("%", "百分比")


def test_a_blank_takes_its_own_office_else_its_section_s_else_its_part_s(speech):
    part = section_key(speech, "一、")
    sub = section_key(speech, "（一）")
    offices = slot_offices(speech, {part: "发改委", sub: "统计局"}, {"s007": "财政局"})
    by_section = {s.id: s.section for s in speech.slots}
    assert offices["s001"] == ""  # the opening has no office
    assert all(
        offices[i] == "发改委" for i in by_section if "（一）" not in by_section[i] and i > "s003"
    )
    assert offices["s007"] == "财政局"
    assert offices["s006"] == "统计局"


def test_filters_keep_only_the_rows_asked_for(speech):
    printed = {"s001": "5.2"}
    offices = {"s002": "统计局"}
    assert [
        r.number for r in sheet_rows(speech, printed, offices, SheetFilter(office="统计局"))
    ] == ["s002"]
    open_rows = sheet_rows(speech, printed, offices, SheetFilter(open_only=True))
    assert "s001" not in [r.number for r in open_rows]
    figures = sheet_rows(speech, printed, offices, SheetFilter(figures_only=True))
    assert all(r.kind != "文字" for r in figures) and len(figures) < len(speech.slots)
    sub = section_key(speech, "（一）")
    in_sub = sheet_rows(speech, printed, offices, SheetFilter(section=sub))
    assert in_sub and all("（一）" in r.section for r in in_sub)


def test_the_workbook_protects_all_but_the_value_note_and_source_columns(speech):
    wb = load_workbook(
        io.BytesIO(write_xlsx({"全部": sheet_rows(speech, {"s001": "5.2"}, {})}, MARKER))
    )
    ws = wb["全部"]
    assert tuple(c.value for c in ws[1]) == HEADERS
    assert ws.freeze_panes == "A2"
    assert ws.protection.sheet
    locked = {HEADERS[c.column - 1]: c.protection.locked for c in ws[2]}
    assert locked == {h: h not in ("填写值", "备注", "来源/口径") for h in HEADERS}
    assert ws["C2"].alignment.wrap_text
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    assert ws["A2"].fill.fill_type == "solid"  # s001 is filled: shaded
    assert ws["A3"].fill.fill_type is None
    assert wb[MARKER_SHEET].sheet_state == "veryHidden"


def test_numeric_blanks_carry_excel_validation_and_a_month_is_a_list(speech):
    rows = sheet_rows(speech, {}, {})
    ws = load_workbook(io.BytesIO(write_xlsx({"表": rows}, MARKER)))["表"]
    by_number = {r.number: i for i, r in enumerate(rows, start=2)}
    month = next(r.number for r in rows if r.kind == "月份")
    validations = ws.data_validations.dataValidation
    month_rule = next(v for v in validations if f"G{by_number[month]}" in v.sqref)
    assert month_rule.type == "list" and month_rule.formula1 == '"1,2,3,4,5,6,7,8,9,10,11,12"'
    percent_rule = next(v for v in validations if f"G{by_number['s001']}" in v.sqref)
    assert percent_rule.type == "decimal"
    name = next(r.number for r in rows if r.kind == "文字")
    assert not any(f"G{by_number[name]}" in v.sqref for v in validations)


def fill_workbook(data: bytes, values: dict[str, object], sheet: str | None = None) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            row[6].value = values[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_filled_workbook_reads_back_by_number(speech):
    data = write_xlsx({"全部": sheet_rows(speech, {}, {})}, MARKER)
    returned = read_sheet(fill_workbook(data, {"s001": 5.2, "s002": 36, "s003": "=1+1"}), "a.xlsx")
    assert returned.marker == MARKER
    rows = {r.number: r for r in returned.rows}
    assert (rows["s001"].raw, rows["s002"].raw, rows["s004"].raw) == ("5.2", "36", "")
    assert rows["s003"].formula


def test_a_percent_typed_with_its_sign_in_excel_reads_as_the_figure(speech):
    data = write_xlsx({"全部": sheet_rows(speech, {}, {})}, MARKER)
    wb = load_workbook(io.BytesIO(fill_workbook(data, {"s001": 0.052})))
    wb.worksheets[0]["G2"].number_format = "0.0%"
    out = io.BytesIO()
    wb.save(out)
    assert read_sheet(out.getvalue(), "a.xlsx").rows[0].raw == "5.2"


def test_csv_has_a_bom_and_reads_back_with_its_marker(speech):
    data = write_csv(sheet_rows(speech, {}, {}), MARKER)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert tuple(lines[0]) == HEADERS
    lines[1][6] = "6.1"
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    returned = read_sheet(out.getvalue().encode("gb18030"), "a.csv")
    assert returned.marker == MARKER and returned.rows[0].raw == "6.1"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old_excel"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not_spreadsheet"),
        (b"PK\x03\x04 not really a zip", "not_spreadsheet"),
        ("就是一段文字".encode(), "not_spreadsheet"),
        ("编号,章节,当前值\ns001,,\n".encode(), "missing_columns"),
    ],
)
def test_what_is_no_sheet_of_ours_is_refused_with_a_reason(data, code):
    with pytest.raises(SheetError) as excinfo:
        read_sheet(data, "x")
    assert excinfo.value.code == code


def test_a_workbook_without_the_columns_names_the_missing_ones():
    wb = Workbook()
    wb.active.append(("编号", "数值"))
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(SheetError) as excinfo:
        read_sheet(out.getvalue(), "x.xlsx")
    assert excinfo.value.params == {"columns": "上下文、填写值"}


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(SheetError) as excinfo:
        read_sheet(b"x" * 101, "big.csv", max_bytes=100)
    assert excinfo.value.code == "too_big"


def test_a_count_of_whole_things_takes_whole_numbers_and_a_percent_may_be_negative(speech):
    rows = sheet_rows(speech, {}, {})
    ws = load_workbook(io.BytesIO(write_xlsx({"表": rows}, MARKER)))["表"]
    rule = {
        r.number: next((v for v in ws.data_validations.dataValidation if f"G{i}" in v.sqref), None)
        for i, r in enumerate(rows, start=2)
    }
    count = next(r.number for r in rows if r.kind == "数量" and r.unit == "家")
    assert rule[count].type == "whole"
    assert rule["s001"].type == "decimal" and rule["s001"].formula1.startswith("-")


def test_workbooks_are_read_through_defusedxml():
    """Returned sheets come from outside: openpyxl guards against XML bombs only with it."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
