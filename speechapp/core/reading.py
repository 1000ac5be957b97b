"""Turn an uploaded template file into text: .txt in any common encoding, or .docx.

A .docx is a zip of XML parts, so a small upload can inflate to gigabytes or carry an entity
bomb. It is read without python-docx: the zip's central directory is checked before anything
is inflated (number of members, declared size and ratio of the document part), the part is
then inflated in a stream that stops past the limit (in case the directory lies), and its XML is
parsed incrementally with entity expansion, DTDs, network access and huge trees all refused.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator

from charset_normalizer import from_bytes
from lxml import etree

from speechapp.core.archives import MAX_MEMBERS, ArchiveError, checked_zip


class TemplateReadError(ValueError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
# Encodings Chinese offices actually produce, tried before charset-normalizer's guess.
_LIKELY_CJK = ("gb18030", "big5")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# A real template's document.xml is a few hundred KB; 20 MB leaves room for heavy formatting.
DOCX_MAX_PART_BYTES = 20 * 1024 * 1024
DOCX_MAX_MEMBERS = MAX_MEMBERS
_DOCUMENT_PART = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def decode_text(data: bytes) -> str:
    try:
        return _decode_text(data)
    except (UnicodeDecodeError, LookupError):
        raise TemplateReadError("undecodable") from None


def _decode_text(data: bytes) -> str:
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                if encoding != "utf-8-sig":
                    raise
                # A UTF-8 mark before text saved in another encoding: judge the rest alone.
                data = data[len(bom) :]
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any bytes, Big5 included, but into private-use characters:
    # the decoding with the fewest unassigned or private-use characters is the right one.
    decoded = []
    for order, encoding in enumerate(_LIKELY_CJK):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn"))
        decoded.append((bad, order, text))
    if decoded:
        bad, _, text = min(decoded)
        if bad == 0:
            return text
    best = from_bytes(data).best()
    if best is None:
        raise TemplateReadError("undecodable")
    return str(best)


class _BoundedReader(io.RawIOBase):
    """Reads an inflating zip member, refusing to go past ``limit`` bytes whatever it claims."""

    def __init__(self, stream, limit: int):
        self._stream = stream
        self._left = limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = 64 * 1024 if size is None or size < 0 else min(size, 64 * 1024)
        chunk = self._stream.read(size)
        self._left -= len(chunk)
        if self._left < 0:
            raise TemplateReadError("docx_too_big")
        return chunk


_ARCHIVE_CODES = {
    "too_many_members": "docx_too_big",
    "too_big": "docx_too_big",
    "total_too_big": "docx_too_big",
    "encrypted": "encrypted",
}


def _document_member(data: bytes) -> tuple[zipfile.ZipFile, zipfile.ZipInfo]:
    """The zip and its document part, after the checks that need nothing inflated."""
    if data.startswith(_OLE_MAGIC):
        # Word saves a password-protected .docx as an OLE container holding the encrypted zip.
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise TemplateReadError("encrypted" if encrypted else "old_doc")
    try:
        archive = checked_zip(
            data,
            # Only the document part is inflated; pictures and the rest are never read.
            part_limit=lambda name: DOCX_MAX_PART_BYTES if name == _DOCUMENT_PART else None,
            max_members=DOCX_MAX_MEMBERS,
        )
    except ArchiveError as exc:
        raise TemplateReadError(_ARCHIVE_CODES.get(exc.code, "bad_docx")) from None
    info = next((m for m in archive.infolist() if m.filename == _DOCUMENT_PART), None)
    if info is None:
        raise TemplateReadError("bad_docx")
    return archive, info


def _run_text(run) -> Iterator[str]:
    # As python-docx reads a run: text, tabs, line breaks and non-breaking hyphens.
    for child in run:
        tag = child.tag
        if tag == _W + "t":
            yield child.text or ""
        elif tag in (_W + "tab", _W + "ptab"):
            yield "\t"
        elif tag == _W + "cr" or (
            tag == _W + "br" and child.get(_W + "type", "textWrapping") == "textWrapping"
        ):
            yield "\n"
        elif tag == _W + "noBreakHyphen":
            yield "-"


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    for child in paragraph:
        if child.tag == _W + "r":
            parts.extend(_run_text(child))
        elif child.tag == _W + "hyperlink":
            for run in child.iterchildren(_W + "r"):
                parts.extend(_run_text(run))
    return "".join(parts)


def docx_text(data: bytes) -> str:
    """The body's paragraphs, one per line, read within the limits above."""
    archive, info = _document_member(data)
    lines: list[str] = []
    try:
        with archive.open(info) as member:
            events = etree.iterparse(
                _BoundedReader(member, DOCX_MAX_PART_BYTES),
                events=("start", "end"),
                resolve_entities=False,
                load_dtd=False,
                no_network=True,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            depth = 0
            for event, element in events:
                if event == "start":
                    if depth == 0:
                        docinfo = element.getroottree().docinfo
                        if docinfo.doctype or docinfo.internalDTD is not None:
                            # No Word part has a DTD; one here can only declare entities.
                            raise TemplateReadError("bad_docx")
                        if element.tag != _W + "document":
                            raise TemplateReadError("bad_docx")
                    depth += 1
                    continue
                depth -= 1
                # depth 1 = children of the root (w:body), depth 2 = the body's children.
                if depth == 2:
                    if element.tag == _W + "p":
                        lines.append(_paragraph_text(element))
                    # Done with this paragraph or table: free it and what came before it.
                    element.clear()
                    parent = element.getparent()
                    while element.getprevious() is not None and parent is not None:
                        del parent[0]
    except (etree.XMLSyntaxError, etree.ParserError, zipfile.BadZipFile, EOFError, OSError):
        raise TemplateReadError("bad_docx") from None
    except (NotImplementedError, RuntimeError):
        # An unsupported compression method, or an encrypted member zipfile cannot read.
        raise TemplateReadError("bad_docx") from None
    return "\n".join(lines)


def read_template(data: bytes, filename: str) -> str:
    """Template text from a file's bytes; raises :class:`TemplateReadError`."""
    name = filename.lower()
    if name.endswith(".docx"):
        text = docx_text(data)
    elif name.endswith((".txt", ".text")) or "." not in name:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise TemplateReadError("binary")
        text = decode_text(data)
    elif name.endswith(".doc"):
        raise TemplateReadError("old_doc")
    else:
        raise TemplateReadError("unsupported")
    return text.replace("\r\n", "\n").replace("\r", "\n")
