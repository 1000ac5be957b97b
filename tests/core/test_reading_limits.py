"""An uploaded .docx cannot take the server down: bombs and broken files become reasons."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from speechapp.core.reading import TemplateReadError, read_template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
TAIL = b"</w:body></w:document>"
MB = 1024 * 1024


def docx_with(document_xml: bytes | None, *, extra_members: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if document_xml is not None:
            archive.writestr("word/document.xml", document_xml)
        for i in range(extra_members):
            archive.writestr(f"word/media/m{i}.bin", b"")
    return buffer.getvalue()


def bomb_docx(inflated_bytes: int) -> bytes:
    """A document.xml of empty paragraphs, streamed so the test never holds it whole."""
    chunk = b"<w:p/>" * (MB // 6)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        member.write(HEAD)
        written = 0
        while written < inflated_bytes:
            member.write(chunk)
            written += len(chunk)
        member.write(TAIL)
    return buffer.getvalue()


def lying_docx(inflated_bytes: int, claimed_bytes: int) -> bytes:
    """A bomb whose central directory claims its document part is small."""
    data = bytearray(docx_with(HEAD + b"<w:p/>" * (inflated_bytes // 6) + TAIL))
    entry = data.rfind(b"PK\x01\x02")
    assert data[entry + 46 : entry + 46 + 17] == b"word/document.xml"
    struct.pack_into("<I", data, entry + 24, claimed_bytes)  # uncompressed size
    return bytes(data)


def bzip2_docx(inflated_bytes: int, claimed_bytes: int) -> bytes:
    """A document part compressed with bzip2 (which Word never writes), whose central directory
    claims it is small: a few kilobytes of bzip2 inflate to hundreds of megabytes."""
    info = zipfile.ZipInfo("word/document.xml")
    info.compress_type = zipfile.ZIP_BZIP2
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(HEAD + b"<w:p><w:r><w:t>")
            for _ in range(inflated_bytes // MB):
                member.write(b"a" * MB)
    data = bytearray(buffer.getvalue())
    entry = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, entry + 24, claimed_bytes)  # uncompressed size
    return bytes(data)


def refusal(data: bytes, name: str = "模板.docx") -> str:
    with pytest.raises(TemplateReadError) as excinfo:
        read_template(data, name)
    return excinfo.value.code


def peak_memory_while_reading(data: bytes) -> int:
    tracemalloc.start()
    try:
        with pytest.raises(TemplateReadError):
            read_template(data, "炸弹.docx")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    data = bomb_docx(200 * MB)
    assert len(data) < 1 * MB
    assert refusal(data) == "docx_too_big"
    assert peak_memory_while_reading(data) < 50 * MB


def test_a_highly_compressed_part_under_the_size_limit_is_refused_by_its_ratio():
    data = bomb_docx(10 * MB)
    assert refusal(data) == "docx_too_big"


def test_a_central_directory_that_lies_about_the_size_does_not_inflate_more():
    data = lying_docx(30 * MB, claimed_bytes=1000)
    assert refusal(data) == "bad_docx"
    assert peak_memory_while_reading(data) < 50 * MB


def test_a_part_compressed_with_bzip2_is_refused_before_a_chunk_of_it_is_inflated():
    data = bzip2_docx(64 * MB, claimed_bytes=1000)
    assert len(data) < 10_000
    assert refusal(data) == "bad_docx"
    assert peak_memory_while_reading(data) < 50 * MB


def test_a_billion_laughs_document_is_refused_without_expanding():
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;×</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()
    data = docx_with(xml)
    assert refusal(data) == "bad_docx"
    assert peak_memory_while_reading(data) < 50 * MB


def test_a_document_with_an_external_entity_is_refused():
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()
    assert refusal(docx_with(xml)) == "bad_docx"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"this is plain text, not a zip", "bad_docx"),
        (docx_with(None), "bad_docx"),
        (docx_with(HEAD + b"<w:p><w:r><w:t>unclosed"), "bad_docx"),
        (docx_with(b"<html><body>x</body></html>"), "bad_docx"),
        (docx_with(HEAD + TAIL, extra_members=1001), "docx_too_big"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "EncryptedPackage".encode("utf-16-le")
            + b"\0" * 512,
            "encrypted",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old_doc"),
    ],
    ids=[
        "not-a-zip",
        "no-document-part",
        "malformed-xml",
        "not-word-xml",
        "too-many-members",
        "password-protected",
        "doc-renamed",
    ],
)
def test_a_broken_docx_is_refused_with_a_reason(data, code):
    assert refusal(data) == code


def test_a_real_docx_reads_its_paragraphs_tabs_and_breaks():
    document = Document()
    document.add_paragraph("同比增长×%")
    paragraph = document.add_paragraph("第一")
    paragraph.add_run().add_tab()
    paragraph.add_run("第二")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "表格里的字不算正文"
    document.add_paragraph("末行")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_template(buffer.getvalue(), "t.docx") == "同比增长×%\n第一\t第二\n末行"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + "全区生产总值同比增长×%。".encode("gbk"),
        b"\xff\xfe" + b"\x00\xd8\x41\x00",  # a lone surrogate after a UTF-16 mark
        b"\xfe\xff\xd8",
    ],
    ids=["utf8-bom-then-gbk", "utf16-bom-then-lone-surrogate", "utf16-bom-odd-length"],
)
def test_a_text_file_with_a_misleading_byte_order_mark_never_raises_a_decode_error(data):
    try:
        text = read_template(data, "模板.txt")
    except TemplateReadError as exc:
        assert exc.code == "undecodable"
    else:
        assert isinstance(text, str)


def test_a_utf8_mark_before_gbk_text_reads_the_gbk_text():
    text = "全区生产总值同比增长×%，位居全市第×位。"
    assert read_template(b"\xef\xbb\xbf" + text.encode("gbk"), "t.txt") == text


def _real_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("全区生产总值同比增长×%。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


REAL_DOCX = _real_docx()


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    position=st.integers(min_value=0, max_value=len(REAL_DOCX) - 1),
    garbage=st.binary(min_size=1, max_size=64),
    truncate=st.booleans(),
)
def test_a_damaged_docx_reads_or_is_refused_with_a_reason(position, garbage, truncate):
    data = REAL_DOCX[:position] + garbage + (b"" if truncate else REAL_DOCX[position + 64 :])
    try:
        assert isinstance(read_template(data, "t.docx"), str)
    except TemplateReadError as exc:
        assert exc.code in ("bad_docx", "docx_too_big", "encrypted", "old_doc")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
    data=st.binary(max_size=300),
)
def test_any_text_file_reads_or_is_refused_with_a_reason(prefix, data):
    try:
        assert isinstance(read_template(prefix + data, "t.txt"), str)
    except TemplateReadError as exc:
        assert exc.code in ("undecodable", "binary")


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(xml=st.binary(max_size=400))
def test_any_document_part_reads_or_is_refused_with_a_reason(xml):
    try:
        assert isinstance(read_template(docx_with(HEAD + xml + TAIL), "t.docx"), str)
    except TemplateReadError as exc:
        assert exc.code == "bad_docx"
