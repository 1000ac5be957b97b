"""The speech as a Word document in 公文 house style (GB/T 9704).

python-docx builds the document's frame (docx_setup: styles, page; here: footers, page mark)
once per process for each copy's look; a render writes the speech's paragraphs into it as
WordprocessingML, one string each, and zips the package.

The DOCX names the Windows fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, Times New
Roman): the reader's Word has them. Every part of the speech has a named paragraph style
("Speech Body", "Speech Heading 1"…) so an office can restyle the whole document in Word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from docx import Document
from docx.oxml.ns import qn

from speechapp.core.model import Block, BlockKind, Speech
from speechapp.core.rendering import (
    Layout,
    PageNumbers,
    RenderOptions,
    Segment,
    block_segments,
    check_complete,
)
from speechapp.core.rendering.comments import comment_bounds, mark_xml, with_comments_part
from speechapp.core.rendering.docx_pages import (
    setup_footer_note,
    setup_footers,
    setup_page_mark,
    setup_track_revisions,
)
from speechapp.core.rendering.docx_setup import (
    CARRIED_COLOR,
    HEADING_STYLES,
    MEASURES,
    REVIEW_COLOR,
    RUN_IN_STYLES,
    setup_page,
    setup_styles,
)
from speechapp.core.rendering.layout import (
    SHARED_FULL_WIDTH,
    byline_blocks,
    is_head,
    podium_sentences,
    speaker_line,
    split_run_in,
    title_lines,
)
from speechapp.core.rendering.titles import printed_title

DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"
_HINT = '<w:rFonts w:hint="eastAsia"/>'
_LINE_BREAK = "<w:r><w:br/></w:r>"  # between the lines of a broken title
_TAB_OR_LINE = re.compile("([\t\r\n])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what lxml refuses in a text


def _text(text: str) -> str:
    """``text`` escaped for an XML element; a control character, as lxml would, is refused."""
    if _NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: no NULL bytes or control characters")
    return escape(text)


def text_xml(text: str, tag: str = "w:t") -> str:
    """A run's content as python-docx writes it: a tab as w:tab, each CR or LF as w:br, the
    rest in w:t (space kept when it starts or ends with a space); ``tag`` "w:delText" for the
    text of a tracked deletion."""
    pieces = []
    for piece in _TAB_OR_LINE.split(text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            pieces.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            pieces.append(f"<{tag}{space}>{_text(piece)}</{tag}>")
    return "".join(pieces)


class Writer:
    """Writes the speech's paragraphs as WordprocessingML, each in one string: python-docx's
    per-run property setters (an xpath lookup each) took most of a render's time."""

    def __init__(self, style_ids: Mapping[str, str], options: RenderOptions):
        self.options = options
        self.style_ids = style_ids
        self.parts: list[str] = []
        # The review copy's comments: where they start and end in the paragraph being
        # written (begin), by character offset, and the ones placed so far.
        self.bounds: dict[int, list[tuple[str, int]]] = {}
        self.offset = 0
        self.placed: set[int] = set()

    def begin(self, segments: list[Segment]) -> None:
        """Before a paragraph's runs: find where its comments start and end."""
        self.offset = 0
        if self.options.comments:
            pieces = [(s.text, s.slot_id) for s in segments]
            self.bounds = comment_bounds(pieces, self.options.comments)

    def marks(self, upto: int) -> str:
        """The comment marks at offsets up to ``upto`` not yet written."""
        due = sorted(b for b in self.bounds if b <= upto)
        xml = []
        for offset in due:
            for kind, comment_id in self.bounds.pop(offset):
                xml.append(mark_xml(kind, comment_id))
                self.placed.add(comment_id)
        return "".join(xml)

    def paragraph(self, style: str, runs: str = "") -> None:
        style_id = self.style_ids[style]
        runs += self.marks(self.offset) if self.bounds else ""
        self.bounds = {}
        self.parts.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{runs}</w:p>')

    def run_props(self, segment: Segment, char_style: str | None = None) -> str:
        """A segment's run properties in the schema's order (rStyle, rFonts, b, color,
        highlight, u); a review mark's colour wins over the carried colour."""
        color = CARRIED_COLOR if segment.carried else None
        highlight = segment.leftover
        underline = False
        if segment.slot_id is not None:
            if segment.missing:
                highlight = True
            elif self.options.review_marks:
                underline = True
                color = CARRIED_COLOR if segment.carried else REVIEW_COLOR
        props = f'<w:rStyle w:val="{self.style_ids[char_style]}"/>' if char_style else ""
        if any(ch in SHARED_FULL_WIDTH for ch in segment.text):
            props += _HINT  # see docx_setup.hint_east_asian
        if segment.bold:
            props += "<w:b/>"
        if color is not None:
            props += f'<w:color w:val="{color}"/>'
        if highlight:
            props += '<w:highlight w:val="yellow"/>'
        if underline:
            props += '<w:u w:val="single"/>'
        return f"<w:rPr>{props}</w:rPr>" if props else ""

    def run(self, segment: Segment, char_style: str | None = None) -> str:
        return f"<w:r>{self.run_props(segment, char_style)}{text_xml(segment.text)}</w:r>"

    def runs(self, segments: list[Segment], char_style: str | None = None) -> str:
        out = []
        for segment in segments:
            if self.bounds:
                out.extend(self.commented_runs(segment, char_style))
                continue
            out.append(self.run(segment, char_style))
            self.offset += len(segment.text)
        return "".join(out)

    def commented_runs(self, segment: Segment, char_style: str | None) -> list[str]:
        """A segment's runs with the comment marks that fall in it, cut where they fall."""
        start, text = self.offset, segment.text
        cuts = sorted(b - start for b in self.bounds if start < b < start + len(text))
        xml = [self.marks(start)]
        edges = [0, *cuts, len(text)]
        saved = self.bounds
        for a, b in zip(edges, edges[1:], strict=False):
            self.bounds = {}
            piece = Segment(
                text[a:b],
                segment.slot_id,
                segment.missing,
                segment.bold,
                segment.carried,
                segment.leftover,
            )
            xml.append(self.runs([piece], char_style))
            self.bounds = saved
            xml.append(self.marks(start + b) if b < len(text) else "")
        self.offset = start + len(text)
        return xml

    def podium_paragraph(self, segments: list[Segment], level: int | None) -> None:
        """One paragraph per sentence (layout.podium_sentences), each kept whole on a page;
        the first indented (with a run-in heading's font), the others flush."""
        sentences = podium_sentences(segments, run_in=level is not None)
        for i, sentence in enumerate(sentences):
            run_in = RUN_IN_STYLES.get(level, RUN_IN_STYLES[4]) if i == 0 and level else None
            style = "Speech Body" if i == 0 else "Speech Sentence"
            self.paragraph(style, self.runs(sentence, run_in))

    def block(self, speech: Speech, block: Block, values: Mapping[str, str]) -> None:
        segments = block_segments(speech, block, values, self.options)
        self.begin(segments)
        if block.kind is BlockKind.SALUTATION:
            self.paragraph("Speech Salutation", self.runs(segments))
        elif block.kind is BlockKind.HEADING:
            self.paragraph(HEADING_STYLES[block.level or 1][0], self.runs(segments))
        elif self.options.layout is Layout.PODIUM:
            self.podium_paragraph(segments, block.level)
        elif block.level is not None:
            # A long line starting 一、/（一）: its first sentence in the heading's font.
            run_in, rest = split_run_in(segments)
            run_in_style = RUN_IN_STYLES.get(block.level, RUN_IN_STYLES[4])
            self.paragraph("Speech Body", self.runs(run_in, run_in_style) + self.runs(rest))
        else:
            self.paragraph("Speech Body", self.runs(segments))


def _split(xml: bytes, marker: bytes) -> tuple[bytes, bytes]:
    """The part before and after ``marker`` (included in the first), found exactly once."""
    start, found, end = xml.partition(marker)
    if not found or marker in end:
        raise RuntimeError(f"python-docx wrote an unexpected part: {marker!r}")
    return start + found, end


@dataclass(frozen=True, slots=True)
class _Frame:
    """A saved document with everything but the speech: styles, page, footers, page mark."""

    parts: tuple[tuple[str, bytes], ...]  # the package's files, in python-docx's order
    # What a render writes into: the paragraphs into word/document.xml's body, the title into
    # docProps/core.xml; each part's bytes before and after.
    holes: Mapping[str, tuple[bytes, bytes]]
    style_ids: Mapping[str, str]  # style name → id


@lru_cache(maxsize=16)
def _frame(
    layout: Layout,
    page_numbers: PageNumbers,
    page_mark: str,
    version: str = "",
    footer_note: str = "",
    track_revisions: bool = False,
) -> _Frame:
    """Built with python-docx once per process for each copy's look, then reused."""
    document = Document()
    body = document.element.body
    for paragraph in body.findall(qn("w:p")):  # the template's empty first paragraph
        body.remove(paragraph)
    measures = MEASURES[layout]
    setup_styles(document, layout)
    setup_page(document, measures)
    setup_footers(document, page_numbers, measures.page_number_size)
    setup_page_mark(document, page_mark)
    setup_footer_note(document, footer_note)
    if track_revisions:
        setup_track_revisions(document)
    properties = document.core_properties
    if version:
        properties.version = version
    properties.title = ""  # the speech's own, written by render_docx
    properties.author = properties.comments = ""  # not "python-docx" in Word's file info
    style_ids = {style.name: escape(style.style_id) for style in document.styles}
    saved = BytesIO()
    document.save(saved)
    with ZipFile(saved) as package:
        parts = tuple((name, package.read(name)) for name in package.namelist())
    files = dict(parts)
    holes = {
        DOCUMENT_PART: _split(files[DOCUMENT_PART], b"<w:body>"),
        CORE_PART: _split(files[CORE_PART], b"<dc:title>"),
    }
    return _Frame(parts, holes, style_ids)


def render_docx(speech: Speech, values: Mapping[str, str], options: RenderOptions) -> bytes:
    """The speech as a .docx file (bytes), ready to open in Word or WPS.

    Raises MissingSlotsError when a slot is empty, unless ``options.allow_unfilled`` (the
    draft copy, where each blank prints as a yellow-highlighted ×).
    """
    check_complete(speech, values, options)
    return write_docx(speech, values, options, Writer)


def write_docx(
    speech: Speech,
    values: Mapping[str, str],
    options: RenderOptions,
    make_writer: Callable[[Mapping[str, str], RenderOptions], Writer],
    *,
    track_revisions: bool = False,
) -> bytes:
    """The .docx of the speech, its paragraphs written by ``make_writer(style_ids, options)``
    (a Writer, or one that marks more: docx_changes.TrackedWriter), without the
    completeness check; ``track_revisions`` opens it with Word's 修订 on."""
    frame = _frame(
        options.layout,
        options.page_numbers,
        options.page_mark,
        options.version,
        options.footer_note,
        track_revisions,
    )
    title_text = printed_title(speech, values, options)

    writer = make_writer(frame.style_ids, options)
    lines = title_lines(speech, values, options)
    if lines:
        writer.begin([segment for line in lines for segment in line])
        writer.paragraph("Speech Title", _LINE_BREAK.join(writer.runs(line) for line in lines))
    # The template's speaker and date lines, then the one from the options: centred, in 楷体.
    bylines = byline_blocks(speech)
    for block in bylines:
        segments = block_segments(speech, block, values, options)
        writer.begin(segments)
        writer.paragraph("Speech Speaker", writer.runs(segments))
    speaker = speaker_line(options, title_text)
    if speaker:
        writer.paragraph("Speech Speaker", writer.runs([Segment(speaker)]))
    if lines or bylines or speaker:
        writer.paragraph("Speech Body")  # the blank line before the salutation
    for block in speech.blocks:
        if not is_head(block):
            writer.block(speech, block, values)

    # Word's file info keeps at most 255 characters of a title.
    filling = {DOCUMENT_PART: "".join(writer.parts), CORE_PART: _text(title_text[:255])}
    parts = dict(frame.parts)
    for name, (before, after) in frame.holes.items():
        parts[name] = before + filling[name].encode() + after
    placed = [c for c in options.comments if c.id in writer.placed]
    with_comments_part(parts, placed)
    out = BytesIO()
    with ZipFile(out, "w", compression=ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()
