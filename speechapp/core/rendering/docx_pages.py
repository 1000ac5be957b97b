"""What every page of the DOCX carries besides the speech: the page numbers (a real PAGE
field, GB/T 9704's outside placement), the copy's mark in the header ("草稿", "审校稿"), the
review copy's note in the footer; and Word's 修订 switched on for the tracked-changes copy."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from speechapp.core.rendering import PageNumbers
from speechapp.core.rendering.docx_setup import PAGE_NUMBER_SIZE, hint_east_asian


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


def _print_on_every_page(
    paragraphs: list[Paragraph], text: str, align: WD_ALIGN_PARAGRAPH, size: Pt
) -> None:
    for paragraph in paragraphs:
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.font.size = size
        hint_east_asian(run)


def _odd_and_even(document: DocxDocument, odd, even) -> list:
    """The odd pages' part and, where even pages have their own, the even pages'."""
    both = document.settings.odd_and_even_pages_header_footer
    return [odd, even] if both else [odd]


def setup_page_mark(document: DocxDocument, mark: str) -> None:
    """The copy's mark ("草稿", "审校稿") in the header of every page, right-aligned."""
    if not mark:
        return
    section = document.sections[0]
    headers = _odd_and_even(document, section.header, section.even_page_header)
    paragraphs = [header.paragraphs[0] for header in headers]
    _print_on_every_page(paragraphs, mark, WD_ALIGN_PARAGRAPH.RIGHT, Pt(12))


def setup_footer_note(document: DocxDocument, note: str) -> None:
    """The review copy's note (version, frozen files' SHA-256) under the page number, on every
    page, small and centred."""
    if not note:
        return
    section = document.sections[0]
    footers = _odd_and_even(document, section.footer, section.even_page_footer)
    paragraphs = [footer.add_paragraph() for footer in footers]
    _print_on_every_page(paragraphs, note, WD_ALIGN_PARAGRAPH.CENTER, Pt(8))


def setup_track_revisions(document: DocxDocument) -> None:
    """Word's 修订 (Track Changes) on as the document opens: a reviewer's own edits are
    tracked too. In the schema's order, before w:defaultTabStop."""
    settings = document.settings.element
    settings.find(qn("w:defaultTabStop")).addprevious(OxmlElement("w:trackRevisions"))
