"""The values file: a flat JSON object, blank id -> value ({"s001": "5.2", ...}).

The format ``manage.py render_speech --values`` reads, the draft's JSON download writes, and
the values API and the JSON upload take. Numbers are read as their text; ``null`` (and "")
mean "no value". The 备注 and 来源/口径 of the values that have them ride along under one
reserved key, which is never a blank's id: ``"_notes": {"s001": {"note": "快报数",
"source": "统计局月报"}}`` (absent when no value has one; a reader of values alone skips it).
Pure: never imports Django.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from speechapp.core.limits import MAX_CELL_CHARS, MAX_ROWS


class ValuesJsonError(ValueError):
    """A body or file that is not a values object; ``code`` names why, ``params`` where."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(code)


NOTES_KEY = "_notes"
NOTE_FIELDS = ("note", "source")  # 备注, 来源/口径


@dataclass(frozen=True)
class ValuesFile:
    values: dict[str, str | None]
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (备注, 来源/口径)


def read_values(
    data: bytes | str, *, max_bytes: int | None = None, max_values: int = MAX_ROWS
) -> dict[str, str | None]:
    """The values of a values file (read_values_file), without their notes."""
    return read_values_file(data, max_bytes=max_bytes, max_values=max_values).values


def read_values_file(
    data: bytes | str, *, max_bytes: int | None = None, max_values: int = MAX_ROWS
) -> ValuesFile:
    """Blank id -> text (``None`` for null) of a values object, in the file's order, and the
    notes under NOTES_KEY. A number is kept as written (5.20 stays "5.20"); the value check
    judges it later.

    Raises ValuesJsonError: ``too_big``, ``not_json`` (with ``line``), ``not_object``,
    ``bad_value`` (with ``key``: a list, an object, true or false, NaN or Infinity),
    ``too_many_values`` (``count``, ``limit``: ``limits.max_rows(the blank limit)``, one entry
    per blank and room to spare), ``value_too_long`` (``key``, ``limit``: no value of a blank
    is longer than ``limits.MAX_CELL_CHARS``), ``bad_notes`` (``key``: the notes are not an
    object of objects holding text under "note" and "source").
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise ValuesJsonError("too_big", size=len(data), limit=max_bytes)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValuesJsonError("not_json", line=1) from None
    try:
        parsed = json.loads(data, parse_float=str, parse_int=str)
    except json.JSONDecodeError as exc:
        raise ValuesJsonError("not_json", line=exc.lineno) from None
    except RecursionError:
        raise ValuesJsonError("not_object") from None
    if not isinstance(parsed, dict):
        raise ValuesJsonError("not_object")
    notes = _read_notes(parsed.pop(NOTES_KEY, {}), max_values)
    if len(parsed) > max_values:
        raise ValuesJsonError("too_many_values", count=len(parsed), limit=max_values)
    values: dict[str, str | None] = {}
    for key, value in parsed.items():
        if value is not None and not isinstance(value, str):
            raise ValuesJsonError("bad_value", key=key)  # true/false, NaN, a list or an object
        if value is not None and len(value) > MAX_CELL_CHARS:
            raise ValuesJsonError("value_too_long", key=key, limit=MAX_CELL_CHARS)
        values[key] = value
    return ValuesFile(values, notes)


def _read_notes(raw: object, max_values: int) -> dict[str, tuple[str, str]]:
    if not isinstance(raw, dict) or len(raw) > max_values:
        raise ValuesJsonError("bad_notes", key=NOTES_KEY)
    notes = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) - set(NOTE_FIELDS):
            raise ValuesJsonError("bad_notes", key=key)
        texts = tuple(entry.get(name) or "" for name in NOTE_FIELDS)
        if not all(isinstance(t, str) and len(t) <= MAX_CELL_CHARS for t in texts):
            raise ValuesJsonError("bad_notes", key=key)
        notes[key] = texts
    return notes


def values_object(
    values: Mapping[str, str], notes: Mapping[str, tuple[str, str]] | None = None
) -> dict[str, object]:
    """The values file's object: ``values`` in their order, then the notes of those values
    that have a 备注 or a 来源/口径 under NOTES_KEY."""
    content: dict[str, object] = dict(values)
    kept = {
        key: {name: text for name, text in zip(NOTE_FIELDS, texts, strict=True) if text}
        for key, texts in (notes or {}).items()
        if key in values and any(texts)
    }
    if kept:
        content[NOTES_KEY] = kept
    return content


def write_values(
    values: Mapping[str, str], notes: Mapping[str, tuple[str, str]] | None = None
) -> bytes:
    """The values file (UTF-8, Chinese kept readable) of values_object."""
    content = values_object(values, notes)
    return (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
