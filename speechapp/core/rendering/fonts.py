"""Which font prints each part of a speech: the role table and the CSS that asks for it.

The DOCX names the Windows fonts an office has (仿宋_GB2312, 黑体…): the reader's Word
supplies them. The server-made PDF can only use fonts installed here, so each role has a
stack: the licensed names first, then free stand-ins (Noto CJK, AR PL KaitiM GB). An office
that owns the originals drops the files into ``options.fonts_dir``; they are loaded with
``@font-face`` and come before the stand-ins. The proprietary files are never shipped.

Pure module: no Django, no subprocess (it only lists the fonts folder). What this machine
actually has (fontconfig, HarfBuzz) is asked in probe.py; the slim copies of the stand-ins are
made in slim.py; both build on the table here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


class FontRole(StrEnum):
    TITLE = "title"  # 方正小标宋简体
    BODY = "body"  # 仿宋_GB2312 (also level-3/4 headings)
    HEADING1 = "heading1"  # 黑体, level-1 headings 一、
    HEADING2 = "heading2"  # 楷体_GB2312, level-2 headings （一） and the speaker line
    PAGE_NUMBER = "page_number"  # 宋体
    LATIN = "latin"  # Times New Roman for Latin letters and digits

    @property
    def label(self) -> str:
        """What the role prints, in the words of a settings page."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    FontRole.TITLE: "标题",
    FontRole.BODY: "正文、三级和四级标题",
    FontRole.HEADING1: "一级标题（一、）",
    FontRole.HEADING2: "二级标题（（一））、署名行",
    FontRole.PAGE_NUMBER: "页码",
    FontRole.LATIN: "西文字母和数字",
}


@dataclass(frozen=True, slots=True)
class RoleFonts:
    wanted: str  # the Windows font name written into the DOCX
    licensed: tuple[str, ...]  # family names of the original (any of them is "the real one")
    stand_ins: tuple[str, ...]  # free families installed by Debian packages, best first
    file_stems: tuple[str, ...]  # lower-case file names (without suffix) of the originals

    bold_stand_in: bool = False  # the stand-in prints bold (Noto Serif Bold for 小标宋)
    # Installed faces (PostScript names, which fontconfig matches for local()) whose quotation
    # marks “”‘’ are full-width, as Word prints them with a Chinese font, for a role whose
    # first stand-in has proportional ones.
    quote_faces: tuple[str, ...] = ()

    @property
    def stack(self) -> tuple[str, ...]:
        return self.licensed + self.stand_ins


ROLE_FONTS: dict[FontRole, RoleFonts] = {
    FontRole.TITLE: RoleFonts(
        wanted="方正小标宋简体",
        licensed=("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
        stand_ins=("Noto Serif CJK SC",),
        file_stems=("方正小标宋简体", "方正小标宋_gbk", "fzxbsjw", "fzxbsk", "fzxiaobiaosong-b05s"),
        bold_stand_in=True,  # the nearest free heavy Song
    ),
    FontRole.BODY: RoleFonts(
        wanted="仿宋_GB2312",
        licensed=("仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋"),
        stand_ins=("Noto Serif CJK SC",),  # Debian packages no simplified FangSong
        file_stems=("仿宋_gb2312", "fangsong_gb2312", "simfang", "仿宋", "fangsong"),
    ),
    FontRole.HEADING1: RoleFonts(
        wanted="黑体",
        licensed=("黑体", "SimHei"),
        stand_ins=("Noto Sans CJK SC",),
        file_stems=("黑体", "simhei"),
    ),
    FontRole.HEADING2: RoleFonts(
        wanted="楷体_GB2312",
        licensed=("楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体"),
        stand_ins=("LXGW WenKai", "AR PL KaitiM GB"),
        file_stems=("楷体_gb2312", "kaiti_gb2312", "simkai", "楷体", "kaiti"),
        # LXGW WenKai's quotes are 0.35 em wide and it has no full-width (fwid) variants;
        # AR PL KaitiM GB's (GBZenKai-Medium) are a full em.
        quote_faces=("GBZenKai-Medium",),
    ),
    FontRole.PAGE_NUMBER: RoleFonts(
        wanted="宋体",
        licensed=("宋体", "SimSun"),
        stand_ins=("Noto Serif CJK SC",),
        file_stems=("宋体", "simsun"),
    ),
    FontRole.LATIN: RoleFonts(
        wanted="Times New Roman",
        licensed=("Times New Roman",),
        stand_ins=("Liberation Serif", "DejaVu Serif"),  # Liberation has its metrics
        file_stems=("times", "timesnewroman", "times new roman"),
    ),
}

# The @font-face family that carries Latin letters and digits. Its unicode-range covers ASCII
# only, so putting it first in every stack changes digits and letters but never a Chinese
# character (a plain "Times New Roman" first would also grab “”、— punctuation).
LATIN_FAMILY = "SpeechLatin"
LATIN_RANGE = "U+0020-007E"
# PostScript/full names that fontconfig knows for local() lookups, regular and bold.
_LATIN_LOCAL = {
    "normal": ("Times New Roman", "TimesNewRomanPSMT", "Liberation Serif", "DejaVu Serif"),
    "bold": (
        "Times New Roman Bold",
        "TimesNewRomanPS-BoldMT",
        "Liberation Serif Bold",
        "DejaVu Serif Bold",
    ),
}


@dataclass(frozen=True, slots=True)
class SlimFace:
    """A slim copy of a stand-in, ready to use (slim.load_slim_fonts): its @font-face family,
    file and weight."""

    family: str
    path: Path
    bold: bool


# Quotation marks: shared by Latin and Chinese text, full-width in Chinese print.
QUOTES_RANGE = "U+2018-2019, U+201C-201D"


def quotes_family(role: FontRole) -> str:
    """The @font-face family that prints ``role``'s quotation marks (RoleFonts.quote_faces)."""
    return f"SpeechQuotes-{role.value}"


def licensed_family(role: FontRole) -> str:
    """The @font-face family name under which a licensed file of ``role`` is loaded."""
    return f"SpeechLicensed-{role.value}"


def find_licensed_fonts(fonts_dir: str | Path | None) -> dict[FontRole, Path]:
    """Font files in ``fonts_dir`` recognised by name, one per role (best-named file wins)."""
    if not fonts_dir:
        return {}
    folder = Path(fonts_dir)
    if not folder.is_dir():
        return {}
    by_stem: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in FONT_SUFFIXES:
            by_stem.setdefault(path.stem.lower(), path)
    found: dict[FontRole, Path] = {}
    for role, fonts in ROLE_FONTS.items():
        for stem in fonts.file_stems:
            if stem in by_stem:
                found[role] = by_stem[stem]
                break
    return found


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def font_face_css(
    fonts_dir: str | Path | None = None, slim: Mapping[FontRole, SlimFace] | None = None
) -> str:
    """@font-face rules: the Latin face, one face per licensed file found in fonts_dir, and one
    per slim stand-in copy (see slim.py).

    A licensed title font (方正小标宋简体) is a regular-weight file that already looks heavy;
    it is declared bold so the title's ``font-weight: bold`` (needed for the Noto stand-in)
    does not make Pango embolden it a second time.
    """
    licensed = find_licensed_fonts(fonts_dir)
    rules = []
    for weight, names in _LATIN_LOCAL.items():
        sources = [f"local({_css_string(name)})" for name in names]
        if weight == "normal" and FontRole.LATIN in licensed:
            sources.insert(0, f"url({_css_string(licensed[FontRole.LATIN].resolve().as_uri())})")
        rules.append(
            f"@font-face {{ font-family: {LATIN_FAMILY}; font-weight: {weight}; "
            f"src: {', '.join(sources)}; unicode-range: {LATIN_RANGE}; }}"
        )
    for role, path in licensed.items():
        if role is FontRole.LATIN:
            continue
        weight = "bold" if role is FontRole.TITLE else "normal"
        rules.append(
            f"@font-face {{ font-family: {_css_string(licensed_family(role))}; "
            f"font-weight: {weight}; src: url({_css_string(path.resolve().as_uri())}); }}"
        )
    for role, fonts in ROLE_FONTS.items():
        if fonts.quote_faces:
            sources = ", ".join(f"local({_css_string(name)})" for name in fonts.quote_faces)
            rules.append(
                f"@font-face {{ font-family: {_css_string(quotes_family(role))}; "
                f"src: {sources}; unicode-range: {QUOTES_RANGE}; }}"
            )
    for face in {face.family: face for face in (slim or {}).values()}.values():
        weight = "bold" if face.bold else "normal"
        rules.append(
            f"@font-face {{ font-family: {_css_string(face.family)}; font-weight: {weight}; "
            f"src: url({_css_string(face.path.resolve().as_uri())}); }}"
        )
    return "\n".join(rules)


def font_stack(
    role: FontRole,
    fonts_dir: str | Path | None = None,
    slim: Mapping[FontRole, SlimFace] | None = None,
) -> list[str]:
    """CSS font-family list for ``role``: Latin face, licensed file, licensed names, the face
    for full-width quotation marks if the stand-in lacks them, the slim copy of the stand-in,
    the stand-ins themselves (they print what the slim copy lacks)."""
    families = [LATIN_FAMILY] if role is not FontRole.LATIN else []
    if role is not FontRole.LATIN and role in find_licensed_fonts(fonts_dir):
        families.append(licensed_family(role))
    families.extend(ROLE_FONTS[role].licensed)
    if ROLE_FONTS[role].quote_faces:
        families.append(quotes_family(role))
    if slim and role in slim:
        families.append(slim[role].family)
    families.extend(ROLE_FONTS[role].stand_ins)
    return families


def css_font_family(families: Iterable[str]) -> str:
    return ", ".join(_css_string(f) for f in families)


def bold_font_stack(
    role: FontRole,
    fonts_dir: str | Path | None = None,
    slim: Mapping[FontRole, SlimFace] | None = None,
) -> list[str]:
    """CSS font-family list for bold text of ``role`` (the podium copy's values and figures).

    A slim copy is one regular cut, and WeasyPrint does not embolden a regular face, so bold
    text must reach a real bold face: for a role whose stand-in is the title's (Noto Serif
    CJK), the title's bold slim copy takes the regular copy's place; otherwise the installed
    stand-in, whose family has its own Bold face, does.
    """
    families = font_stack(role, fonts_dir, slim)
    regular = (slim or {}).get(role)
    if regular is None or regular.bold:
        return families
    at = families.index(regular.family)
    families.remove(regular.family)
    title = (slim or {}).get(FontRole.TITLE)
    same_design = ROLE_FONTS[FontRole.TITLE].stand_ins[:1] == ROLE_FONTS[role].stand_ins[:1]
    if title is not None and title.bold and same_design:
        families.insert(at, title.family)
    return families
