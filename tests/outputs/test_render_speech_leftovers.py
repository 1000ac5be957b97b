"""render_speech lists the text that still looks like a blank on stderr, and refuses to
render with --strict (the last look before a download, for the command line)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

# A lone ○ in a template that writes no other ○: the grammar leaves it, the last look does not.
TEXT = "在全市工作会上的讲话\n全市○个县增长×%。\n"


def render(tmp_path, *extra: str) -> tuple[str, str]:
    template = tmp_path / "speech.txt"
    template.write_text(TEXT, encoding="utf-8")
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"s001": "5.2"}), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "render_speech", str(template), "--values", str(values), "--format", "html",
        "--output", str(tmp_path / "speech.html"), *extra, stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_render_speech_lists_the_leftovers_on_stderr_and_still_renders(tmp_path):
    out, err = render(tmp_path)
    assert "leftover at block 1" in err and "'○'" in err and "“全市○个县增长×%。”" in err
    assert "wrote" in out
    html = (tmp_path / "speech.html").read_text(encoding="utf-8")
    assert "全市○个县增长" in html and "leftover" not in html  # the finished copy is not marked


def test_render_speech_fails_with_strict_while_a_leftover_is_left(tmp_path):
    with pytest.raises(CommandError, match="1 leftovers"):
        render(tmp_path, "--strict")
    assert not (tmp_path / "speech.html").exists()


def test_the_draft_copy_of_render_speech_highlights_the_leftovers(tmp_path):
    render(tmp_path, "--allow-unfilled")
    html = (tmp_path / "speech.html").read_text(encoding="utf-8")
    assert '<mark class="leftover">○</mark>' in html
