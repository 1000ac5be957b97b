"""Running a management command in a test, as its user would, and reading what it printed."""

import io
import json

from django.core.management import call_command

from tests.samples import SEED_PATH


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def render_speech(tmp_path, values: dict, fmt: str, *extra: str):
    """Run render_speech on the seed with ``values``; returns the output path."""
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps(values), encoding="utf-8")
    out = tmp_path / f"speech.{fmt}"
    run("render_speech", str(SEED_PATH), "--values", str(values_file), "--format", fmt,
        "--output", str(out), *extra)  # fmt: skip
    return out
