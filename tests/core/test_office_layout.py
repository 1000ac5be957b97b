"""The DOCX as LibreOffice lays it out (Debian's Writer, as on domestic Linux desktops): the
same pages as the app's PDF, 28 characters to a full line (GB/T 9704's 22 × 28 grid)."""

import re
from io import BytesIO

import pypdf
import pytest

from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.docx import render_docx
from speechapp.core.rendering.pdf import render_pdf
from tests.office import libreoffice_pdf
from tests.pdfs import advances, layout_pages
from tests.samples import BY_KIND
from tests.system import needs_libreoffice, needs_poppler

pytestmark = [needs_libreoffice, needs_poppler]

# Marks that may not start a line; LibreOffice (like Word) lets one hang into the margin.
CLOSING_MARKS = "，。、；：！？）》」』”’"


@pytest.fixture(scope="module")
def office_pdf(seed_speech, seed_values, tmp_path_factory) -> bytes:
    """The app's DOCX of the filled seed, laid out and printed by LibreOffice (~2 s)."""
    docx = render_docx(seed_speech, seed_values, RenderOptions())
    return libreoffice_pdf(docx, tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="module")
def office_pages(office_pdf) -> list[list[str]]:
    return layout_pages(office_pdf)


def body_lines(pages: list[list[str]]) -> list[str]:
    """The printed lines without the page numbers ("— 3 —")."""
    return [
        line.replace(" ", "") for page in pages for line in page if not line.strip().startswith("—")
    ]


def full_line_widths(pages: list[list[str]]) -> list[int]:
    """Characters on each full line of Chinese text, in character cells.

    A line is full when its paragraph goes on with a Chinese character on the next line of
    the same page (a paragraph's first line is indented, so the next must not be; a Latin
    word or number moves whole, so a line before one is left out, as are lines that hold
    Latin letters or digits, whose widths differ). An indented first line counts its two
    cells of indent; a closing mark hanging into the margin is not counted.
    """
    widths = []
    for page in pages:
        lines = [line for line in page if not line.strip().startswith("—")]
        for line, following in zip(lines, lines[1:], strict=False):
            text = line.strip().replace(" ", "")
            if following[0].isspace() or following[0].isascii() or re.search("[ -~]", text):
                continue
            width = len(text) + (2 if line[0].isspace() else 0)
            if width == 29 and text[-1] in CLOSING_MARKS:
                width = 28
            widths.append(width)
    return widths


def test_libreoffice_lays_the_docx_out_on_as_many_pages_as_the_pdf(
    office_pages, seed_speech, seed_values
):
    pdf_pages = layout_pages(render_pdf(seed_speech, seed_values, RenderOptions()))
    assert len(office_pages) == len(pdf_pages)
    name = BY_KIND["name"]
    assert "".join(body_lines(office_pages)).count(name) == sum(
        1 for value in seed_values.values() if value == name
    )
    assert sum(1 for value in seed_values.values() if value == name) > 30


def test_libreoffice_puts_28_characters_on_a_full_line(office_pages):
    widths = full_line_widths(office_pages)
    assert len(widths) > 100  # most of the seed's lines are full lines of Chinese
    assert set(widths) <= {27, 28}, sorted(widths)
    assert widths.count(28) > len(widths) * 0.8


def test_libreoffice_prints_the_quotation_marks_full_width(office_pdf):
    found = advances(pypdf.PdfReader(BytesIO(office_pdf)), "“”")
    assert found  # the seed quotes “六稳” and more
    assert set(found.values()) == {1000}, found
