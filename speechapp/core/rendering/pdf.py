"""The speech as a PDF, made by WeasyPrint from the HTML document and a print stylesheet.

WeasyPrint is imported inside :func:`render_pdf`: importing it costs ~0.7 s, which a worker
should pay on its first PDF, not on start-up or for a DOCX download. The parsed stylesheet
and its FontConfiguration (which loads the @font-face files) are cached per font folder and
page-number placement, so a repeated render pays for layout and font subsetting only.

Pango's font map (inside a FontConfiguration) is not thread-safe, so a cached stylesheet is
never shared by two renders at once: a render checks one out for its own use and puts it back
when done (:func:`_checked_out_stylesheet`). Two threads rendering at once each get their own
(the second builds one the first time), and no lock is held across a render.
"""

from __future__ import annotations

import atexit
import gc
import threading
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from speechapp.core.model import Speech
from speechapp.core.rendering import (
    Layout,
    PageNumbers,
    RenderOptions,
    check_complete,
    font_subsets,
    line_breaks,
)
from speechapp.core.rendering.fonts import (
    ROLE_FONTS,
    FontRole,
    bold_font_stack,
    css_font_family,
    find_licensed_fonts,
    font_face_css,
    font_stack,
)
from speechapp.core.rendering.html import print_document
from speechapp.core.rendering.probe import installed_families
from speechapp.core.rendering.slim import load_slim_fonts

PRINT_CSS = Path(__file__).with_name("print.css")
# Appended after print.css for the podium copy (讲台版).
PODIUM_CSS = Path(__file__).with_name("podium.css")
PAGE_NUMBER_SIZE = "14pt"  # 4号
# The podium copy's page numbers are read at arm's length: 二号.
PAGE_NUMBER_SIZES = {Layout.OFFICIAL: PAGE_NUMBER_SIZE, Layout.PODIUM: "22pt"}
# GB/T 9704: the page number sits 7 mm below the text block, one character in from the edge.
PAGE_NUMBER_CONTENT = 'content: "— " counter(page) " —";'
# A margin box as wide as the page's text: WeasyPrint then lays out its content once, instead
# of twice more on every page to find its narrowest and widest (css-page-3's auto widths).
# The text sits where it did, aligned to the same edge.
FULL_WIDTH = "width: 100%; box-sizing: border-box;"

# pydyf deflates every stream at zlib's level 9: for the seed, 31 ms of a 220 ms render
# (840 KB, two thirds of it the embedded font subsets) for a file 1% smaller than level 6
# makes in 13 ms.
DEFLATE_LEVEL = 6

# (licensed and slim font files, page numbers) -> the idle (FontConfiguration, CSS) pairs: as
# many as renders ran at once with that key, at most _IDLE_PER_KEY kept.
_IDLE_STYLESHEETS: dict[tuple[Any, ...], list[tuple[Any, Any]]] = {}
_IDLE_PER_KEY = 4
# Guards the idle lists only (a pop or an append), never a render.
_IDLE_LOCK = threading.Lock()
# A FontConfiguration deletes its temporary font folder in __del__, which fails noisily when
# it runs during interpreter teardown; drop the cache while the interpreter is still whole.
atexit.register(_IDLE_STYLESHEETS.clear)


def _page_number_css(page_numbers: PageNumbers, family: str, size: str = PAGE_NUMBER_SIZE) -> str:
    box = (
        f"{PAGE_NUMBER_CONTENT} font-family: {family}; font-size: {size}; "
        "font-weight: normal; letter-spacing: 0; line-height: 1; vertical-align: top; "
        f"padding-top: 7mm; {FULL_WIDTH}"
    )
    if page_numbers is PageNumbers.CENTER:
        return f"@page {{ @bottom-center {{ {box} text-align: center; }} }}"
    # Odd pages are right-hand pages: number on the right; even pages on the left.
    return (
        f"@page :right {{ @bottom-right {{ {box} text-align: right; padding-right: 1em; }} }}\n"
        f"@page :left {{ @bottom-left {{ {box} text-align: left; padding-left: 1em; }} }}"
    )


def _footer_note_css(note: str, family: str) -> str:
    """The review copy's note (version, frozen files' SHA-256) at the top left of every page,
    a line each (the bottom is the page numbers')."""
    if not note:
        return ""
    text = note.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return (
        f'@page {{ @top-left {{ content: "{text}"; font-family: {family}; font-size: 7pt; '
        "white-space: pre; line-height: 1.3; letter-spacing: 0; color: #555; "
        "vertical-align: bottom; "
        "padding-bottom: 6mm; width: 80%; } }"
    )


def _page_mark_css(mark: str, family: str) -> str:
    """The copy's mark ("草稿", "审校稿") at the top right of every page, or nothing."""
    if not mark:
        return ""
    text = mark.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'@page {{ @top-right {{ content: "{text}"; font-family: {family}; font-size: 12pt; '
        "letter-spacing: 0; color: #555; vertical-align: bottom; padding-bottom: 8mm; "
        f"{FULL_WIDTH} }} }}"
    )


@lru_cache(maxsize=8)
def _title_weight(has_licensed_file: bool) -> str:
    # The Noto stand-in needs bold to look like 小标宋; the real 方正小标宋简体 is heavy at its
    # regular weight. A licensed file is declared bold in its @font-face; a system-wide
    # install is not, so it must be asked for at normal weight or Pango fakes a bold.
    if has_licensed_file:
        return "bold"
    installed = installed_families()
    licensed_names = ROLE_FONTS[FontRole.TITLE].licensed
    return "normal" if any(n.casefold() in installed for n in licensed_names) else "bold"


def _bold_css(fonts_dir: str | None, slim) -> str:
    """The podium copy's bold (values, figures, bold headings) in a real bold face per role."""

    def bold(role: FontRole) -> str:
        return css_font_family(bold_font_stack(role, fonts_dir, slim))

    return (
        f"p b.lead, h4 b.lead, h4.level-3, .run-in.level-3 "
        f"{{ font-family: {bold(FontRole.BODY)}; }}\n"
        f"h2 b.lead, .run-in.level-1 b.lead {{ font-family: {bold(FontRole.HEADING1)}; }}\n"
        f"h3 b.lead, .run-in.level-2 b.lead {{ font-family: {bold(FontRole.HEADING2)}; }}\n"
    )


def print_stylesheet(options: RenderOptions) -> str:
    """The full print CSS for ``options``: print.css, @font-face rules, fonts per role, pages."""
    fonts_dir = options.fonts_dir
    slim = load_slim_fonts(options.slim_fonts_dir)

    def family(role: FontRole) -> str:
        return css_font_family(font_stack(role, fonts_dir, slim))

    title_weight = _title_weight(FontRole.TITLE in find_licensed_fonts(fonts_dir))
    podium = options.layout is Layout.PODIUM
    layout_css = (
        (PODIUM_CSS.read_text(encoding="utf-8"), _bold_css(fonts_dir, slim)) if podium else ()
    )
    return "\n".join(
        (
            PRINT_CSS.read_text(encoding="utf-8"),
            *layout_css,
            font_face_css(fonts_dir, slim),
            f"html {{ font-family: {family(FontRole.BODY)}; }}",
            f"h1.title {{ font-family: {family(FontRole.TITLE)}; font-weight: {title_weight}; }}",
            f"h2, .run-in.level-1 {{ font-family: {family(FontRole.HEADING1)}; }}",
            f"h3, .run-in.level-2, p.speaker {{ font-family: {family(FontRole.HEADING2)}; }}",
            _page_number_css(
                options.page_numbers,
                family(FontRole.PAGE_NUMBER),
                PAGE_NUMBER_SIZES[options.layout],
            ),
            _page_mark_css(options.page_mark, family(FontRole.HEADING1)),
            _footer_note_css(options.footer_note, family(FontRole.BODY)),
        )
    )


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _stylesheet_key(options: RenderOptions) -> tuple[Any, ...]:
    licensed = find_licensed_fonts(options.fonts_dir)
    slim = load_slim_fonts(options.slim_fonts_dir)
    # A slim copy remade by `prepare_fonts` while the server runs is a new file: new key.
    files = tuple(sorted((r.value, str(p)) for r, p in licensed.items())) + tuple(
        sorted((r.value, str(f.path), _mtime(f.path)) for r, f in slim.items())
    )
    return (files, options.page_numbers, options.layout, options.page_mark, options.footer_note)


def _new_stylesheet(options: RenderOptions) -> tuple[Any, Any]:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    # Its own FontConfiguration: the @font-face families it registers are never redefined
    # with other files, and its Pango font map serves one render at a time.
    font_config = FontConfiguration()
    return font_config, CSS(string=print_stylesheet(options), font_config=font_config)


@contextmanager
def _checked_out_stylesheet(options: RenderOptions) -> Iterator[tuple[Any, Any]]:
    """A (FontConfiguration, CSS) pair for ``options`` that no other render uses meanwhile."""
    key = _stylesheet_key(options)
    with _IDLE_LOCK:
        idle = _IDLE_STYLESHEETS.get(key)
        pair = idle.pop() if idle else None
    if pair is None:
        pair = _new_stylesheet(options)
    yield pair
    with _IDLE_LOCK:
        idle = _IDLE_STYLESHEETS.setdefault(key, [])
        if len(idle) < _IDLE_PER_KEY:
            idle.append(pair)


# Renders running now that paused the cyclic garbage collector, and whether it ran before.
_GC_PAUSE = {"renders": 0, "resume": False}
_GC_LOCK = threading.Lock()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for a render. A render makes some 10,000 linked
    objects (boxes, styles) that live until it ends: the collector scanned them some 17 times a
    render, and every few renders the whole process. The last render running resumes it (a
    collector the process had turned off stays off) and collects the young generation, which
    holds the render's cycles."""
    with _GC_LOCK:
        if _GC_PAUSE["renders"] == 0:
            _GC_PAUSE["resume"] = gc.isenabled()
            gc.disable()
        _GC_PAUSE["renders"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_PAUSE["renders"] -= 1
            resume = _GC_PAUSE["renders"] == 0 and _GC_PAUSE["resume"]
            if resume:
                gc.enable()
        if resume:
            gc.collect(0)


def _deflate_streams(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: deflate the streams at DEFLATE_LEVEL before pydyf writes them
    (pydyf leaves a stream it is told is not to be compressed as it is, filter and all)."""
    import pydyf

    for stream in pdf.objects:
        if not isinstance(stream, pydyf.Stream) or not stream.compress:
            continue
        if "Filter" in stream.extra:  # already encoded (an image): pydyf's own way
            continue
        if len(stream.stream) == 1 and type(stream.stream[0]) is bytes:
            # An embedded font cut kept from an earlier render: deflated once, kept with it.
            kept = font_subsets.deflated(stream.stream[0], DEFLATE_LEVEL)
            if kept is not None:
                stream.stream = [kept]
                stream.extra["Filter"] = "/FlateDecode"
                stream.compress = False
                continue
        # The stream's bytes as pydyf joins them: a bare stream's data, its frame cut off.
        framed = pydyf.Stream(stream.stream).data
        start = framed.index(b"\nstream\n") + len(b"\nstream\n")
        content = framed[start : -len(b"\nendstream")]
        stream.stream = [zlib.compress(content, DEFLATE_LEVEL)]
        stream.extra["Filter"] = "/FlateDecode"
        stream.compress = False


def render_pdf(speech: Speech, values: Mapping[str, str], options: RenderOptions) -> bytes:
    """The speech typeset on A4 in 公文 style, fonts embedded as subsets.

    Raises MissingSlotsError when a slot is empty, unless ``options.allow_unfilled`` (the
    draft copy, where each blank prints as a highlighted ×).
    """
    check_complete(speech, values, options)
    # render_html's document, minus the spans around unmarked values (same print, faster).
    document = print_document(speech, values, options, value_spans=False)
    from weasyprint import HTML

    # Once per process: font cuts and line breaks kept from one render to the next.
    font_subsets.install()
    line_breaks.install()
    with _gc_paused(), _checked_out_stylesheet(options) as (font_config, css):
        return HTML(string=document).write_pdf(
            stylesheets=[css],
            font_config=font_config,
            optimize_images=False,
            finisher=_deflate_streams,
        )


def load_system_fonts() -> None:
    """Load fontconfig's view of the installed fonts (its caches, or a scan of the font
    folders where a cache is out of date). A render worker does it before its memory cap:
    fontconfig writes the caches it rebuilds for the whole machine, and a scan failing under
    the cap would leave every later process without the CJK fonts."""
    from weasyprint.text.fonts import FontConfiguration

    FontConfiguration()
