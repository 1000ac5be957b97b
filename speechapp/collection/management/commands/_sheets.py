"""What export_sheet and import_sheet share: reading the template and the values file."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from speechapp.core.model import Speech
from speechapp.core.parsing import parse_speech
from speechapp.core.reading import TemplateReadError, read_template
from speechapp.filling.value_rules import check_values, effective_slots


def load_template(path_text: str) -> tuple[str, Speech]:
    path = Path(path_text)
    try:
        text = read_template(path.read_bytes(), path.name)
    except (OSError, TemplateReadError) as exc:
        raise CommandError(f"cannot read template: {exc}") from None
    return text, parse_speech(text)


def read_values(path_text: str | None) -> dict[str, str]:
    """The values file as it is: slot id -> value (render_speech's format)."""
    if not path_text:
        return {}
    try:
        values = json.loads(Path(path_text).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CommandError(f"cannot read values: {exc}") from None
    if not isinstance(values, dict):
        raise CommandError("--values must hold a JSON object: slot id -> value")
    return {str(k): str(v) for k, v in values.items()}


def load_values(speech: Speech, path_text: str | None) -> dict[str, str]:
    """The values file as each blank prints it (values that do not fit are left out)."""
    given = read_values(path_text)
    typed = {k: v for k, v in given.items() if k in speech.slot_ids}
    checks = check_values(effective_slots(speech, ()), typed, {})
    return {slot_id: check.value for slot_id, check in checks.items() if check.value}
