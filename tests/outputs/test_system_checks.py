"""The system checks of what rendering needs (fonts, HarfBuzz)."""


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
