"""Line breaks kept across renders (core.rendering.line_breaks): every copy of a speech prints
byte for byte as when each line is broken afresh, an edit prints its new text, the kept lines
stay within their bounds and never serve another font set."""

import dataclasses
import gc
import weakref
from types import SimpleNamespace

import pytest
import weasyprint.layout.inline as weasyprint_inline
import weasyprint.text.line_break as weasyprint_line_break

from speechapp.core.rendering import Layout, RenderOptions, line_breaks
from speechapp.core.rendering.pdf import render_pdf
from tests.pdfs import speech_text


def _copies(slim_fonts) -> dict[str, RenderOptions]:
    official = RenderOptions(slim_fonts_dir=str(slim_fonts), speaker="张三", date="2024年7月15日")
    return {
        "official": official,
        "podium": dataclasses.replace(official, layout=Layout.PODIUM),
        "review": dataclasses.replace(official, review_marks=True, page_mark="审校稿"),
        "bold points": dataclasses.replace(official, bold_points=True),
    }


def test_every_copy_prints_as_when_each_line_is_broken_afresh(
    seed_speech, seed_values, slim_fonts, monkeypatch
):
    assert line_breaks.install()
    line_breaks.clear()
    copies = _copies(slim_fonts)
    first = {name: render_pdf(seed_speech, seed_values, o) for name, o in copies.items()}
    kept = {name: render_pdf(seed_speech, seed_values, o) for name, o in copies.items()}
    assert line_breaks.stats()[0] > 500
    monkeypatch.setattr(
        weasyprint_inline, "split_first_line", weasyprint_inline.split_first_line.__wrapped__
    )
    afresh = {name: render_pdf(seed_speech, seed_values, o) for name, o in copies.items()}
    for name in copies:
        assert kept[name] == first[name] == afresh[name], name


def test_an_edited_value_prints_and_the_lines_after_it_follow(
    seed_speech, seed_values, slim_fonts, monkeypatch
):
    options = RenderOptions(slim_fonts_dir=str(slim_fonts))
    render_pdf(seed_speech, seed_values, options)
    slot = next(s.id for s in seed_speech.slots if seed_values[s.id][:1].isdigit())
    edited = {**seed_values, slot: "一千二百三十四万五千六百七十八点九"}
    kept = render_pdf(seed_speech, edited, options)
    assert "一千二百三十四万五千六百七十八点九" in speech_text(kept)
    monkeypatch.setattr(
        weasyprint_inline, "split_first_line", weasyprint_inline.split_first_line.__wrapped__
    )
    assert kept == render_pdf(seed_speech, edited, options)


class _Style(dict):
    """A computed style as split_first_line reads it: properties, and its font set."""

    def __init__(self, font_config, **values):
        super().__init__({name: 0 for name in line_breaks.STYLE_PROPERTIES}, **values)
        self.font_config = font_config


class _Layout:
    """A Layout as WeasyPrint returns it: its text and numbers only."""

    def __init__(self, text):
        self.text = text
        self.max_width = 100.0


class _FontConfig:
    pass


@pytest.fixture
def counted(monkeypatch):
    """The wrapper around a split_first_line that counts the lines it breaks."""
    calls = []

    def split_first_line(text, style, context, max_width, justification_spacing, *flags):
        calls.append(text)
        return (_Layout(text[:3]), 3, 3, 30.0, 20.0, 15.0)

    monkeypatch.setattr(line_breaks, "STYLE_PROPERTIES", ("font_size", "letter_spacing"))
    line_breaks.clear()
    return line_breaks._remembering(split_first_line, lambda style: "font"), calls


def test_a_line_asked_again_is_answered_from_the_kept_one(counted):
    split, calls = counted
    style = _Style(_FontConfig(), font_size=16)
    first = split("一二三四五", style, None, 100.0, 0)
    again = split("一二三四五", style, None, 100.0, 0)
    assert calls == ["一二三四五"]
    assert again[1:] == first[1:] and vars(again[0]) == vars(first[0])
    assert again[0] is not first[0]  # each caller its own layout to change
    split("一二三四五", _Style(style.font_config, font_size=18), None, 100.0, 0)
    split("一二三四五", style, None, 90.0, 0)
    split("一二三四六", style, None, 100.0, 0)
    assert len(calls) == 4


def test_a_kept_line_never_serves_another_font_set(counted):
    split, calls = counted
    font_config = _FontConfig()
    split("一二三四五", _Style(font_config, font_size=16), None, 100.0, 0)
    split("一二三四五", _Style(_FontConfig(), font_size=16), None, 100.0, 0)
    assert len(calls) == 2
    # A font set gone, and a new one at its address (the id in the key): answered afresh.
    gone = _FontConfig()
    dead = weakref.ref(gone)
    del gone
    gc.collect()
    for key, (_ref, answer) in list(line_breaks._LINES.items()):
        line_breaks._LINES[key] = (dead, answer)
    split("一二三四五", _Style(font_config, font_size=16), None, 100.0, 0)
    assert len(calls) == 3


def test_kept_lines_are_bounded_in_count_and_characters(counted, monkeypatch):
    split, _calls = counted
    style = _Style(_FontConfig(), font_size=16)
    monkeypatch.setattr(line_breaks, "MAX_LINES", 5)
    for n in range(20):
        split(f"第{n}行文字", style, None, 100.0, 0)
    assert line_breaks.stats()[0] == 5
    monkeypatch.setattr(line_breaks, "MAX_CHARS", 50)
    for n in range(20):
        split("长" * 20 + str(n), style, None, 100.0, 0)
    lines, chars = line_breaks.stats()
    assert chars <= 50 and lines == 2


def test_a_layout_still_holding_pango_objects_is_not_kept(monkeypatch):
    calls = []

    def split_first_line(text, style, context, max_width, justification_spacing, *flags):
        calls.append(text)
        layout = _Layout(text)
        layout.layout = object()  # a live Pango layout
        return (layout, 3, None, 30.0, 20.0, 15.0)

    line_breaks.clear()
    split = line_breaks._remembering(split_first_line, lambda style: "font")
    style = _Style(_FontConfig())
    split("一二三", style, None, 100.0, 0)
    split("一二三", style, None, 100.0, 0)
    assert len(calls) == 2


def test_a_weasyprint_it_was_not_written_for_breaks_every_line_afresh():
    import weasyprint

    assert line_breaks._fits(weasyprint, weasyprint_inline, weasyprint_line_break)
    later = SimpleNamespace(__version__="71.0")
    assert not line_breaks._fits(later, weasyprint_inline, weasyprint_line_break)
    assert not line_breaks._fits(weasyprint, weasyprint_inline, SimpleNamespace())

    def split_first_line(text, style, context, max_width):
        pass

    other = SimpleNamespace(split_first_line=split_first_line)
    assert not line_breaks._fits(weasyprint, other, weasyprint_line_break)
