"""The podium copy (讲台版), read back as a speaker at the lectern would see it: 18 pt type at
1.5 lines, values and figures bold, big page numbers, and no page that ends inside a sentence.

The filled seed is rendered once per module (PDF, DOCX, and the DOCX laid out by LibreOffice).
"""

from __future__ import annotations

import re
from io import BytesIO

import pypdf
import pytest
from docx import Document
from docx.shared import Pt

from speechapp.core.model import BlockKind
from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import Layout, RenderOptions, Segment, bold_figures
from speechapp.core.rendering.docx import render_docx
from speechapp.core.rendering.fonts import FontRole, SlimFace, bold_font_stack, font_stack
from speechapp.core.rendering.html import render_html
from speechapp.core.rendering.layout import split_sentences
from speechapp.core.rendering.pdf import render_pdf
from tests.office import libreoffice_pdf
from tests.pdfs import layout_pages
from tests.samples import filled_values
from tests.system import needs_libreoffice, needs_poppler

PAGE_NUMBER = re.compile(r"^\s*— ?\d+ ?—\s*$")
# A line that ends a sentence: its mark, then any closing quotes or brackets.
SENTENCE_END = re.compile(r"[。！？!?][”’）》」』)\"']*$")
DIGIT = re.compile(r"[0-9０-９]")
# A name no template text holds: where it prints, it is the value.
NAME = "梧桐湾新区"


@pytest.fixture(scope="module")
def podium_values(seed_speech) -> dict[str, str]:
    name_slot = next(s.id for s in seed_speech.slots if str(s.kind) == "name")
    return filled_values(seed_speech) | {name_slot: NAME}


@pytest.fixture(scope="session")
def podium(slim_fonts) -> RenderOptions:
    return RenderOptions(layout=Layout.PODIUM, slim_fonts_dir=str(slim_fonts))


@pytest.fixture(scope="module")
def podium_pdf(seed_speech, podium_values, podium) -> bytes:
    return render_pdf(seed_speech, podium_values, podium)


@pytest.fixture(scope="module")
def podium_reader(podium_pdf) -> pypdf.PdfReader:
    return pypdf.PdfReader(BytesIO(podium_pdf))


# The text block's foot: the bottom margin is 35 mm; page numbers print below it.
BLOCK_BOTTOM = 35 / 25.4 * 72


def text_runs(page) -> list[tuple[float, float, str, str]]:
    """(size in pt, baseline height in pt, font name, text) of every text run on the page."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict is not None:
            y = tm[5] * cm[3] + cm[5]
            runs.append((font_size * abs(cm[3]), y, str(font_dict["/BaseFont"]), text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def body_runs(reader, title: str) -> list[tuple[float, str, str]]:
    """(size, font, text) of the speech's body runs: not the title's lines, not the page
    numbers."""
    runs = []
    for page in reader.pages:
        lines: dict[float, list[tuple[float, str, str]]] = {}
        for size, y, font, text in text_runs(page):
            if y > BLOCK_BOTTOM:
                lines.setdefault(round(y, 1), []).append((size, font, text))
        for line in lines.values():
            if "".join(text for _, _, text in line).replace(" ", "") not in title:
                runs += line
    return runs


def page_ends(pages: list[list[str]]) -> list[tuple[int, str, bool]]:
    """(page, its last line, whether the page holds a sentence end at all) for every page but
    the last; page-number lines dropped."""
    ends = []
    for number, lines in enumerate(pages[:-1], start=1):
        text = [line.strip() for line in lines if not PAGE_NUMBER.match(line)]
        has_end = any(re.search(r"[。！？!?]", line) for line in text)
        ends.append((number, text[-1], has_end))
    return ends


def mid_sentence_ends(pages: list[list[str]]) -> list[tuple[int, str]]:
    """Pages that end inside a sentence although they hold a sentence end to break at."""
    return [
        (n, last)
        for n, last, has_end in page_ends(pages)
        if has_end and not SENTENCE_END.search(last)
    ]


# -- the rules, on segments ----------------------------------------------------------------


def test_values_and_figures_are_bold_and_nothing_else():
    segments = bold_figures(
        [
            Segment("增长"),
            Segment("5.2", "s1"),
            Segment("%，第3位，"),
            Segment("×", "s2", missing=True),
        ]
    )
    assert [(s.text, s.bold) for s in segments] == [
        ("增长", False), ("5.2", True), ("%", True), ("，第", False), ("3", True), ("位，", False),
        ("×", False),
    ]  # fmt: skip


def test_sentences_split_after_their_mark_and_closing_quote_and_keep_values_whole():
    segments = [Segment("他说：“好。”我们"), Segment("东城。区", "s1"), Segment("干！完了")]
    sentences = ["".join(s.text for s in sentence) for sentence in split_sentences(segments)]
    assert sentences == ["他说：“好。”", "我们东城。区干！", "完了"]


def test_the_official_copy_has_no_podium_marks(short_speech):
    values = filled_values(short_speech)
    official = render_html(short_speech, values, RenderOptions())
    podium = render_html(short_speech, values, RenderOptions(layout=Layout.PODIUM))
    assert 'class="sentence' not in official and "<b " not in official
    assert 'class="sentence first"' in podium and "layout-podium" in podium


# -- the PDF --------------------------------------------------------------------------------


def test_the_pdf_body_is_set_in_18_pt(podium_reader, seed_speech):
    sizes = {round(size, 1) for size, _, _ in body_runs(podium_reader, seed_speech.title)}
    assert sizes == {18.0}


def test_the_pdf_lines_are_1_5_times_the_type_size(podium_reader):
    baselines = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and round(font_size * abs(cm[3])) == 18:
            baselines.append(round(tm[5] * cm[3] + cm[5], 1))

    podium_reader.pages[1].extract_text(visitor_text=visit)
    steps = {
        round(a - b, 1)
        for a, b in zip(
            sorted(set(baselines), reverse=True),
            sorted(set(baselines), reverse=True)[1:],
            strict=False,
        )
    }
    assert min(steps) == pytest.approx(27.0, abs=0.1)  # 1.5 × 18 pt


def test_the_pdf_prints_values_and_figures_bold(podium_reader, seed_speech):
    runs = body_runs(podium_reader, seed_speech.title)
    bold = [(font, text) for _, font, text in runs if "Bold" in font]
    plain = [(font, text) for _, font, text in runs if "Bold" not in font]
    assert any(NAME in text for _, text in bold)
    assert not any(NAME[:2] in text for _, text in plain)
    assert not [text for _, text in plain if DIGIT.search(text)]
    assert any(re.fullmatch(r"\d+(\.\d+)?", text) for _, text in bold)
    # a real bold face, not the regular one renamed: WeasyPrint does not embolden a face
    regular = {font.split("+")[-1] for font, _ in plain}
    name_fonts = {font.split("+")[-1] for font, text in bold if NAME in text}
    assert not {font.removesuffix("-Bold") for font in name_fonts} & regular, name_fonts


def test_the_pdf_page_numbers_are_big(podium_reader):
    for number, page in enumerate(podium_reader.pages, start=1):
        foot = [(size, text) for size, y, _, text in text_runs(page) if y < BLOCK_BOTTOM]
        assert "".join(text for _, text in foot).replace(" ", "") == f"—{number}—"
        assert all(size == pytest.approx(22, abs=0.1) for size, _ in foot)  # 二号, not 14 pt


@needs_poppler
def test_no_pdf_page_ends_inside_a_sentence(podium_pdf):
    pages = layout_pages(podium_pdf)
    assert len(pages) > 10
    assert mid_sentence_ends(pages) == []


@needs_poppler
def test_the_official_pdf_does_end_pages_inside_sentences(seed_speech, podium_values):
    """The check above can fail: the official copy, which fills every line, does."""
    pages = layout_pages(render_pdf(seed_speech, podium_values, RenderOptions()))
    assert mid_sentence_ends(pages)


@needs_poppler
def test_a_sentence_longer_than_a_page_is_broken_and_printed_whole(podium):
    clause = "我们要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，"
    long_sentence = clause * 30 + "推动高质量发展。"
    speech = parse_speech(
        f"关于一件事的讲话\n同志们：\n这是开头的一句话。{long_sentence}最后一句。\n"
    )
    pdf = render_pdf(speech, {}, podium)
    pages = layout_pages(pdf)
    assert len(pages) >= 3
    # the first page ends after the sentence before the long one, the long one starts a page
    assert page_ends(pages)[0][1].endswith("这是开头的一句话。")
    text = "".join(line.strip() for page in pages for line in page if not PAGE_NUMBER.match(line))
    assert long_sentence in text.replace(" ", "")


# -- the DOCX -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def podium_docx(seed_speech, podium_values, podium) -> bytes:
    return render_docx(seed_speech, podium_values, podium)


def style_value(style, attribute: str):
    """A paragraph style's font or format setting, inherited from its base styles."""
    while style is not None:
        owner = style.font if attribute in ("size", "bold") else style.paragraph_format
        value = getattr(owner, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def body_paragraphs(document):
    return [
        p
        for p in document.paragraphs
        if p.style.name in ("Speech Body", "Speech Sentence") and p.text.strip()
    ]


def test_the_docx_body_is_18_pt_at_1_5_lines_kept_whole(podium_docx):
    document = Document(BytesIO(podium_docx))
    paragraphs = body_paragraphs(document)
    assert len(paragraphs) > 100
    for paragraph in paragraphs:
        size = paragraph.runs[0].font.size or style_value(paragraph.style, "size")
        assert size == Pt(18)
        line = style_value(paragraph.style, "line_spacing")
        assert line == Pt(27) and line.pt == 1.5 * size.pt
        assert style_value(paragraph.style, "keep_together") is True
    for style in ("Speech Heading 1", "Speech Heading 2", "Speech Salutation"):
        assert style_value(document.styles[style], "size") == Pt(18)


def test_each_docx_body_paragraph_is_one_sentence(podium_docx, seed_speech):
    paragraphs = body_paragraphs(Document(BytesIO(podium_docx)))
    for paragraph in paragraphs:
        # a mark inside the paragraph is only ever followed by closing quotes
        assert not re.search(r"[。！？][^”’）》」』]", paragraph.text), paragraph.text
    # every sentence of the body, and nothing more
    body_blocks = [b for b in seed_speech.blocks if b.kind is BlockKind.PARAGRAPH]
    assert len(paragraphs) >= len(body_blocks)
    continued = [p for p in paragraphs if p.style.name == "Speech Sentence"]
    assert continued and style_value(continued[0].style, "first_line_indent") == 0


def test_the_docx_prints_values_and_figures_bold_and_nothing_else(podium_docx, podium_values):
    runs = [run for p in body_paragraphs(Document(BytesIO(podium_docx))) for run in p.runs]
    assert any(run.text == NAME and run.bold for run in runs)
    assert not [run.text for run in runs if DIGIT.search(run.text) and not run.bold]
    values = set(podium_values.values())
    bold = {run.text for run in runs if run.bold}
    assert not [t for t in bold if t not in values and not re.fullmatch(r"[\d.]*[%％]?", t)]


def test_the_docx_page_numbers_are_22_pt(podium_docx):
    document = Document(BytesIO(podium_docx))
    footer = document.sections[0].footer.paragraphs[0]
    assert "—" in footer.text
    assert style_value(footer.style, "size") == Pt(22)


def test_the_official_docx_is_unchanged_by_the_podium_option(short_speech):
    values = filled_values(short_speech)
    document = Document(BytesIO(render_docx(short_speech, values, RenderOptions())))
    assert "Speech Sentence" not in [s.name for s in document.styles]
    assert document.styles["Speech Body"].font.size == Pt(16)
    assert not [run for p in document.paragraphs for run in p.runs if run.bold]


@needs_libreoffice
@needs_poppler
def test_libreoffice_turns_the_docx_pages_between_sentences(podium_docx, tmp_path):
    pages = layout_pages(libreoffice_pdf(podium_docx, tmp_path))
    assert len(pages) > 10
    assert mid_sentence_ends(pages) == []
    body = [line for page in pages for line in page if not PAGE_NUMBER.match(line)]
    # 24 characters a line; LibreOffice lets a closing mark hang into the margin
    widths = [
        len(re.sub(r"[ 0-9.%]", "", line).rstrip("，。、；：！？）》」』”’")) for line in body
    ]
    assert max(widths) == 24


def test_bold_text_reaches_a_real_bold_face(tmp_path):
    slim = {
        FontRole.BODY: SlimFace("SpeechStandIn-body", tmp_path / "body.ttf", bold=False),
        FontRole.TITLE: SlimFace("SpeechStandIn-title", tmp_path / "title.ttf", bold=True),
        FontRole.HEADING1: SlimFace("SpeechStandIn-heading1", tmp_path / "h1.ttf", bold=False),
    }
    body = bold_font_stack(FontRole.BODY, None, slim)
    assert "SpeechStandIn-body" not in body
    assert body.index("SpeechStandIn-title") < body.index("Noto Serif CJK SC")
    heading = bold_font_stack(FontRole.HEADING1, None, slim)
    assert "SpeechStandIn-heading1" not in heading and "SpeechStandIn-title" not in heading
    assert heading[-1] == "Noto Sans CJK SC"  # installed with its Bold face
    assert bold_font_stack(FontRole.BODY, None, {}) == font_stack(FontRole.BODY, None, {})
