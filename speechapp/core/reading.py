"""Turn an uploaded template file into text: .txt in any common encoding, or .docx."""

from __future__ import annotations

import io
import unicodedata
import zipfile

from charset_normalizer import from_bytes


class TemplateReadError(ValueError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
# Encodings Chinese offices actually produce, tried before charset-normalizer's guess.
_LIKELY_CJK = ("gb18030", "big5")


def decode_text(data: bytes) -> str:
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
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


def docx_text(data: bytes) -> str:
    from docx import Document  # python-docx, imported when a .docx arrives

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateReadError("bad_docx") from exc
    return "\n".join(p.text for p in document.paragraphs)


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
