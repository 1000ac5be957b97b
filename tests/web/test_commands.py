"""Command-line: parse_speech, render_speech, load_seed, ensure_local_user, system checks."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from speechapp.core.parsing import parse_speech
from speechapp.drafts.models import SpeechTemplate
from tests.samples import SEED_PATH, filled_values


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_parse_speech_prints_the_documented_json():
    data = json.loads(run("parse_speech", str(SEED_PATH), "--json"))
    assert data["title"] == "在2024年全区重点任务部署会上的讲话"
    assert len(data["slots"]) == 178
    slot = data["slots"][8]
    assert slot["kind"] == "percent" and slot["unit"] == "%"
    assert slot["section"] == "一、肯定成绩、坚定必胜信心 › （一）经济运行在逆境中出谷转正"
    assert slot["point"] == "二是主要指标实现正增长"
    levels = [b["level"] for b in data["blocks"] if b["kind"] == "heading"]
    assert levels.count(1) == 2 and levels.count(2) == 11


def test_parse_speech_reports_a_missing_file():
    with pytest.raises(CommandError, match="cannot read"):
        run("parse_speech", "/nonexistent/template.txt")


def render_speech(tmp_path, values: dict, fmt: str, *extra: str):
    """Run render_speech on the seed with ``values``; returns the output path."""
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps(values), encoding="utf-8")
    out = tmp_path / f"speech.{fmt}"
    run("render_speech", str(SEED_PATH), "--values", str(values_file), "--format", fmt,
        "--output", str(out), *extra)  # fmt: skip
    return out


def test_render_speech_writes_a_docx_with_the_values(tmp_path):
    values = filled_values(parse_speech(SEED_PATH.read_text(encoding="utf-8")))
    out = render_speech(tmp_path, values | {"s009": "6.6"}, "docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "同比增长6.6%" in text and "×" not in text


def test_render_speech_names_the_missing_slots(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        render_speech(tmp_path, {"s001": "张三"}, "html")
    assert "177 unfilled slots" in str(excinfo.value)
    assert "s002" in str(excinfo.value) and "s001," not in str(excinfo.value)


def test_render_speech_reads_the_values_file_as_the_app_does(tmp_path):
    """Numbers as written (5.20 stays 5.20), null is no value (never the word "None")."""
    out = render_speech(tmp_path, {}, "html", "--allow-unfilled")  # the empty draft copy
    (tmp_path / "values.json").write_text('{"s009": 5.20, "s010": null}', encoding="utf-8")
    run("render_speech", str(SEED_PATH), "--values", str(tmp_path / "values.json"),
        "--format", "html", "--output", str(out), "--allow-unfilled")  # fmt: skip
    html = out.read_text(encoding="utf-8")
    assert 'data-slot="s009">5.20<' in html and "None" not in html
    (tmp_path / "values.json").write_text('{"s009": true}', encoding="utf-8")
    with pytest.raises(CommandError, match="bad_value, key s009"):
        run("render_speech", str(SEED_PATH), "--values", str(tmp_path / "values.json"),
            "--format", "html", "--output", str(out))  # fmt: skip


def test_render_speech_with_allow_unfilled_writes_a_draft_copy(tmp_path):
    out = render_speech(tmp_path, {}, "html", "--allow-unfilled")
    assert out.read_text(encoding="utf-8").count("×") >= 178


def test_render_speech_with_layout_podium_writes_the_large_print_copy(tmp_path):
    values = filled_values(parse_speech(SEED_PATH.read_text(encoding="utf-8")))
    official = Document(str(render_speech(tmp_path, values, "docx")))
    (tmp_path / "podium").mkdir()
    podium = Document(str(render_speech(tmp_path / "podium", values, "docx", "--layout", "podium")))
    assert official.styles["Speech Body"].font.size.pt == 16
    assert podium.styles["Speech Body"].font.size.pt == 18
    assert any(run.bold and run.text == "5.2" for p in podium.paragraphs for run in p.runs)


def test_render_speech_refuses_an_unknown_layout(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        render_speech(tmp_path, {}, "html", "--layout", "poster")
    assert "invalid choice: 'poster'" in str(excinfo.value)
    assert "official" in str(excinfo.value) and "podium" in str(excinfo.value)


@pytest.mark.django_db
def test_load_seed_loads_the_seed_once():
    run("load_seed")
    run("load_seed")
    template = SpeechTemplate.objects.get()
    assert template.slot_count == 178 and template.owner is None


@pytest.mark.django_db
def test_ensure_local_user_creates_a_login_and_prints_it(
    settings, tmp_path, monkeypatch, django_user_model
):
    monkeypatch.setattr("speechapp.web.management.commands.ensure_local_user.VAR_DIR", tmp_path)
    first = run("ensure_local_user")
    again = run("ensure_local_user")
    password = (tmp_path / "writer.password").read_text()
    assert password in first and password in again
    assert django_user_model.objects.get(username="writer").check_password(password)


def test_the_system_check_warns_without_harfbuzz_subsetting(monkeypatch):
    from speechapp.drafts import checks

    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    monkeypatch.setattr(checks, "missing_cjk_fonts", lambda: ["Noto Serif CJK SC"])
    ids = [w.id for w in checks.pdf_dependencies(None)]
    assert ids == ["speechapp.W001", "speechapp.W002"]


def test_the_system_check_warns_when_times_new_roman_has_no_metric_twin(monkeypatch):
    from speechapp.drafts import checks

    monkeypatch.setattr(checks, "latin_metric_face", lambda: None)
    warnings = checks.pdf_dependencies(None)
    assert [w.id for w in warnings] == ["speechapp.W004"]
    assert "fonts-liberation" in warnings[0].hint


def test_the_system_check_is_quiet_on_a_machine_set_up_by_make():
    from speechapp.drafts import checks

    assert checks.pdf_dependencies(None) == []


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
