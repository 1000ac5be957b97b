"""A copy that is not the final one says so on every page: "草稿", "审校稿"."""

from io import BytesIO

import docx
import pypdf

from speechapp.core.rendering import PageNumbers, RenderOptions
from speechapp.core.rendering.docx import render_docx
from speechapp.core.rendering.pdf import render_pdf


def test_every_pdf_page_carries_the_mark_and_the_final_copy_none(seed_speech, seed_values):
    marked = pypdf.PdfReader(
        BytesIO(render_pdf(seed_speech, seed_values, RenderOptions(page_mark="审校稿")))
    )
    assert len(marked.pages) > 3
    for page in marked.pages:
        assert "审校稿" in page.extract_text()
    final = pypdf.PdfReader(BytesIO(render_pdf(seed_speech, seed_values, RenderOptions())))
    assert len(final.pages) == len(marked.pages)  # the mark takes no room from the text
    assert not any("审校稿" in page.extract_text() for page in final.pages)


def headers(data: bytes) -> list[str]:
    section = docx.Document(BytesIO(data)).sections[0]
    return [section.header.paragraphs[0].text, section.even_page_header.paragraphs[0].text]


def test_every_docx_page_header_carries_the_mark(seed_speech):
    outside = RenderOptions(page_mark="草稿", allow_unfilled=True)
    assert headers(render_docx(seed_speech, {}, outside)) == ["草稿", "草稿"]  # odd, even pages
    centre = RenderOptions(page_mark="草稿", allow_unfilled=True, page_numbers=PageNumbers.CENTER)
    document = docx.Document(BytesIO(render_docx(seed_speech, {}, centre)))
    assert document.sections[0].header.paragraphs[0].text == "草稿"  # one header for all


def test_the_final_docx_has_no_mark(seed_speech, seed_values):
    assert headers(render_docx(seed_speech, seed_values, RenderOptions())) == ["", ""]
