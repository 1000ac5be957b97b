"""The sheet commands: export_sheet and import_sheet on the command line."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from speechapp.core.parsing import parse_speech
from tests.commands import render_speech, run
from tests.samples import SEED_PATH, filled_values


def test_export_and_import_sheet_round_trip_on_the_command_line(tmp_path):
    from openpyxl import load_workbook

    sheet = tmp_path / "out.xlsx"
    run("export_sheet", str(SEED_PATH), "--office", "统计局", "--output", str(sheet))
    speech = parse_speech(SEED_PATH.read_text(encoding="utf-8"))
    values = filled_values(speech)
    wb = load_workbook(sheet)
    ws = wb["统计局"]
    for row in ws.iter_rows(min_row=2):
        assert row[7].value == "统计局"
        row[6].value = values[row[0].value]
    wb.save(sheet)
    merged = tmp_path / "values.json"
    run("import_sheet", str(sheet), "--template", str(SEED_PATH), "--output", str(merged))
    assert json.loads(merged.read_text(encoding="utf-8")) == values
    docx = render_speech(tmp_path, json.loads(merged.read_text(encoding="utf-8")), "docx")
    assert "×" not in "\n".join(p.text for p in Document(str(docx)).paragraphs)


def test_import_sheet_reports_rejected_rows_and_conflicts_and_writes_the_valid_ones(tmp_path):
    from openpyxl import load_workbook

    before = tmp_path / "before.json"
    before.write_text(json.dumps({"s001": "东城"}), encoding="utf-8")
    sheet = tmp_path / "out.xlsx"
    run("export_sheet", str(SEED_PATH), "--values", str(before), "--output", str(sheet))
    paths = []
    for name, values in (("a", {"s009": "5.2", "s010": "abc"}), ("b", {"s009": "5.3", "s012": 9})):
        wb = load_workbook(sheet)
        for row in wb.worksheets[0].iter_rows(min_row=2):
            if row[0].value in values:
                row[6].value = values[row[0].value]
        wb.save(tmp_path / f"{name}.xlsx")
        paths.append(str(tmp_path / f"{name}.xlsx"))
    merged = tmp_path / "values.json"
    err = io.StringIO()
    with pytest.raises(SystemExit) as excinfo:
        call_command("import_sheet", *paths, "--template", str(SEED_PATH), "--values",
                     str(before), "--output", str(merged), stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert excinfo.value.code == 1
    assert "s010: 请输入数字，例如 5.2" in err.getvalue()
    assert "s009: " in err.getvalue() and "a.xlsx" in err.getvalue() and "b.xlsx" in err.getvalue()
    assert json.loads(merged.read_text(encoding="utf-8")) == {"s001": "东城", "s012": "9"}


def test_import_sheet_refuses_a_file_that_is_no_sheet(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("随便写的\n", encoding="utf-8")
    with pytest.raises(CommandError, match="这不是电子表格"):
        run("import_sheet", str(bad), "--template", str(SEED_PATH), "--output",
            str(tmp_path / "v.json"))  # fmt: skip
    assert not (tmp_path / "v.json").exists()


def test_import_sheet_refuses_a_sheet_of_another_template(tmp_path):
    from tests.samples import SHORT_TEXT

    other = tmp_path / "other.txt"
    other.write_text(SHORT_TEXT, encoding="utf-8")
    sheet = tmp_path / "other.xlsx"
    run("export_sheet", str(other), "--output", str(sheet))
    with pytest.raises(CommandError, match="这张表来自另一份模板"):
        run("import_sheet", str(sheet), "--template", str(SEED_PATH), "--output",
            str(tmp_path / "v.json"))  # fmt: skip
    assert not (tmp_path / "v.json").exists()
