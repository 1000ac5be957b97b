"""The PDF, read back with pypdf: values, A4 pages, embedded fonts, page numbers, the grid.

Each render costs a few tenths of a second, so the filled seed is rendered once per module.
"""

import re
import shutil
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

from speechapp.core.rendering import MissingSlotsError, RenderOptions, block_segments
from speechapp.core.rendering.pdf import render_pdf
from tests.pdfs import font_names, speech_text
from tests.samples import filled_values as fill
from tests.system import GKAI, needs_gkai

A4 = (595.28, 841.89)
KAITI_STAND_IN = Path(GKAI)


@pytest.fixture(scope="module")
def seed_pdf(seed_speech, seed_values) -> pypdf.PdfReader:
    return pypdf.PdfReader(BytesIO(render_pdf(seed_speech, seed_values, RenderOptions())))


def text_lines(page) -> list[tuple[float, float, float, str]]:
    """(baseline y, x, size in pt, text) of every text run on the page, in PDF points."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = abs(cm[3])
            runs.append((tm[5] * cm[3] + cm[5], tm[4] * cm[0] + cm[4], font_size * scale, text))

    page.extract_text(visitor_text=visit)
    return runs


def filled_windows(speech, values, reach: int = 8) -> dict[str, str]:
    """slot id -> the filled text around the slot's value, as the PDF should print it."""
    windows = {}
    for block in speech.blocks:
        segments = block_segments(speech, block, values, RenderOptions())
        text = "".join(segment.text for segment in segments)
        offset = 0
        for segment in segments:
            if segment.slot_id:
                window = text[max(0, offset - reach) : offset + len(segment.text) + reach]
                windows[segment.slot_id] = re.sub(r"\s+", "", window)
            offset += len(segment.text)
    return windows


def test_the_text_has_every_value_in_its_place_and_no_blank(seed_pdf, seed_speech, seed_values):
    text = speech_text(seed_pdf)
    assert "×" not in text
    windows = filled_windows(seed_speech, seed_values)
    assert set(windows) == set(seed_speech.slot_ids)
    assert [slot_id for slot_id, window in windows.items() if window not in text] == []
    assert "在2024年全区重点任务部署会上的讲话" in text


def test_every_page_is_a4(seed_pdf):
    for page in seed_pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=1)


def test_fonts_are_embedded_as_subsets(seed_pdf):
    for page in seed_pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "+" in str(font["/BaseFont"])
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert {"/FontFile2", "/FontFile3"} & set(descriptor.keys())


def test_every_page_shows_its_number_between_em_dashes(seed_pdf):
    assert len(seed_pdf.pages) > 10
    for number, page in enumerate(seed_pdf.pages, start=1):
        assert f"— {number} —" in page.extract_text()


def test_odd_page_numbers_sit_right_and_even_ones_left(seed_pdf):
    middle = A4[0] / 2
    for number in (1, 2):
        runs = text_lines(seed_pdf.pages[number - 1])
        x = next(x for _, x, size, _ in runs if size == pytest.approx(14, abs=0.1))
        assert (x > middle) if number % 2 else (x < middle)


def test_a_full_body_page_holds_22_lines(seed_pdf):
    runs = text_lines(seed_pdf.pages[1])
    baselines = {round(y, 1) for y, _, size, _ in runs if size == pytest.approx(16, abs=0.1)}
    assert len(baselines) == pytest.approx(22, abs=1)
    top, bottom = max(baselines), min(baselines)
    assert (top - bottom) / (len(baselines) - 1) == pytest.approx(225 / 25.4 * 72 / 22, abs=0.1)


def test_a_missing_slot_is_refused_with_its_id(short_speech):
    values = fill(short_speech)
    del values["s001"]
    with pytest.raises(MissingSlotsError) as error:
        render_pdf(short_speech, values, RenderOptions())
    assert error.value.slot_ids == ["s001"]


def test_the_draft_copy_shows_each_blank_as_a_yellow_cross(short_speech):
    values = fill(short_speech, s002="")
    reader = pypdf.PdfReader(
        BytesIO(render_pdf(short_speech, values, RenderOptions(allow_unfilled=True)))
    )
    page = reader.pages[0]
    assert "×" in page.extract_text()
    assert "1 0.901961 0 rg" in page.get_contents().get_data().decode("latin-1")


@needs_gkai
def test_a_licensed_font_dropped_in_the_fonts_folder_is_embedded(short_speech, tmp_path):
    # A free Kai font under the file name of the licensed one stands for an office's simkai.ttf.
    shutil.copy(KAITI_STAND_IN, tmp_path / "simkai.ttf")
    options = RenderOptions(fonts_dir=str(tmp_path))
    reader = pypdf.PdfReader(BytesIO(render_pdf(short_speech, fill(short_speech), options)))
    assert any(name.endswith("SpeechLicensed-heading2") for name in font_names(reader))
