"""Where a line of text breaks, remembered from one render to the next, in this process.

To break each line WeasyPrint asks Pango to lay out the rest of the paragraph
(``split_first_line``): a new Pango layout, its shaping and its line breaking, several times a
line, for a quarter of a render. The answer depends on nothing but the text, the width, the
style properties that reach Pango and the fonts; a speech rendered again (after an edit, or
its other copies) asks the same questions for every paragraph the edit did not touch. So the
answers are kept, as WeasyPrint itself keeps each font's strut (``strut_layouts``) on its
FontConfiguration:

- the key holds the whole text handed over, the width, the line-start and min-content flags,
  the justification spacing, the FontConfiguration (the fonts: a kept answer is only ever
  given to the same FontConfiguration object, which pdf.py keeps per font set) and every
  style property that ``split_first_line`` and its Pango layout read (``STYLE_PROPERTIES``,
  with WeasyPrint's own font key ``_font_style_cache_key``);
- the answer is the line's length, where the next begins, its width, height and baseline,
  and the Pango layout WeasyPrint returns, which it always hands back emptied of its Pango
  objects (only its text and numbers, copied afresh for each caller);
- an LRU bounded in lines and in the characters of their keys.

``install()`` wraps ``weasyprint.layout.inline.split_first_line`` once per process, for the
WeasyPrint majors in ``SUPPORTED_MAJORS`` whose internals it was checked against; any other
WeasyPrint breaks every line afresh. Pure module: no Django; WeasyPrint is imported only by
``install()``.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from speechapp.core.rendering.weasy_patch import once, parameter_names, weasyprint_major

SUPPORTED_MAJORS = frozenset({70})
# The seed asks ~260 questions a render, with ~60,000 characters of text in their keys.
MAX_LINES = 20_000
MAX_CHARS = 6_000_000
# What split_first_line, Layout.setup/set_text, line_size and get_font_description read of a
# style besides the font properties in WeasyPrint's _font_style_cache_key (WeasyPrint 70).
STYLE_PROPERTIES = (
    "font_size",
    "font_kerning",
    "letter_spacing",
    "word_spacing",
    "white_space",
    "overflow_wrap",
    "word_break",
    "hyphens",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphenate_character",
    "direction",
    "tab_size",
    "text_decoration_line",
)
# A Layout as split_first_line returns it (deactivated): these and nothing that is Pango's.
LAYOUT_FIELDS = frozenset(
    {
        "text",
        "max_width",
        "justification_spacing",
        "first_line_direction",
        "ascent",
        "underline_position",
        "strikethrough_position",
        "underline_thickness",
        "strikethrough_thickness",
    }
)

_LOCK = threading.Lock()
# key -> (the FontConfiguration, weakly, and the answer); key[0] is id() of that configuration.
_LINES: OrderedDict[tuple[Any, ...], tuple[weakref.ref, tuple[Any, ...]]] = OrderedDict()
_chars = 0


def _evict() -> None:
    global _chars
    while _LINES and (len(_LINES) > MAX_LINES or _chars > MAX_CHARS):
        key, _ = _LINES.popitem(last=False)
        _chars -= len(key[1])


def _remembering(split_first_line: Callable[..., tuple], font_key: Callable[[Any], str]):
    def remembering_split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
    ):
        global _chars
        font_config = style.font_config
        key = (
            id(font_config),
            text,
            max_width,
            justification_spacing,
            is_line_start,
            minimum,
            font_key(style),
            tuple(style[name] for name in STYLE_PROPERTIES),
        )
        try:
            with _LOCK:
                kept = _LINES.get(key)
                if kept is not None:
                    _LINES.move_to_end(key)
        except TypeError:  # a style value that cannot be hashed: never kept
            return split_first_line(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
        if kept is not None and kept[0]() is font_config:
            layout, *rest = kept[1]
            fresh = object.__new__(type(layout))
            fresh.__dict__.update(layout.__dict__)
            return (fresh, *rest)
        result = split_first_line(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        layout = result[0]
        if not set(vars(layout)) <= LAYOUT_FIELDS:  # still holds Pango objects: not kept
            return result
        copy = object.__new__(type(layout))
        copy.__dict__.update(layout.__dict__)
        with _LOCK:
            if key not in _LINES:
                _chars += len(text)
            _LINES[key] = (weakref.ref(font_config), (copy, *result[1:]))
            _evict()
        return result

    remembering_split_first_line.__wrapped__ = split_first_line  # type: ignore[attr-defined]
    return remembering_split_first_line


def _fits(weasyprint: Any, inline: Any, line_break: Any) -> bool:
    split_first_line = getattr(inline, "split_first_line", None)
    font_key = getattr(line_break, "_font_style_cache_key", None)
    if (
        weasyprint_major(weasyprint) not in SUPPORTED_MAJORS
        or split_first_line is None
        or font_key is None
    ):
        return False
    parameters = parameter_names(split_first_line)
    return parameters == [
        "text",
        "style",
        "context",
        "max_width",
        "justification_spacing",
        "is_line_start",
        "minimum",
    ]


@once
def install() -> bool:
    """Remember WeasyPrint's line breaks across renders, once per process; whether it does."""
    try:
        import weasyprint
        import weasyprint.layout.inline as inline
        import weasyprint.text.line_break as line_break
    except ImportError:
        return False
    if not _fits(weasyprint, inline, line_break):
        return False
    inline.split_first_line = _remembering(
        inline.split_first_line, line_break._font_style_cache_key
    )
    return True


def clear() -> None:
    """Forget every kept line (tests)."""
    global _chars
    with _LOCK:
        _LINES.clear()
        _chars = 0


def stats() -> tuple[int, int]:
    """(lines kept, characters of text in their keys)."""
    with _LOCK:
        return len(_LINES), _chars
