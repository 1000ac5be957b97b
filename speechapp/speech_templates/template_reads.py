"""Reads of a template: the text that still looks like a blank (core.leftovers)."""

from __future__ import annotations

from speechapp.core.leftovers import Leftover, leftovers
from speechapp.core.overrides import (
    overrides_of,
)
from speechapp.drafts.models import (
    SpeechTemplate,
)


def template_leftovers(template: SpeechTemplate) -> tuple[Leftover, ...]:
    return leftovers(template.speech, overrides_of(template.overrides).texts)
