"""Slim TrueType copies of the stand-in fonts, made once so that every PDF is quicker to make.

The free stand-ins are huge: Noto Serif CJK is a 26 MB collection of 65,000 CFF glyphs. For
each PDF WeasyPrint copies the whole file into Python and HarfBuzz subsets it, and CFF
subsetting (desubroutinising) is slow. Measured on the seed speech that is about 100 ms of a
270 ms PDF. A copy cut down to GB 2312 (the 6,763 characters of nearly all official texts, plus
punctuation and Latin) and converted to TrueType outlines subsets in a millisecond or two; the
whole PDF drops to about 165 ms.

Nothing is lost: the slim face comes first in each font stack and the full stand-in stays
behind it, so a rarer character (a name's 堃 or 喆) still prints, from the full font. The
copies are made from the free fonts installed on this machine (OFL, or the Arphic licence
for AR PL KaitiM GB), are renamed so they never pass for the originals, and never leave the
server except as the subsets embedded in PDFs, just as the originals do.

``build_slim_fonts`` writes the files and a manifest (``manage.py prepare_fonts``, run by the
Makefile's set-up); ``load_slim_fonts`` reads the manifest back and ignores any copy whose
source font has changed since, so a stale copy can never print in place of a new font.

Pure module: no Django. HarfBuzz's subsetter (uharfbuzz) makes the first cut, in under a
tenth of a second where fontTools takes ~18 s on a CJK collection; fontTools converts the
outlines.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from speechapp.core.rendering.fonts import ROLE_FONTS, FontRole, SlimFace
from speechapp.core.rendering.probe import fc_match

# Bump when the files made here change (code set, outlines, names): old copies are rebuilt.
SLIM_VERSION = 2
MANIFEST = "manifest.json"
FAMILY_PREFIX = "SpeechStandIn-"


@dataclass(frozen=True, slots=True)
class SlimSource:
    """One installed stand-in face and the roles it prints."""

    key: str  # file stem of the slim copy, e.g. "body"
    roles: tuple[FontRole, ...]
    source: Path
    index: int  # face index inside a .ttc collection
    bold: bool

    @property
    def family(self) -> str:
        return FAMILY_PREFIX + self.key


@lru_cache(maxsize=1)
def slim_codepoints() -> frozenset[int]:
    """GB 2312 (hanzi, punctuation, symbols) plus ASCII, Latin-1, general punctuation, CJK
    symbols and full-width forms."""
    codepoints = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    codepoints |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040))
    codepoints |= set(range(0xFF00, 0xFFF0))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                codepoints.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return frozenset(codepoints)


# ---------------------------------------------------------------------------------------
# Which installed faces to slim.


def slim_sources() -> list[SlimSource]:
    """The first installed stand-in of every Chinese role, one entry per distinct face.

    The title's stand-in is printed bold (the nearest free heavy Song), so its bold face is
    slimmed; roles sharing a face (the body and the page numbers) share one copy.
    """
    faces: dict[tuple[Path, int, bool], list[FontRole]] = {}
    for role, fonts in ROLE_FONTS.items():
        if role is FontRole.LATIN:
            continue
        for family in fonts.stand_ins:
            face = fc_match(family, bold=fonts.bold_stand_in)
            if face:
                faces.setdefault((face.path, face.index, fonts.bold_stand_in), []).append(role)
                break
    return [
        SlimSource(roles[0].value, tuple(roles), path, index, bold)
        for (path, index, bold), roles in faces.items()
    ]


# ---------------------------------------------------------------------------------------
# Making the copies.


class SlimFontError(RuntimeError):
    pass


def harfbuzz_cut(source: Path, index: int, codepoints: Iterable[int]) -> bytes:
    """The face ``index`` of ``source`` cut down to ``codepoints``, without layout features.

    Horizontal Chinese needs none: the SC face's default glyphs are the simplified ones, and
    Latin letters and digits come from the Latin face. Keeping them would double the file, as
    their closure pulls in vertical, Japanese, Korean and traditional variants; nor does it
    need the mirrored forms of right-to-left text (∋ for ∈). A test checks that the seed
    speech's pages are drawn identically with the copies and the full fonts.
    """
    import uharfbuzz as hb

    try:
        face = hb.Face(hb.Blob.from_file_path(os.fspath(source)), index)
        subset_input = hb.SubsetInput()
        subset_input.unicode_set.update(codepoints)
        subset_input.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG).clear()
        subset_input.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_BIDI_CLOSURE
        content = hb.subset(face, subset_input).blob.data
    except (hb.HarfBuzzError, RuntimeError) as exc:  # unreadable, or nothing to keep
        raise SlimFontError(f"HarfBuzz could not subset {source}: {exc}") from None
    if not content:
        raise SlimFontError(f"HarfBuzz made an empty font from {source}")
    return content


def _to_truetype(font) -> None:
    """Replace CFF outlines by quadratic TrueType ones (max error 1 unit in 1000)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and nothing reads them
    font["head"].glyphDataFormat = 0
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font, family: str, bold: bool) -> None:
    """Give the copy its own names, so it never passes for the font it was made from."""
    name = font["name"]
    style = "Bold" if bold else "Regular"
    for record in list(name.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{family}-{style};speechapp slim copy {SLIM_VERSION}"),
        (4, f"{family} {style}"),
        (6, f"{family}-{style}"),
    ):
        name.setName(value, name_id, 3, 1, 0x409)


def make_slim_font(source: SlimSource, target: Path, codepoints: Iterable[int]) -> None:
    """Write the slim TrueType copy of ``source`` to ``target``."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(harfbuzz_cut(source.source, source.index, codepoints)))
    if "CFF " in font:
        _to_truetype(font)
    _rename(font, source.family, source.bold)
    partial = target.with_suffix(".part")
    font.save(str(partial))
    partial.replace(target)


def outdated_slim_fonts(
    target_dir: str | Path,
    sources: list[SlimSource] | None = None,
    codepoints: Iterable[int] | None = None,
) -> list[SlimSource]:
    """The sources whose slim copy in ``target_dir`` is missing, stale or made otherwise."""
    target = Path(target_dir)
    sources = slim_sources() if sources is None else sources
    points = frozenset(slim_codepoints() if codepoints is None else codepoints)
    manifest = _read_manifest(target)
    if manifest.get("codepoints") != _code_set_id(points):
        return list(sources)
    current = {face.family for face in load_slim_fonts(target).values()}
    entries = {entry.get("key"): entry for entry in manifest.get("faces", [])}
    return [
        source
        for source in sources
        if source.family not in current
        or entries.get(source.key, {}).get("source") != str(source.source)
        or entries.get(source.key, {}).get("index") != source.index
        or entries.get(source.key, {}).get("bold") != source.bold
    ]


def _code_set_id(points: frozenset[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(points))).encode()).hexdigest()[:16]


def _source_stamp(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _make(job: tuple[SlimSource, Path, frozenset[int]]) -> None:
    make_slim_font(*job)


def build_slim_fonts(
    target_dir: str | Path,
    sources: list[SlimSource] | None = None,
    codepoints: Iterable[int] | None = None,
    jobs: int | None = None,
) -> list[SlimSource]:
    """Make the slim copies that are missing or stale in ``target_dir``; returns those made.

    Copies whose source font is unchanged are kept. Faces are converted in parallel, one
    process per core (about 4 s a face for Noto Serif CJK), or one after the other where
    processes cannot be started.
    """
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    sources = slim_sources() if sources is None else sources
    points = frozenset(slim_codepoints() if codepoints is None else codepoints)
    to_make = outdated_slim_fonts(target, sources, points)
    jobs_list = [(s, target / f"{s.key}.ttf", points) for s in to_make]
    workers = min(len(jobs_list), jobs or os.cpu_count() or 1)
    done = False
    if workers > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                list(pool.map(_make, jobs_list))
            done = True
        except (OSError, NotImplementedError, BrokenProcessPool):
            done = False
    if not done:
        for job in jobs_list:
            _make(job)
    faces = [
        {
            "key": s.key,
            "family": s.family,
            "roles": [r.value for r in s.roles],
            "file": f"{s.key}.ttf",
            "bold": s.bold,
            "source": str(s.source),
            "index": s.index,
            **_source_stamp(s.source),
        }
        for s in sources
    ]
    manifest = {"version": SLIM_VERSION, "codepoints": _code_set_id(points), "faces": faces}
    partial = target / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(target / MANIFEST)
    return to_make


# ---------------------------------------------------------------------------------------
# Using them.


def _read_manifest(target: Path) -> dict:
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("version") != SLIM_VERSION:
        return {}
    return manifest


def load_slim_fonts(target_dir: str | Path | None) -> dict[FontRole, SlimFace]:
    """The usable slim copies in ``target_dir`` by role: the file exists and its source font
    is the same file, unchanged, as when the copy was made."""
    if not target_dir:
        return {}
    target = Path(target_dir)
    found: dict[FontRole, SlimFace] = {}
    for entry in _read_manifest(target).get("faces", []):
        try:
            path = target / entry["file"]
            source = Path(entry["source"])
            if not path.is_file() or _source_stamp(source) != {
                "size": entry["size"],
                "mtime_ns": entry["mtime_ns"],
            }:
                continue
            face = SlimFace(entry["family"], path, bool(entry["bold"]))
            for role in entry["roles"]:
                found[FontRole(role)] = face
        except (KeyError, TypeError, ValueError, OSError):
            continue
    return found
