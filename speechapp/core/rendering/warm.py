"""Warming a render worker when it starts: every worker of the pool, so the first download
costs no more than later ones whichever worker takes it (a worker started in place of one
that was killed is warmed too)."""

from __future__ import annotations

from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.pdf import load_system_fonts, render_pdf


def _common_hanzi() -> str:
    """The 3,755 most used characters (GB 2312 level 1): their glyphs, shaped once at start,
    are what any speech prints."""
    rows = range(0xB0, 0xD8)
    return "".join(
        bytes((row, col)).decode("gb2312", errors="ignore")
        for row in rows
        for col in range(0xA1, 0xFF)
    )


def warm_up_pdf(fonts_dir: str | None, slim_fonts_dir: str | None) -> None:
    """Set up WeasyPrint's fonts by rendering a one-line speech; its title is long enough to
    be broken, which loads the word segmenter (jieba) too."""
    # Every role a speech prints in (title, speaker line, 一、 and （一） headings, body, Latin
    # digits, page numbers), so the first real download loads no font of its own.
    speech = parse_speech(
        "在全区经济形势分析暨重点项目建设推进会上的讲话\n同志们：\n"
        "今年以来，全区经济运行总体平稳，增长5.2%。\n"
        "一、肯定成绩，坚定信心\n（一）经济运行稳中有进\n一是项目建设提速，“六稳”落实有力。\n"
        + _common_hanzi()
        + "。"
    )
    options = RenderOptions(
        speaker="某某", date="2024年7月15日", fonts_dir=fonts_dir, slim_fonts_dir=slim_fonts_dir
    )
    render_pdf(speech, {}, options)


def prepare_worker(warm: bool, fonts_dir: str | None, slim_fonts_dir: str | None) -> None:
    """What a render worker does before its memory cap: load fontconfig's view of the fonts
    and, when asked, warm the PDF renderer (outside any job's timer)."""
    load_system_fonts()
    if warm:
        warm_up_pdf(fonts_dir, slim_fonts_dir)
