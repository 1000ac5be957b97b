"""What this machine has: which installed font serves each role (fontconfig's command-line
tools) and whether HarfBuzz's subsetter is there.

Pure module: no Django. ``fc-match``/``fc-list`` are called through subprocess because the
settings page and the system check must work without importing WeasyPrint (0.7 s).
"""

from __future__ import annotations

import ctypes.util
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from speechapp.core.rendering.fonts import ROLE_FONTS, FontRole, SlimFace, find_licensed_fonts


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
