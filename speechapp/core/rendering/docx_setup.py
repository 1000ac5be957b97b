"""The Word document's frame in 公文 house style (GB/T 9704): page geometry, the named
paragraph and character styles, the footers with page numbers and the page mark, and the
font settings every run uses. docx.py writes the speech into it."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from docx.styles.style import BaseStyle

from speechapp.core.rendering import (
    Layout,
)
from speechapp.core.rendering.fonts import ROLE_FONTS, FontRole
from speechapp.core.rendering.layout import (
    SHARED_FULL_WIDTH,
)

# Page geometry in twips (1/1440 inch), as GB/T 9704 templates write it: A4, margins top
# 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the text block is 156 × 225 mm.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474
# The page number's top sits 7 mm under the text block: 35 − 7 − 4.9 mm (one 14 pt line,
# fixed line height) leaves 23 mm from the page's bottom edge to the footer's bottom.
FOOTER_DISTANCE = Twips(1304)  # 23 mm

# 22 lines × 28 characters, read alike by Word, WPS and LibreOffice:
#   a line grid (w:docGrid type="lines"): text block height 16838 − 2098 − 1984 = 12756 twips;
#     12756 / 22 = 579.8, and 579 (not 580, 22 × 580 = 12760 > 12756) keeps the 22nd line on
#     the page.
#   character spacing on the runs (w:spacing in the default run properties, in twentieths of
#     a point), not a character grid: LibreOffice reads `linesAndChars` with w:charSpace its
#     own way (about 18 characters a line). The block is 11906 − 1588 − 1474 = 8844 twips =
#     442.2 pt wide; 28 characters of 16 pt need 15.793 pt each, −0.207 pt. −0.25 pt (−5)
#     leaves room for the spacing after a line's last character (28 × 15.75 = 441 pt); the
#     PDF's letter-spacing is the same −0.21 pt rounded the other way.
GRID_LINE_PITCH = 579
BODY_CHAR_SPACING = -5  # twentieths of a point

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
BODY_LINE = Pt(28)  # fixed 28 pt, the most common house setting
TITLE_LINE = Pt(35)
REVIEW_COLOR = RGBColor(0x1F, 0x4E, 0x9E)
CARRIED_COLOR = RGBColor(0xB3, 0x59, 0x00)  # a value taken from 上期, not yet confirmed


@dataclass(frozen=True, slots=True)
class Measures:
    """What the layout changes in the DOCX: type size, line spacing, page numbers, grid."""

    body_size: Pt
    line: Pt  # exact line height
    char_spacing: int  # twentieths of a point, in the default run properties
    page_number_size: Pt
    footer_distance: Twips
    line_grid: bool  # the 22-line document grid of the official copy
    keep_lines: bool  # body paragraphs never split across pages


MEASURES = {
    Layout.OFFICIAL: Measures(
        body_size=BODY_SIZE,
        line=BODY_LINE,
        char_spacing=BODY_CHAR_SPACING,
        page_number_size=PAGE_NUMBER_SIZE,
        footer_distance=FOOTER_DISTANCE,
        line_grid=True,
        keep_lines=False,
    ),
    # The podium copy (讲台版): 小二 (18 pt) with 1.5× line spacing, written as a fixed 27 pt
    # (1.5 × 18), no grid: Word's "1.5 lines" multiplies the font's own line height, which
    # differs between 仿宋_GB2312 and a stand-in (LibreOffice with Noto CJK: 16 lines a page
    # instead of the PDF's 23); a fixed height lays out alike everywhere. 24 characters on
    # the 442.2 pt line: 18 pt + 0.4 pt (8) each = 441.6 pt. Page numbers in 二号 (22 pt),
    # 7 mm under the text block: 35 − 7 − 7.8 mm = 20.2 mm (1147 twips) footer
    # distance. Every sentence is its own paragraph with "keep lines together" (w:keepLines,
    # which Word, WPS and LibreOffice all honour), so a page turns only between sentences.
    Layout.PODIUM: Measures(
        body_size=Pt(18),
        line=Pt(27),
        char_spacing=8,
        page_number_size=Pt(22),
        footer_distance=Twips(1147),
        line_grid=False,
        keep_lines=True,
    ),
}
LATIN_FONT = ROLE_FONTS[FontRole.LATIN].wanted

BODY_FONT = ROLE_FONTS[FontRole.BODY].wanted  # 仿宋_GB2312
TITLE_FONT = ROLE_FONTS[FontRole.TITLE].wanted  # 方正小标宋简体
HEI_FONT = ROLE_FONTS[FontRole.HEADING1].wanted  # 黑体
KAI_FONT = ROLE_FONTS[FontRole.HEADING2].wanted  # 楷体_GB2312
SONG_FONT = ROLE_FONTS[FontRole.PAGE_NUMBER].wanted  # 宋体

# Heading levels: (style name, Chinese font, bold).
HEADING_STYLES = {
    1: ("Speech Heading 1", HEI_FONT, False),
    2: ("Speech Heading 2", KAI_FONT, False),
    3: ("Speech Heading 3", BODY_FONT, True),
    4: ("Speech Heading 4", BODY_FONT, False),
}
RUN_IN_STYLES = {level: f"Speech Run-in {level}" for level in HEADING_STYLES}

# The elements that follow w:spacing in a w:rPr (the schema's order, which Word enforces).
AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(r_pr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Chinese text in ``east_asia``, Latin letters and digits in ``latin``.

    python-docx's ``font.name`` sets only the Latin names; Word takes Chinese text from
    ``w:eastAsia``. A theme attribute on the same element would override both, so it goes.
    """
    r_fonts = r_pr.get_or_add_rFonts()
    for attr in THEME_ATTRS:
        r_fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        r_fonts.set(qn(attr), latin)
    r_fonts.set(qn("w:eastAsia"), east_asia)
    # Quotes, dashes and ellipses are shared code points: print them in the Chinese font.
    r_fonts.set(qn("w:hint"), "eastAsia")


def set_char_spacing(r_pr, twentieths: int) -> None:
    """Extra space after every character, in twentieths of a point (negative: tighter)."""
    spacing = r_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        r_pr.insert_element_before(spacing, *AFTER_SPACING)
    spacing.set(qn("w:val"), str(twentieths))


def hint_east_asian(run) -> None:
    """A run holding quotation marks, dashes or ellipses (shared code points) prints them in
    the East Asian font, full-width, as Word itself marks such runs typed in Chinese.

    The styles carry the same hint, but a hint on the run is what Word, WPS and LibreOffice
    all read."""
    if any(ch in SHARED_FULL_WIDTH for ch in run.text):
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")


def set_first_line_chars(style: BaseStyle, chars: int) -> None:
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars))


def paragraph_style(
    document: DocxDocument,
    name: str,
    *,
    base: str | None,
    east_asia: str,
    size: Pt = BODY_SIZE,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    line: Pt | None = None,
    indent_chars: int | None = None,
    keep_with_next: bool = False,
    keep_together: bool = False,
    outline_level: int | None = None,
    char_spacing: int | None = None,
):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base] if base else None
    style.quick_style = True
    font = style.font
    font.size = size
    font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), east_asia)
    if char_spacing is not None:
        set_char_spacing(style.element.get_or_add_rPr(), char_spacing)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        fmt.alignment = align
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if indent_chars is not None:
        fmt.first_line_indent = Pt(size.pt * indent_chars / 100)
        # firstLineChars wins over firstLine in Word and follows the font size; a style
        # based on the body must reset it to 0 or it inherits the 2-character indent.
        set_first_line_chars(style, indent_chars)
    if keep_with_next:
        fmt.keep_with_next = True  # no heading left alone at the foot of a page
    if keep_together:
        fmt.keep_together = True
    if outline_level is not None:
        # Shows the heading in Word's navigation pane.
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline_level))
        style.element.get_or_add_pPr().append(lvl)
    return style


def character_style(document: DocxDocument, name: str, east_asia: str, bold: bool):
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.quick_style = True
    style.font.bold = bold
    set_fonts(style.element.get_or_add_rPr(), east_asia)
    return style


def setup_defaults(document: DocxDocument, measures: Measures) -> None:
    """Document defaults: 16 pt 仿宋_GB2312 / Times New Roman, Chinese language, no spacing
    between paragraphs, and the character spacing that puts 28 characters on a line."""
    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag)).set(qn("w:val"), str(int(measures.body_size.pt * 2)))
    set_char_spacing(r_pr, measures.char_spacing)
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = spacing.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def setup_styles(document: DocxDocument, layout: Layout) -> None:
    measures = MEASURES[layout]
    size = measures.body_size
    setup_defaults(document, measures)
    justify, center = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
    paragraph_style(
        document,
        "Speech Body",
        base="Normal",
        east_asia=BODY_FONT,
        size=size,
        align=justify,
        line=measures.line,
        indent_chars=200,
        keep_together=measures.keep_lines,
    )
    if layout is Layout.PODIUM:
        # A paragraph's later sentences, each its own paragraph, continue at the margin.
        paragraph_style(
            document,
            "Speech Sentence",
            base="Speech Body",
            east_asia=BODY_FONT,
            size=size,
            indent_chars=0,
        )
    paragraph_style(
        document,
        "Speech Title",
        base="Normal",
        east_asia=TITLE_FONT,
        size=TITLE_SIZE,
        align=center,
        line=TITLE_LINE,
        indent_chars=0,
        keep_with_next=True,
        char_spacing=0,  # as in the PDF: a title line is broken to fit, not squeezed
    )
    paragraph_style(
        document,
        "Speech Speaker",
        base="Speech Body",
        east_asia=KAI_FONT,
        size=size,
        align=center,
        indent_chars=0,
        keep_with_next=True,
    )
    paragraph_style(
        document,
        "Speech Salutation",
        base="Speech Body",
        east_asia=BODY_FONT,
        size=size,
        indent_chars=0,
        keep_with_next=True,
    )
    for level, (name, east_asia, bold) in HEADING_STYLES.items():
        paragraph_style(
            document,
            name,
            base="Speech Body",
            east_asia=east_asia,
            size=size,
            bold=bold,
            keep_with_next=True,
            outline_level=level - 1,
        )
        character_style(document, RUN_IN_STYLES[level], east_asia, bold)
    paragraph_style(
        document,
        "Speech Page Number",
        base="Normal",
        east_asia=SONG_FONT,
        size=measures.page_number_size,
        line=measures.page_number_size,
        indent_chars=0,
        char_spacing=0,
    )


def setup_page(document: DocxDocument, measures: Measures) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.footer_distance = measures.footer_distance
    if not measures.line_grid:
        return
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(GRID_LINE_PITCH))
    grid.attrib.pop(qn("w:charSpace"), None)
