"""The Word file: reopened with python-docx, it has the values, the page and the fonts of
公文 house style (GB/T 9704)."""

from io import BytesIO

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from speechapp.core.rendering import MissingSlotsError, PageNumbers, RenderOptions
from speechapp.core.rendering.docx import render_docx
from tests.samples import filled_values as fill


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(BytesIO(data))


@pytest.fixture(scope="module")
def seed_docx(seed_speech, seed_values):
    return reopen(render_docx(seed_speech, seed_values, RenderOptions()))


def east_asia_font(style) -> str | None:
    """The Chinese font a style prints with, following its base styles like Word does."""
    while style is not None:
        r_pr = style.element.rPr
        if r_pr is not None and r_pr.rFonts is not None:
            name = r_pr.rFonts.get(qn("w:eastAsia"))
            if name:
                return name
        style = style.base_style
    return None


def paragraph_starting(document, text):
    return next(p for p in document.paragraphs if p.text.startswith(text))


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_every_value_is_in_the_document_and_no_blank_is_left(seed_docx, seed_speech, seed_values):
    text = text_of(seed_docx)
    assert "×" not in text
    assert text.count("12.5") == sum(1 for v in seed_values.values() if v == "12.5")
    assert text.count("东城") == sum(1 for v in seed_values.values() if v == "东城")


def test_the_page_is_a4_with_gb9704_margins(seed_docx):
    section = seed_docx.sections[0]
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert length.mm == pytest.approx(mm, abs=0.5)


def test_a_line_grid_of_22_lines_and_run_spacing_for_28_characters(seed_docx):
    section = seed_docx.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    # A line grid only: LibreOffice reads a character grid (linesAndChars) its own way.
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:charSpace")) is None
    block_height = Length(section.page_height - section.top_margin - section.bottom_margin)
    line_pitch = int(grid.get(qn("w:linePitch")))
    assert 22 * line_pitch <= block_height.twips < 23 * line_pitch
    # 16 pt characters plus the default run spacing: 28 of them fill the 156 mm line.
    defaults = seed_docx.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    pitch = 16 + int(r_pr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    line = Length(section.page_width - section.left_margin - section.right_margin)
    assert 28 * pitch <= line.pt < 28 * pitch + 2
    # The title is broken to fit, not squeezed: no spacing there, as in the PDF.
    title_spacing = seed_docx.styles["Speech Title"].element.rPr.find(qn("w:spacing"))
    assert title_spacing.get(qn("w:val")) == "0"


def test_each_part_prints_in_its_chinese_font(seed_docx):
    title = seed_docx.paragraphs[0]
    assert east_asia_font(title.style) == "方正小标宋简体"
    assert east_asia_font(paragraph_starting(seed_docx, "今年以来").style) == "仿宋_GB2312"
    assert east_asia_font(paragraph_starting(seed_docx, "一、肯定成绩").style) == "黑体"
    assert east_asia_font(paragraph_starting(seed_docx, "（一）经济运行").style) == "楷体_GB2312"


def test_latin_letters_and_digits_are_times_new_roman_with_no_theme_font_overriding(seed_docx):
    for name in ("Speech Title", "Speech Body", "Speech Heading 1", "Speech Heading 2"):
        r_fonts = seed_docx.styles[name].element.rPr.rFonts
        assert r_fonts.get(qn("w:ascii")) == "Times New Roman"
        assert r_fonts.get(qn("w:hAnsi")) == "Times New Roman"
    defaults = seed_docx.styles.element.find(qn("w:docDefaults"))
    r_fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert not any("Theme" in attr or "theme" in attr for attr in r_fonts.attrib)


def test_the_title_is_22pt_centred(seed_docx):
    title = seed_docx.styles["Speech Title"]
    assert seed_docx.paragraphs[0].style.name == "Speech Title"
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.font.size == Pt(22)


def test_body_paragraphs_are_16pt_justified_with_a_two_character_indent_and_exact_28pt_lines(
    seed_docx,
):
    body = seed_docx.styles["Speech Body"]
    fmt = body.paragraph_format
    assert body.font.size == Pt(16)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent == Pt(32)
    assert body.element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28)
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert paragraph_starting(seed_docx, "今年以来").style.name == "Speech Body"


def test_the_salutation_is_flush_left(seed_docx):
    salutation = paragraph_starting(seed_docx, "同志们")
    assert salutation.style.name == "Speech Salutation"
    assert salutation.style.element.pPr.ind.get(qn("w:firstLineChars")) == "0"


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(seed_docx):
    for level in (1, 2, 3, 4):
        assert seed_docx.styles[f"Speech Heading {level}"].paragraph_format.keep_with_next


def test_the_footer_shows_a_page_field_between_em_dashes(seed_docx):
    footer = seed_docx.sections[0].footer
    xml = footer._element.xml
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
    assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    number_style = footer.paragraphs[0].style
    assert east_asia_font(number_style) == "宋体" and number_style.font.size == Pt(14)


def test_outside_page_numbers_sit_right_on_odd_pages_and_left_on_even_pages(seed_docx):
    section = seed_docx.sections[0]
    assert seed_docx.settings.odd_and_even_pages_header_footer
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert "PAGE" in section.even_page_footer._element.xml


def test_centred_page_numbers_use_one_footer_for_every_page(short_speech):
    options = RenderOptions(page_numbers=PageNumbers.CENTER)
    document = reopen(render_docx(short_speech, fill(short_speech), options))
    assert not document.settings.odd_and_even_pages_header_footer
    assert document.sections[0].footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_review_marks_underline_and_colour_only_the_value_runs(short_speech):
    values = fill(short_speech, s001="5.2")
    document = reopen(render_docx(short_speech, values, RenderOptions(review_marks=True)))
    runs = paragraph_starting(document, "今年以来").runs
    marked = [r.text for r in runs if r.font.underline and r.font.color.rgb is not None]
    assert marked == ["5.2", "12.5", "8"]
    assert not any(r.font.underline for r in runs if r.text not in ("5.2", "12.5", "8"))


def test_a_carried_value_has_its_own_colour_and_the_carried_mark_after_it(short_speech):
    values = fill(short_speech, s001="5.2")
    options = RenderOptions(review_marks=True, carried=("s001",))
    document = reopen(render_docx(short_speech, values, options))
    runs = paragraph_starting(document, "今年以来").runs
    at = [r.text for r in runs].index("5.2")
    value, mark, plain = runs[at], runs[at + 1], runs[at + 2]
    assert mark.text == "〔沿用〕" and plain.text.startswith("%")
    assert value.font.color.rgb == mark.font.color.rgb != runs[at + 4].font.color.rgb
    assert value.font.underline and plain.font.color.rgb is None


def test_a_normal_download_has_no_review_marks(seed_docx):
    for paragraph in seed_docx.paragraphs:
        for run in paragraph.runs:
            assert not run.font.underline
            assert run.font.color.rgb is None
            assert run.font.highlight_color is None


def test_a_missing_slot_is_refused_with_its_id(short_speech):
    values = fill(short_speech)
    del values["s003"]
    with pytest.raises(MissingSlotsError) as error:
        render_docx(short_speech, values, RenderOptions())
    assert error.value.slot_ids == ["s003"]


def test_the_draft_copy_prints_a_highlighted_cross_for_each_blank(short_speech):
    values = fill(short_speech, s003="")
    document = reopen(render_docx(short_speech, values, RenderOptions(allow_unfilled=True)))
    runs = paragraph_starting(document, "今年以来").runs
    highlighted = [r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert highlighted == ["×"]


def test_a_long_title_breaks_into_two_lines_with_the_longer_on_top(short_speech):
    document = reopen(render_docx(short_speech, fill(short_speech), RenderOptions()))
    title = document.paragraphs[0]
    assert title.text == "在全市2024年上半年经济形势分析暨\n重点项目建设推进会议上的讲话"
    assert document.core_properties.title == (
        "在全市2024年上半年经济形势分析暨重点项目建设推进会议上的讲话"
    )


def test_the_speaker_line_is_centred_in_kaiti_under_the_title(short_speech):
    options = RenderOptions(speaker="张三", date="2024年7月15日")
    document = reopen(render_docx(short_speech, fill(short_speech), options))
    speaker = document.paragraphs[1]
    assert speaker.text == "张三\u3000（2024年7月15日）"
    assert east_asia_font(speaker.style) == "楷体_GB2312"
    assert speaker.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a_run_in_heading_and_point_leads_keep_their_own_look(short_speech):
    options = RenderOptions(bold_points=True)
    document = reopen(render_docx(short_speech, fill(short_speech), options))
    run_in = paragraph_starting(document, "一、坚定信心").runs[0]
    assert run_in.text == "一、坚定信心，奋力完成全年目标任务。"
    assert east_asia_font(run_in.style) == "黑体"
    lead = paragraph_starting(document, "一是强化").runs[0]
    assert lead.text == "一是强化要素保障，确保" and lead.bold
