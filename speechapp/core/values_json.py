"""The values file: a flat JSON object, blank id -> value ({"s001": "5.2", ...}).

The format ``manage.py render_speech --values`` reads, the draft's JSON download writes, and
the values API and the JSON upload take. Numbers are read as their text; ``null`` (and "")
mean "no value". Pure: never imports Django.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from speechapp.core.limits import MAX_CELL_CHARS, MAX_ROWS


class ValuesJsonError(ValueError):
    """A body or file that is not a values object; ``code`` names why, ``params`` where."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(code)


def read_values(
    data: bytes | str, *, max_bytes: int | None = None, max_values: int = MAX_ROWS
) -> dict[str, str | None]:
    """Blank id -> text (``None`` for null) of a values object, in the file's order.
    A number is kept as written (5.20 stays "5.20"); the value check judges it later.

    Raises ValuesJsonError: ``too_big``, ``not_json`` (with ``line``), ``not_object``,
    ``bad_value`` (with ``key``: a list, an object, true or false, NaN or Infinity),
    ``too_many_values`` (``count``, ``limit``: ``limits.max_rows(the blank limit)``, one entry
    per blank and room to spare), ``value_too_long`` (``key``, ``limit``: no value of a blank
    is longer than ``limits.MAX_CELL_CHARS``).
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
    if len(parsed) > max_values:
        raise ValuesJsonError("too_many_values", count=len(parsed), limit=max_values)
    values: dict[str, str | None] = {}
    for key, value in parsed.items():
        if value is not None and not isinstance(value, str):
            raise ValuesJsonError("bad_value", key=key)  # true/false, NaN, a list or an object
        if value is not None and len(value) > MAX_CELL_CHARS:
            raise ValuesJsonError("value_too_long", key=key, limit=MAX_CELL_CHARS)
        values[key] = value
    return values


def write_values(values: Mapping[str, str]) -> bytes:
    """The values file (UTF-8, Chinese kept readable) of ``values``, in their order."""
    return (json.dumps(dict(values), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
