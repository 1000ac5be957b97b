"""Embedded font subsets kept from one PDF to the next, in this process.

WeasyPrint cuts every embedded font down to the glyphs a document prints (HarfBuzz's
subsetter) on every render, and pdf.py then deflates the cut. Renders of one template print
nearly the same glyphs, so the same cut was made again and again: for the seed speech, with
the slim fonts, about a tenth of a render. Here the cut, and its deflated bytes, are kept per
(font, glyph set, subsetting flags) in a small LRU, bounded by count and bytes.

``install()`` wraps ``weasyprint.pdf.fonts.Font.subset`` once per process. It only does so
for a WeasyPrint whose internals it was written against (the major versions in
``SUPPORTED_MAJORS``, and a ``Font.subset(to_unicode, hinting)`` that sets
``Font.file_content``); any other WeasyPrint keeps its own uncached subsetting, silently.

A font is known by its table directory (each table's tag, checksum, offset and length, read
at the face's offset in a collection) and its file's length: reading those costs nothing,
where hashing a 3 MB file on every render would cost what the cache saves. HarfBuzz's cut
depends on nothing else than the face, the glyph ids and the flags in the key, so a kept cut
is byte for byte the one a fresh subsetting would make.

Pure module: no Django; WeasyPrint is imported only by ``install()``.
"""

from __future__ import annotations

import hashlib
import re
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from speechapp.core.rendering.weasy_patch import once, parameter_names, weasyprint_major

# WeasyPrint majors whose weasyprint.pdf.fonts.Font this wrapper was written and tested against.
SUPPORTED_MAJORS = frozenset({70})
# A seed render keeps 5 cuts (~0.5 MB with their deflated bytes); these bounds leave room for
# a few templates and looks per worker without letting a long-lived worker grow.
MAX_ENTRIES = 48
MAX_BYTES = 24 * 1024 * 1024


@dataclass(slots=True)
class _Cut:
    subset: bytes
    deflated: dict[int, bytes]  # zlib level -> the deflated subset


_LOCK = threading.Lock()  # guards the maps below, never a subsetting or a deflate
_CUTS: OrderedDict[tuple[Any, ...], _Cut] = OrderedDict()
_BY_SUBSET: dict[int, tuple[Any, ...]] = {}  # id(cut.subset) -> its key, for deflated()
_size = 0


def face_identity(content: bytes, index: int) -> bytes | None:
    """What tells one font face from another, cheaply: a digest of the face's table directory
    (each table's checksum, offset and length) and the file's length. None for bytes that are
    not an sfnt font or collection."""
    try:
        offset = 0
        if content[:4] == b"ttcf":
            (count,) = struct.unpack_from(">I", content, 8)
            if not 0 <= index < count:
                return None
            (offset,) = struct.unpack_from(">I", content, 12 + 4 * index)
        (tables,) = struct.unpack_from(">H", content, offset + 4)
        end = offset + 12 + 16 * tables
        if tables == 0 or end > len(content):
            return None
        directory = content[offset:end]
    except struct.error:
        return None
    digest = hashlib.blake2b(directory, digest_size=20)
    digest.update(len(content).to_bytes(8, "big"))
    return digest.digest()


def _entry_size(cut: _Cut) -> int:
    return len(cut.subset) + sum(len(data) for data in cut.deflated.values())


def _evict() -> None:
    """Drop the least recently used cuts until both bounds hold (the lock held)."""
    global _size
    while _CUTS and (len(_CUTS) > MAX_ENTRIES or _size > MAX_BYTES):
        _key, cut = _CUTS.popitem(last=False)
        _BY_SUBSET.pop(id(cut.subset), None)
        _size -= _entry_size(cut)


def _lookup(key: tuple[Any, ...]) -> bytes | None:
    with _LOCK:
        cut = _CUTS.get(key)
        if cut is None:
            return None
        _CUTS.move_to_end(key)
        return cut.subset


def _keep(key: tuple[Any, ...], subset: bytes) -> None:
    global _size
    with _LOCK:
        if key in _CUTS:  # another thread made the same cut meanwhile
            return
        cut = _Cut(subset, {})
        _CUTS[key] = cut
        _BY_SUBSET[id(subset)] = key
        _size += _entry_size(cut)
        _evict()


def deflated(content: bytes, level: int) -> bytes | None:
    """``content`` deflated at ``level``, kept with its cut, when ``content`` is a kept cut
    (the very bytes object :func:`install`'s subsetting handed WeasyPrint); else None."""
    global _size
    with _LOCK:
        key = _BY_SUBSET.get(id(content))
        cut = _CUTS.get(key) if key is not None else None
        if cut is None or cut.subset is not content:
            return None
        data = cut.deflated.get(level)
    if data is None:
        data = zlib.compress(content, level)
        with _LOCK:
            if _CUTS.get(key) is cut and level not in cut.deflated:
                cut.deflated[level] = data
                _size += len(data)
                _evict()
    return data


def _cached(subset: Callable[..., None]) -> Callable[..., None]:
    def cached_subset(font: Any, to_unicode: Any, hinting: Any) -> None:
        key = None
        if to_unicode:
            identity = face_identity(font.file_content, font.index)
            if identity is not None:
                gids = tuple(sorted(to_unicode))
                key = (identity, font.index, gids, bool(hinting), bool(font.missing))
        if key is None:
            return subset(font, to_unicode, hinting)
        kept = _lookup(key)
        if kept is not None:
            font.file_content = kept
            return None
        original = font.file_content
        subset(font, to_unicode, hinting)
        if font.file_content is not original:  # a cut was made (not a logged failure)
            _keep(key, font.file_content)
        return None

    cached_subset.__wrapped__ = subset  # type: ignore[attr-defined]
    return cached_subset


# The glyph arrays Font._harfbuzz_subset hands HarfBuzz, sized in their C type.
_SIZED_GLYPH_ARRAY = re.compile(r"hb_codepoint_t\[(\d+)\]")


class OpenArrays:
    """WeasyPrint's cffi FFI, as weasyprint.pdf.fonts sees it, where a glyph array typed with
    its size (``hb_codepoint_t[1234]``) is made as the same array of open size
    (``hb_codepoint_t[]``, its length that of its items). cffi parses each C type it has not
    seen, against every declaration of WeasyPrint's FFI, in ~3 ms: a cut of a glyph set of a
    new size paid that twice a font, ~30 ms on a render's first cuts. The open type is parsed
    once; the array's items are the same."""

    def __init__(self, ffi: Any):
        self._ffi = ffi

    def new(self, cdecl: str, init: Any = None) -> Any:
        sized = _SIZED_GLYPH_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if sized is not None and init is not None and len(init) == int(sized.group(1)):
            cdecl = "hb_codepoint_t[]"
        return self._ffi.new(cdecl, init)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ffi, name)


def _fits(weasyprint: Any, fonts: Any) -> bool:
    """Whether this WeasyPrint's font subsetting is the one the wrapper knows."""
    font = getattr(fonts, "Font", None)
    subset = getattr(font, "subset", None)
    if weasyprint_major(weasyprint) not in SUPPORTED_MAJORS or subset is None:
        return False
    parameters = parameter_names(subset)
    # The attributes the wrapper reads and sets, as Font.__init__ and subset() name them.
    names = set(font.__init__.__code__.co_names) | set(subset.__code__.co_names)
    return (
        parameters == ["self", "to_unicode", "hinting"]
        and {
            "file_content",
            "index",
            "missing",
        }
        <= names
    )


@once
def install() -> bool:
    """Keep WeasyPrint's font subsets across renders, once per process; whether it does."""
    try:
        import weasyprint
        import weasyprint.pdf.fonts as fonts
    except ImportError:
        return False
    if not _fits(weasyprint, fonts):
        return False
    fonts.Font.subset = _cached(fonts.Font.subset)
    if hasattr(fonts, "ffi") and not isinstance(fonts.ffi, OpenArrays):
        fonts.ffi = OpenArrays(fonts.ffi)
    return True


def clear() -> None:
    """Forget every kept cut (tests)."""
    global _size
    with _LOCK:
        _CUTS.clear()
        _BY_SUBSET.clear()
        _size = 0


def stats() -> tuple[int, int]:
    """(cuts kept, bytes they hold)."""
    with _LOCK:
        return len(_CUTS), _size
