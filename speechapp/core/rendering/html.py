"""The speech as HTML: a whole document for WeasyPrint, and a fragment for the browser preview.

Both share one block walker; they differ only in how a slot prints. In the document a filled
value is a plain ``span`` (invisible on paper unless the proof-reader's marks are on) and a
missing one a yellow ``mark``; in the preview every slot is a link to its form row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from speechapp.core.changes import Change
from speechapp.core.model import Block, BlockKind, Speech
from speechapp.core.rendering import Layout, RenderOptions, Segment, block_segments, check_complete
from speechapp.core.rendering.layout import (
    byline_blocks,
    is_head,
    podium_sentences,
    speaker_line,
    split_run_in,
    title_lines,
)
from speechapp.core.rendering.titles import printed_title

# Heading element per outline level: 一、 h2, （一） h3, 1. and （1） h4.
HEADING_TAGS = {1: "h2", 2: "h3", 3: "h4", 4: "h4"}

SlotRenderer = Callable[[Segment], str]


def _document_slot(segment: Segment) -> str:
    slot = escape(segment.slot_id or "")
    text = escape(segment.text)
    if segment.missing:
        return f'<mark class="slot missing" data-slot="{slot}">{text}</mark>'
    classes = "slot filled carried" if segment.carried else "slot filled"
    return f'<span class="{classes}" data-slot="{slot}">{text}</span>'


def _bare_value_slot(segment: Segment) -> str:
    return _document_slot(segment) if segment.missing else escape(segment.text)


def _preview_slot(slot_href: str, focusable: bool) -> SlotRenderer:
    # Beside the form, 178 links would be 178 Tab stops between the form and the rest of the
    # page; there the chips are for the mouse, and the form itself is the keyboard's way.
    extra = "" if focusable else ' tabindex="-1"'

    def render(segment: Segment) -> str:
        slot_id = segment.slot_id or ""
        href = escape(slot_href.format(id=slot_id))
        slot = escape(slot_id)
        if segment.missing:
            # A <mark> inside the link stays a visible chip even before the app's CSS loads.
            return (
                f'<a href="{href}" class="slot missing" data-slot="{slot}"{extra} '
                f'title="未填：{slot}"><mark>{escape(segment.text)}</mark></a>'
            )
        return (
            f'<a href="{href}" class="slot filled" data-slot="{slot}"{extra}>'
            f"{escape(segment.text)}</a>"
        )

    return render


def _inline(segments: list[Segment], slot: SlotRenderer) -> str:
    """Segments as inline HTML; consecutive bold segments (a point's lead) share one <b>."""
    parts: list[str] = []
    in_bold = False
    for segment in segments:
        if segment.bold != in_bold:
            parts.append('<b class="lead">' if segment.bold else "</b>")
            in_bold = segment.bold
        if segment.slot_id is not None:
            parts.append(slot(segment))
        elif segment.carried:
            parts.append(f'<span class="carried-mark">{escape(segment.text)}</span>')
        elif segment.leftover:
            parts.append(f'<mark class="leftover">{escape(segment.text)}</mark>')
        else:
            parts.append(escape(segment.text))
    if in_bold:
        parts.append("</b>")
    return "".join(parts)


def _element(tag: str, classes: str, inner: str, wrap: bool) -> str:
    """One block element. ``wrap`` puts its content in ``<span class="text">`` (print only).

    Why: a line box takes the union of its text boxes' heights, and the CJK stand-in, the
    Latin face and a licensed 仿宋 all have different ascents, so mixed lines grew ~1.4 pt
    and a page held 21 lines instead of 22. The print stylesheet gives ``span.text`` a
    line-height of 0, leaving only the paragraph's strut: every line is exactly 28.98 pt.
    """
    attrs = f' class="{classes}"' if classes else ""
    if wrap:
        inner = f'<span class="text">{inner}</span>'
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _block_html(
    speech: Speech,
    block: Block,
    values: Mapping[str, str],
    options: RenderOptions,
    slot: SlotRenderer,
    wrap: bool,
) -> str:
    segments = block_segments(speech, block, values, options)
    if block.kind is BlockKind.SALUTATION:
        return _element("p", "salutation", _inline(segments, slot), wrap)
    if block.kind is BlockKind.HEADING:
        level = block.level or 1
        tag = HEADING_TAGS.get(level, "h4")
        return _element(tag, f"heading level-{level}", _inline(segments, slot), wrap)
    if options.layout is Layout.PODIUM:
        return _podium_paragraph(segments, block.level, slot, wrap)
    if block.level is not None:
        # A long line starting 一、/（一）: its first sentence prints in the heading's font.
        run_in, rest = split_run_in(segments)
        inner = (
            f'<span class="run-in level-{block.level}">{_inline(run_in, slot)}</span>'
            f"{_inline(rest, slot)}"
        )
        return _element("p", "run-in-paragraph", inner, wrap)
    return _element("p", "", _inline(segments, slot), wrap)


def _podium_paragraph(
    segments: list[Segment], level: int | None, slot: SlotRenderer, wrap: bool
) -> str:
    """The podium copy's paragraph: one ``p.sentence`` per sentence, which the podium
    stylesheet keeps whole on a page; the first is indented, the others continue flush."""
    parts = []
    for i, sentence in enumerate(podium_sentences(segments, run_in=level is not None)):
        inner = _inline(sentence, slot)
        if i == 0 and level is not None:
            inner = f'<span class="run-in level-{level}">{inner}</span>'
        parts.append(_element("p", "sentence first" if i == 0 else "sentence", inner, wrap))
    return "".join(parts)


def _body_html(
    speech: Speech,
    values: Mapping[str, str],
    options: RenderOptions,
    slot: SlotRenderer,
    *,
    wrap: bool,
) -> list[str]:
    head = []
    lines = title_lines(speech, values, options)
    if lines:
        title = "<br>".join(_inline(line, slot) for line in lines)
        head.append(_element("h1", "title", title, wrap))
    # The template's speaker and date lines print like the speaker line: centred, in 楷体.
    for block in byline_blocks(speech):
        segments = block_segments(speech, block, values, options)
        head.append(_element("p", "speaker byline", _inline(segments, slot), wrap))
    speaker = speaker_line(options, printed_title(speech, values, options))
    if speaker:
        head.append(_element("p", "speaker", escape(speaker), wrap))
    parts = [f'<header class="speech-head">{"".join(head)}</header>'] if head else []
    for block in speech.blocks:
        if not is_head(block):
            parts.append(_block_html(speech, block, values, options, slot, wrap))
    return parts


def body_classes(options: RenderOptions) -> str:
    classes = ["speech", f"page-numbers-{options.page_numbers.value}"]
    if options.review_marks:
        classes.append("review-marks")
    if options.allow_unfilled:
        classes.append("draft")
    if options.layout is not Layout.OFFICIAL:
        classes.append(f"layout-{options.layout.value}")
    return " ".join(classes)


def render_html(speech: Speech, values: Mapping[str, str], options: RenderOptions) -> str:
    """The complete HTML5 document of the speech, unstyled: the PDF adds its print stylesheet.

    Raises MissingSlotsError when a slot is empty, unless ``options.allow_unfilled``.
    """
    check_complete(speech, values, options)
    return print_document(speech, values, options)


def print_document(
    speech: Speech, values: Mapping[str, str], options: RenderOptions, *, value_spans: bool = True
) -> str:
    """The document without the completeness check.

    ``value_spans=False`` prints a filled value as bare text when nothing marks it (no review
    marks): on paper it looks the same, and WeasyPrint lays out the seed ~40 ms faster
    without 178 inline boxes to split across lines.
    """
    slot = _document_slot if value_spans or options.review_marks else _bare_value_slot
    body = "\n".join(_body_html(speech, values, options, slot, wrap=True))
    version = f'<meta name="keywords" content="{escape(options.version)}">\n'
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(printed_title(speech, values, options))}</title>\n"
        f"{version if options.version else ''}</head>\n"
        f'<body class="{body_classes(options)}">\n{body}\n</body>\n</html>\n'
    )


def render_preview(
    speech: Speech,
    values: Mapping[str, str],
    options: RenderOptions,
    *,
    slot_href: str = "#field-{id}",
    focusable: bool = True,
) -> str:
    """An HTML fragment for the browser: every slot links to its form row (``slot_href``).

    Always renders, blanks and all: it is the working view while the form is being filled.
    ``focusable=False`` keeps the links out of the Tab order (the preview beside the form).
    """
    renderer = _preview_slot(slot_href, focusable)
    body = "\n".join(_body_html(speech, values, options, renderer, wrap=False))
    return f'<article class="speech-preview" lang="zh-CN">\n{body}\n</article>'


def _changes_slot(changes: Mapping[str, Change]) -> SlotRenderer:
    def render(segment: Segment) -> str:
        slot = escape(segment.slot_id or "")
        change = changes.get(segment.slot_id or "")
        if change is None:
            return _document_slot(segment)
        old = f"<del>{escape(change.old)}</del>" if change.old else ""
        new = (
            f'<mark class="slot missing">{escape(segment.text)}</mark>'
            if segment.missing
            else f"<ins>{escape(segment.text)}</ins>"
        )
        return f'<a class="slot changed" href="#change-{slot}" id="text-{slot}">{old}{new}</a>'

    return render


def render_changes(
    speech: Speech, values: Mapping[str, str], options: RenderOptions, changes: Mapping[str, Change]
) -> str:
    """An HTML fragment of the speech as ``values`` print it, each blank of ``changes`` with
    its old value struck through (<del>) before the new one (<ins>), linking to its entry in
    the list of changes (``#change-<slot>``)."""
    body = "\n".join(_body_html(speech, values, options, _changes_slot(changes), wrap=False))
    return f'<article class="speech-preview speech-changes" lang="zh-CN">\n{body}\n</article>'
