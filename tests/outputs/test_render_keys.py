"""Every host computes the same render key for the same draft: fonts count by their bytes,
never by where they lie or when they were copied; and `prepare_fonts` makes the same bytes on
every host, so a file a worker rendered on one host is found by a server on another."""

import io
import os
import shutil
from pathlib import Path

from django.core.management import call_command

from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import RenderOptions
from speechapp.outputs import render_cache
from tests.samples import SHORT_TEXT, filled_values
from tests.system import needs_liberation


def host_copy(slim_fonts: Path, root: Path) -> Path:
    """The slim fonts as another host has them: another folder, files copied later."""
    folder = root / "var" / "fonts"
    shutil.copytree(slim_fonts, folder)
    for path in folder.iterdir():
        os.utime(path, ns=(1, 1_000_000_000))
    return folder


def key_on(slim_fonts_dir: Path, fonts_dir: Path) -> str:
    speech = parse_speech(SHORT_TEXT)
    options = RenderOptions(
        speaker="张三", fonts_dir=str(fonts_dir), slim_fonts_dir=str(slim_fonts_dir)
    )
    return render_cache.render_key("pdf", (SHORT_TEXT, [], {}), filled_values(speech), options)


def test_two_hosts_with_the_same_fonts_in_other_folders_compute_the_same_key(slim_fonts, tmp_path):
    host_a = host_copy(slim_fonts, tmp_path / "a")
    host_b = host_copy(slim_fonts, tmp_path / "b")
    os.utime(host_b / "body.ttf", ns=(2, 2_000_000_000))
    assert key_on(host_a, tmp_path / "a" / "fonts") == key_on(host_b, tmp_path / "b" / "fonts")


def test_a_font_whose_bytes_change_changes_the_key(slim_fonts, tmp_path):
    host = host_copy(slim_fonts, tmp_path / "a")
    before = key_on(host, tmp_path / "fonts")
    body = host / "body.ttf"
    data = bytearray(body.read_bytes())
    data[-1] ^= 0xFF  # same size, other bytes
    body.write_bytes(bytes(data))
    os.utime(body, ns=(3, 3_000_000_000))
    assert key_on(host, tmp_path / "fonts") != before


@needs_liberation
def test_prepare_fonts_makes_the_same_bytes_on_every_host(settings, tmp_path, small_sources):
    made = []
    for host in ("a", "b"):
        settings.SPEECHAPP_SLIM_FONTS_DIR = str(tmp_path / host)
        call_command("prepare_fonts", stdout=io.StringIO())
        made.append({p.name: p.read_bytes() for p in sorted((tmp_path / host).iterdir())})
    assert made[0] == made[1]
    assert "body.ttf" in made[0]
