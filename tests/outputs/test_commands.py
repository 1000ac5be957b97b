"""render_speech on the command line."""

import pytest
from django.core.management.base import CommandError
from docx import Document

from speechapp.core.parsing import parse_speech
from tests.commands import render_speech, run
from tests.samples import SEED_PATH, filled_values


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
