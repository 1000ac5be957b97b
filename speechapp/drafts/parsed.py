"""The parse of a stored text, once per process: every read of a draft's or template's
``speech`` in a request (the autosave asks it several times) and in later requests shares it.

The key is what the parse depends on — the text, the token set and the corrections — so a
template edited or corrected is parsed anew, and two drafts of one template revision share a
parse. Speech objects are frozen (core.model), safe to share between requests and threads.
"""

from __future__ import annotations

import json
from functools import lru_cache

from speechapp.core.model import Speech
from speechapp.core.parsing import parse_speech

# A few dozen templates are in use at once; a parse of a 250-blank one holds ~200 KB.
PARSES_KEPT = 64


def parsed_speech(source_text: str, tokens: str | None = None, overrides=None) -> Speech:
    """``core.parsing.parse_speech`` of a stored text, remembered."""
    key = json.dumps(overrides or [], ensure_ascii=False, sort_keys=True)
    return _parse(source_text, tokens, key)


@lru_cache(maxsize=PARSES_KEPT)
def _parse(source_text: str, tokens: str | None, overrides_json: str) -> Speech:
    return parse_speech(source_text, tokens, json.loads(overrides_json))
