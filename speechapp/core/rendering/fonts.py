"""Which font prints each part of a speech, and which one actually serves it on this machine.

The DOCX names the Windows fonts an office has (仿宋_GB2312, 黑体…): the reader's Word
supplies them. The server-made PDF can only use fonts installed here, so each role has a
stack: the licensed names first, then free stand-ins (Noto CJK, AR PL KaitiM GB). An office
that owns the originals drops the files into ``options.fonts_dir``; they are loaded with
``@font-face`` and come before the stand-ins. The proprietary files are never shipped.

Pure module: no Django. ``fc-match``/``fc-list`` are called through subprocess because the
settings page and the system check must work without importing WeasyPrint (0.7 s).
"""

from __future__ import annotations

import ctypes.util
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .slim import SlimFace

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
    """CSS font-family list for ``role``: Latin face, licensed file, licensed names, the slim
    copy of the stand-in, the stand-ins themselves (they print what the slim copy lacks)."""
    families = [LATIN_FAMILY] if role is not FontRole.LATIN else []
    if role is not FontRole.LATIN and role in find_licensed_fonts(fonts_dir):
        families.append(licensed_family(role))
    families.extend(ROLE_FONTS[role].licensed)
    if slim and role in slim:
        families.append(slim[role].family)
    families.extend(ROLE_FONTS[role].stand_ins)
    return families


def css_font_family(families: Iterable[str]) -> str:
    return ", ".join(_css_string(f) for f in families)


# ---------------------------------------------------------------------------------------
# What this machine has: fontconfig's command-line tools.


@dataclass(frozen=True, slots=True)
class FontStatus:
    role: FontRole
    wanted: str  # 仿宋_GB2312
    used: str  # the family that prints it here, e.g. "Noto Serif CJK SC"; "" if none found
    is_stand_in: bool  # True when the PDF uses a free substitute, not the office's font
    path: Path | None  # the font file, when known
    slim: bool = False  # a slim copy of the stand-in (slim.py) prints the common characters

    @property
    def wants_slim_copy(self) -> bool:
        """A Chinese stand-in without its slim copy: PDFs are slower than they need be.
        (Latin fonts are small; they get no copy.)"""
        return (
            self.is_stand_in
            and bool(self.used)
            and not self.slim
            and (self.role is not FontRole.LATIN)
        )


def _run(args: list[str]) -> str:
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout if result.returncode == 0 else ""


def _families(field: str) -> list[str]:
    # fontconfig lists a font's names comma-separated ("AR PL KaitiM GB,文鼎ＰＬ简中楷").
    return [name.strip() for name in field.split(",") if name.strip()]


@dataclass(frozen=True, slots=True)
class InstalledFace:
    family: str
    path: Path
    index: int  # face index inside a .ttc collection


def fc_match(family: str, bold: bool = False) -> InstalledFace | None:
    """The installed face that serves ``family``, or None if only a fallback would."""
    pattern = f"{family}:weight=bold" if bold else family
    out = _run(["fc-match", "--format=%{family}\t%{file}\t%{index}", pattern])
    names, _, rest = out.partition("\t")
    file, _, index = rest.partition("\t")
    # fc-match always answers (DejaVu Sans for anything unknown): accept it only if the font
    # really carries the name asked for.
    if not file or family.casefold() not in (n.casefold() for n in _families(names)):
        return None
    return InstalledFace(family, Path(file), int(index) if index.isdigit() else 0)


# Faces drawn to the metrics of Times New Roman: Latin text set in one of them breaks lines
# where Word breaks them with the real font. Liberation Serif comes with fonts-liberation.
TIMES_METRIC_TWINS = ("Times New Roman", "Liberation Serif", "Tinos")


def latin_metric_face() -> str | None:
    """The family fontconfig prints "Times New Roman" in, when it has Times's metrics.

    None when it falls back to another face (DejaVu Serif is wider: every digit moves the
    lines, and with them the pages, away from the DOCX as Word lays it out)."""
    out = _run(["fc-match", "--format=%{family}", "Times New Roman"])
    names = {name.casefold() for name in _families(out)}
    return next((twin for twin in TIMES_METRIC_TWINS if twin.casefold() in names), None)


def _fc_scan_family(path: Path) -> str:
    out = _run(["fc-scan", "--format=%{family}\n", str(path)])
    first = out.splitlines()[0] if out else ""
    return _families(first)[0] if first else path.stem


def font_report(
    fonts_dir: str | Path | None = None, slim: Mapping[FontRole, SlimFace] | None = None
) -> list[FontStatus]:
    """For every role, the font that actually prints it in the PDF on this machine; ``slim``
    are the slim copies of the stand-ins (slim.load_slim_fonts)."""
    licensed = find_licensed_fonts(fonts_dir)
    report = []
    for role, fonts in ROLE_FONTS.items():
        if role in licensed:
            path = licensed[role]
            report.append(FontStatus(role, fonts.wanted, _fc_scan_family(path), False, path))
            continue
        status = FontStatus(role, fonts.wanted, "", True, None)
        for family in fonts.stack:
            stand_in = family in fonts.stand_ins
            face = fc_match(family, bold=stand_in and fonts.bold_stand_in)
            if face:
                has_slim = stand_in and role in (slim or {})
                status = FontStatus(role, fonts.wanted, family, stand_in, face.path, has_slim)
                break
        report.append(status)
    return report


def harfbuzz_subset_available() -> bool:
    """Is HarfBuzz's subsetter installed? Without it WeasyPrint falls back to fontTools and a
    speech with CJK fonts takes ~10× longer (libharfbuzz-subset0 on Debian)."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


def installed_families() -> set[str]:
    """Every family name fontconfig knows on this machine (case-folded)."""
    out = _run(["fc-list", "--format=%{family}\n"])
    return {name.casefold() for line in out.splitlines() for name in _families(line)}


def missing_cjk_fonts() -> list[str]:
    """Stand-in families for the Chinese roles that are not installed.

    A role is only reported when none of its stand-ins is installed; the name given is the
    preferred stand-in (the Debian package to install for it is in the typesetting notes).
    """
    installed = installed_families()
    missing: list[str] = []
    for role, fonts in ROLE_FONTS.items():
        if role is FontRole.LATIN:
            continue
        has_stand_in = any(f.casefold() in installed for f in fonts.stand_ins)
        if not has_stand_in and fonts.stand_ins[0] not in missing:
            missing.append(fonts.stand_ins[0])
    return missing
