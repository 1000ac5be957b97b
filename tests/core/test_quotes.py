"""Quotation marks “” ‘’ print full-width in Chinese text, as Word prints them with a Chinese
font: a full em in every part of the PDF, and the DOCX's runs ask for the East Asian font."""

from io import BytesIO

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.docx import render_docx
from speechapp.core.rendering.pdf import render_pdf
from speechapp.core.rendering.slim import build_slim_fonts, slim_sources
from tests.pdfs import advances
from tests.system import needs_gkai, needs_noto_cjk

QUOTES = "“”‘’"
QUOTED_TEXT = """在全区“六稳”“六保”工作推进会上的讲话
同志们：
我们要做好“六稳”工作，落实‘六保’任务，完成×亿元投资。
一、抓好“三农”工作
（一）落实“河长制”
二、坚持“两个毫不动摇”。要把‘稳’字放在首位。
（二）推行“马上办”。各单位要落实‘首问负责’制度。
"""
SPEAKER = "张三"
MEETING = "“三农”工作会"


@pytest.fixture(scope="module")
def quoted():
    speech = parse_speech(QUOTED_TEXT)
    return speech, {slot.id: "12.5" for slot in speech.slots}


@pytest.fixture(scope="module")
def slim_dir(tmp_path_factory):
    """Slim copies of the stand-ins holding this speech's characters (quick to make)."""
    target = tmp_path_factory.mktemp("slim")
    chars = set(QUOTED_TEXT + SPEAKER + MEETING + "（）— 0123456789.")
    build_slim_fonts(target, slim_sources(), {ord(c) for c in chars if c != "\n"})
    return target


@needs_noto_cjk
@needs_gkai
@pytest.mark.parametrize("fonts", ["stand-ins", "slim copies"])
def test_every_quotation_mark_in_the_pdf_is_a_full_em_wide(quoted, slim_dir, fonts):
    speech, values = quoted
    options = RenderOptions(
        speaker=SPEAKER,
        date="2024年7月15日",
        meeting=MEETING,
        slim_fonts_dir=str(slim_dir) if fonts == "slim copies" else None,
    )
    found = advances(pypdf.PdfReader(BytesIO(render_pdf(speech, values, options))), QUOTES)
    # The title, the body, the 黑体 and the 楷体 headings (and speaker line) each print some.
    assert len({font for font, _ in found}) >= 4, found
    assert {char for _, char in found} == set(QUOTES)
    for (font, char), width in found.items():
        # 1/1000 em: a full em is 16 pt at the body's 16 pt, 22 pt in the title.
        assert width == 1000, (font, char, width)


def test_every_docx_run_with_quotation_marks_asks_for_the_east_asian_font(quoted):
    speech, values = quoted
    options = RenderOptions(speaker=SPEAKER, meeting=MEETING)
    document = docx.Document(BytesIO(render_docx(speech, values, options)))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    quoted_runs = [run for run in runs if any(ch in QUOTES for ch in run.text)]
    assert len(quoted_runs) >= 7  # title, body, headings, run-ins, speaker line
    for run in quoted_runs:
        r_fonts = run._r.rPr.rFonts
        assert r_fonts.get(qn("w:hint")) == "eastAsia", run.text
        # …and no Latin font set on the run itself overrides the style's Chinese font.
        assert r_fonts.get(qn("w:ascii")) is None and r_fonts.get(qn("w:eastAsia")) is None
    footer = document.sections[0].footer.paragraphs[0]
    dashes = [run for run in footer.runs if "—" in run.text]
    assert dashes and all(run._r.rPr.rFonts.get(qn("w:hint")) == "eastAsia" for run in dashes)
