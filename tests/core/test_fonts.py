"""Which font prints each part of the speech: licensed files in a folder, else stand-ins."""

from pathlib import Path

from speechapp.core.rendering import RenderOptions, probe
from speechapp.core.rendering.fonts import (
    LATIN_FAMILY,
    FontRole,
    find_licensed_fonts,
    font_face_css,
    font_stack,
    licensed_family,
)
from speechapp.core.rendering.pdf import print_stylesheet
from speechapp.core.rendering.probe import (
    font_report,
    harfbuzz_subset_available,
    latin_metric_face,
    missing_cjk_fonts,
)
from tests.system import (
    DEJAVU_SERIF,
    LIBERATION_SERIF,
    needs_dejavu,
    needs_fontconfig,
    needs_liberation,
)


def drop_fonts(folder, *names):
    for name in names:
        (folder / name).write_bytes(b"")
    return folder


def test_licensed_font_files_are_recognised_by_their_usual_names(tmp_path):
    drop_fonts(
        tmp_path,
        "仿宋_GB2312.ttf",
        "FZXBSJW.TTF",
        "simhei.ttf",
        "simkai.ttf",
        "simsun.ttc",
        "times.ttf",
        "readme.txt",
    )
    found = find_licensed_fonts(tmp_path)
    assert {role: path.name for role, path in found.items()} == {
        FontRole.BODY: "仿宋_GB2312.ttf",
        FontRole.TITLE: "FZXBSJW.TTF",
        FontRole.HEADING1: "simhei.ttf",
        FontRole.HEADING2: "simkai.ttf",
        FontRole.PAGE_NUMBER: "simsun.ttc",
        FontRole.LATIN: "times.ttf",
    }


def test_the_gb2312_fangsong_wins_over_the_gbk_one(tmp_path):
    drop_fonts(tmp_path, "simfang.ttf", "FangSong_GB2312.ttf")
    assert find_licensed_fonts(tmp_path)[FontRole.BODY].name == "FangSong_GB2312.ttf"


def test_no_folder_or_a_missing_one_means_no_licensed_fonts(tmp_path):
    assert find_licensed_fonts(None) == {}
    assert find_licensed_fonts(tmp_path / "nowhere") == {}


def test_licensed_files_are_loaded_with_font_face_and_come_before_the_stand_ins(tmp_path):
    drop_fonts(tmp_path, "仿宋_GB2312.ttf", "方正小标宋简体.ttf")
    css = font_face_css(tmp_path)
    body_url = (tmp_path / "仿宋_GB2312.ttf").resolve().as_uri()
    assert (
        f'font-family: "{licensed_family(FontRole.BODY)}"; font-weight: normal; src: url("{body_url}")'
        in css
    )
    # 小标宋 is heavy at its regular weight: declared bold, so the bold title is not faked.
    assert f'font-family: "{licensed_family(FontRole.TITLE)}"; font-weight: bold' in css
    stack = font_stack(FontRole.BODY, tmp_path)
    assert stack.index(licensed_family(FontRole.BODY)) < stack.index("Noto Serif CJK SC")
    stylesheet = print_stylesheet(RenderOptions(fonts_dir=str(tmp_path)))
    assert f'"{licensed_family(FontRole.BODY)}", "仿宋_GB2312"' in stylesheet


def test_latin_letters_and_digits_come_first_from_a_face_limited_to_ascii():
    css = font_face_css(None)
    assert css.count(f"font-family: {LATIN_FAMILY}") == 2  # regular and bold
    assert "unicode-range: U+0020-007E" in css
    assert 'local("Times New Roman")' in css and 'local("Liberation Serif")' in css
    for role in (FontRole.BODY, FontRole.TITLE, FontRole.HEADING1, FontRole.HEADING2):
        assert font_stack(role)[0] == LATIN_FAMILY


def test_the_stand_in_stacks_follow_the_house_fonts():
    assert font_stack(FontRole.BODY)[1:] == [
        "仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "Noto Serif CJK SC",
    ]  # fmt: skip
    assert font_stack(FontRole.HEADING1)[-1] == "Noto Sans CJK SC"
    assert "AR PL KaitiM GB" in font_stack(FontRole.HEADING2)


@needs_fontconfig
def test_the_report_names_the_stand_in_that_prints_each_role_here():
    report = {status.role: status for status in font_report(None)}
    assert set(report) == set(FontRole)
    body = report[FontRole.BODY]
    assert body.wanted == "仿宋_GB2312"
    if body.used == "Noto Serif CJK SC":  # the Debian stand-in, not an installed original
        assert body.is_stand_in and body.path is not None
        assert body.wants_slim_copy  # none was passed
        # the title's stand-in prints bold: the report names the bold file
        assert "Bold" in report[FontRole.TITLE].path.name
    assert not report[FontRole.LATIN].wants_slim_copy


@needs_fontconfig
def test_the_report_counts_a_licensed_file_as_the_real_font(tmp_path):
    drop_fonts(tmp_path, "simkai.ttf")
    kai = next(s for s in font_report(tmp_path) if s.role is FontRole.HEADING2)
    assert not kai.is_stand_in
    assert kai.path == tmp_path / "simkai.ttf"


def test_missing_stand_ins_are_listed_for_the_system_check(monkeypatch):
    monkeypatch.setattr(probe, "installed_families", lambda: {"noto serif cjk sc"})
    assert missing_cjk_fonts() == ["Noto Sans CJK SC", "LXGW WenKai"]
    monkeypatch.setattr(
        probe,
        "installed_families",
        lambda: {"noto serif cjk sc", "noto sans cjk sc", "lxgw wenkai"},
    )
    assert missing_cjk_fonts() == []


def test_harfbuzz_subsetting_is_reported_from_the_shared_library(monkeypatch):
    monkeypatch.setattr(probe.ctypes.util, "find_library", lambda name: None)
    assert harfbuzz_subset_available() is False
    monkeypatch.setattr(probe.ctypes.util, "find_library", lambda name: f"lib{name}.so.0")
    assert harfbuzz_subset_available() is True


def only_fonts(monkeypatch, tmp_path, folder: str) -> None:
    """Make fontconfig see the fonts of one folder only, with the system's alias rules."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        '<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>'
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


@needs_fontconfig
@needs_liberation
def test_times_new_roman_resolves_to_its_metric_twin_liberation_serif(monkeypatch, tmp_path):
    only_fonts(monkeypatch, tmp_path, str(Path(LIBERATION_SERIF).parent))
    assert latin_metric_face() == "Liberation Serif"


@needs_fontconfig
@needs_dejavu
def test_a_machine_with_only_dejavu_has_no_times_metrics(monkeypatch, tmp_path):
    only_fonts(monkeypatch, tmp_path, str(Path(DEJAVU_SERIF).parent))
    assert latin_metric_face() is None
