"""The system checks of what rendering needs (fonts, HarfBuzz)."""

import io
import json

from django.core.management import call_command

from tests.samples import SEED_PATH


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def render_speech(tmp_path, values: dict, fmt: str, *extra: str):
    """Run render_speech on the seed with ``values``; returns the output path."""
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps(values), encoding="utf-8")
    out = tmp_path / f"speech.{fmt}"
    run("render_speech", str(SEED_PATH), "--values", str(values_file), "--format", fmt,
        "--output", str(out), *extra)  # fmt: skip
    return out


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
