"""Uploaded templates are read whatever their encoding or format."""

import io

import pytest
from docx import Document

from speechapp.core.reading import TemplateReadError, read_template

TEXT = "在全区工作会上的讲话\n同志们：\n全区生产总值同比增长×%，位居全市第×位。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_files_are_decoded_in_common_encodings(encoding):
    assert read_template(TEXT.encode(encoding), "模板.txt") == TEXT


def test_big5_text_is_recognised():
    text = (
        "在全區工作會議上的講話\n同志們：\n全區生產總值同比增長×%，各項工作穩步推進，取得了顯著成效。\n"
        * 3
    )
    assert read_template(text.encode("big5"), "t.txt") == text


def test_docx_paragraphs_become_lines():
    document = Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_template(buffer.getvalue(), "模板.DOCX").splitlines() == TEXT.splitlines()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"PK\x03\x04 not really a zip", "x.docx", "bad_docx"),
        (b"\xd0\xcf\x11\xe0", "x.doc", "old_doc"),
        (b"%PDF-1.7", "x.pdf", "unsupported"),
        (b"\x00\x01\x02\x03" * 100, "x.txt", "binary"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, name, code):
    with pytest.raises(TemplateReadError) as excinfo:
        read_template(data, name)
    assert excinfo.value.code == code


def test_crlf_line_endings_become_newlines():
    assert read_template(b"a\r\nb\rc", "t.txt") == "a\nb\nc"
