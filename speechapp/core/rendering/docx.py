"""The speech as a Word document in 公文 house style (GB/T 9704), with python-docx.

The DOCX names the Windows fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, Times New
Roman): the reader's Word has them. Every part of the speech has a named paragraph style
("Speech Body", "Speech Heading 1"…) so an office can restyle the whole document in Word.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from speechapp.core.model import Block, BlockKind, Speech
from speechapp.core.rendering import (
    Layout,
    PageNumbers,
    RenderOptions,
    Segment,
    block_segments,
    check_complete,
)
from speechapp.core.rendering.docx_setup import (
    CARRIED_COLOR,
    HEADING_STYLES,
    MEASURES,
    PAGE_NUMBER_SIZE,
    REVIEW_COLOR,
    RUN_IN_STYLES,
    hint_east_asian,
    setup_page,
    setup_styles,
)
from speechapp.core.rendering.layout import (
    byline_blocks,
    is_head,
    podium_sentences,
    speaker_line,
    split_run_in,
    title_lines,
)
from speechapp.core.rendering.titles import printed_title


def field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def page_number(
    paragraph: Paragraph,
    style_id: str,
    align: WD_ALIGN_PARAGRAPH,
    side: str | None,
    size: Pt = PAGE_NUMBER_SIZE,
) -> None:
    """ "— N —" with a real PAGE field, so Word numbers every page itself."""
    paragraph._p.style = style_id
    paragraph.alignment = align
    if side == "right":
        paragraph.paragraph_format.right_indent = size  # one character in
    elif side == "left":
        paragraph.paragraph_format.left_indent = size
    hint_east_asian(paragraph.add_run("— "))
    p = paragraph._p
    p.append(field_char("begin"))
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run.append(instr)
    p.append(instr_run)
    p.append(field_char("separate"))
    shown = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    shown.append(text)
    p.append(shown)
    p.append(field_char("end"))
    hint_east_asian(paragraph.add_run(" —"))


def setup_footers(document: DocxDocument, page_numbers: PageNumbers, size: Pt) -> None:
    section = document.sections[0]
    style_id = document.styles["Speech Page Number"].style_id
    footer = section.footer.paragraphs[0]
    if page_numbers is PageNumbers.CENTER:
        page_number(footer, style_id, WD_ALIGN_PARAGRAPH.CENTER, None, size)
        return
    # GB/T 9704: odd pages right, even pages left, one character in from the edge.
    document.settings.odd_and_even_pages_header_footer = True
    page_number(footer, style_id, WD_ALIGN_PARAGRAPH.RIGHT, "right", size)
    even = section.even_page_footer.paragraphs[0]
    page_number(even, style_id, WD_ALIGN_PARAGRAPH.LEFT, "left", size)


def setup_page_mark(document: DocxDocument, mark: str) -> None:
    """The copy's mark ("草稿", "审校稿") in the header of every page, right-aligned."""
    if not mark:
        return
    section = document.sections[0]
    headers = [section.header]
    if document.settings.odd_and_even_pages_header_footer:
        headers.append(section.even_page_header)
    for header in headers:
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(mark)
        run.font.size = Pt(12)
        hint_east_asian(run)


class _Writer:
    """Appends speech paragraphs; style ids are looked up once, not per run."""

    def __init__(self, document: DocxDocument, options: RenderOptions):
        self.document = document
        self.options = options
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def paragraph(self, style: str) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.style_ids[style]
        return paragraph

    def runs(self, paragraph: Paragraph, segments: list[Segment], char_style: str | None = None):
        for segment in segments:
            run = paragraph.add_run(segment.text)
            if char_style:
                run._r.style = self.style_ids[char_style]
            hint_east_asian(run)
            if segment.bold:
                run.bold = True
            if segment.carried:
                run.font.color.rgb = CARRIED_COLOR
            if segment.leftover:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if segment.slot_id is None:
                continue
            if segment.missing:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            elif self.options.review_marks:
                run.font.underline = True
                run.font.color.rgb = CARRIED_COLOR if segment.carried else REVIEW_COLOR

    def podium_paragraph(self, segments: list[Segment], level: int | None) -> None:
        """One paragraph per sentence (layout.podium_sentences), each kept whole on a page;
        the first indented (with a run-in heading's font), the others flush."""
        sentences = podium_sentences(segments, run_in=level is not None)
        for i, sentence in enumerate(sentences):
            paragraph = self.paragraph("Speech Body" if i == 0 else "Speech Sentence")
            run_in = RUN_IN_STYLES.get(level, RUN_IN_STYLES[4]) if i == 0 and level else None
            self.runs(paragraph, sentence, run_in)

    def block(self, speech: Speech, block: Block, values: Mapping[str, str]) -> None:
        segments = block_segments(speech, block, values, self.options)
        if block.kind is BlockKind.SALUTATION:
            self.runs(self.paragraph("Speech Salutation"), segments)
        elif block.kind is BlockKind.HEADING:
            self.runs(self.paragraph(HEADING_STYLES[block.level or 1][0]), segments)
        elif self.options.layout is Layout.PODIUM:
            self.podium_paragraph(segments, block.level)
        elif block.level is not None:
            # A long line starting 一、/（一）: its first sentence in the heading's font.
            run_in, rest = split_run_in(segments)
            paragraph = self.paragraph("Speech Body")
            self.runs(paragraph, run_in, RUN_IN_STYLES.get(block.level, RUN_IN_STYLES[4]))
            self.runs(paragraph, rest)
        else:
            self.runs(self.paragraph("Speech Body"), segments)


def render_docx(speech: Speech, values: Mapping[str, str], options: RenderOptions) -> bytes:
    """The speech as a .docx file (bytes), ready to open in Word or WPS.

    Raises MissingSlotsError when a slot is empty, unless ``options.allow_unfilled`` (the
    draft copy, where each blank prints as a yellow-highlighted ×).
    """
    check_complete(speech, values, options)
    document = Document()
    body = document.element.body
    for paragraph in body.findall(qn("w:p")):  # the template's empty first paragraph
        body.remove(paragraph)
    measures = MEASURES[options.layout]
    setup_styles(document, options.layout)
    setup_page(document, measures)
    setup_footers(document, options.page_numbers, measures.page_number_size)
    setup_page_mark(document, options.page_mark)
    properties = document.core_properties
    title_text = printed_title(speech, values, options)
    properties.title = title_text
    properties.author = properties.comments = ""  # not "python-docx" in Word's file info

    writer = _Writer(document, options)
    lines = title_lines(speech, values, options)
    if lines:
        title = writer.paragraph("Speech Title")
        for i, line in enumerate(lines):
            if i:
                title.add_run().add_break()
            writer.runs(title, line)
    # The template's speaker and date lines, then the one from the options: centred, in 楷体.
    bylines = byline_blocks(speech)
    for block in bylines:
        segments = block_segments(speech, block, values, options)
        writer.runs(writer.paragraph("Speech Speaker"), segments)
    speaker = speaker_line(options, title_text)
    if speaker:
        writer.runs(writer.paragraph("Speech Speaker"), [Segment(speaker)])
    if lines or bylines or speaker:
        writer.paragraph("Speech Body")  # the blank line before the salutation
    for block in speech.blocks:
        if not is_head(block):
            writer.block(speech, block, values)

    out = BytesIO()
    document.save(out)
    return out.getvalue()
