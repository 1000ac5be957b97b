"""The 字体 page, `manage.py prepare_fonts` and the system check for the slim font copies.

A small Latin font stands in for a CJK stand-in, so making a copy takes milliseconds; the real
GB 2312 copies are made by `make test` before the suite runs (see the last test)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from speechapp.core.rendering.fonts import FontRole
from speechapp.core.rendering.slim import load_slim_fonts
from speechapp.drafts import checks
from tests.system import LIBERATION_SERIF, needs_liberation

SMALL_FONT = Path(LIBERATION_SERIF)
pytestmark = needs_liberation


@pytest.fixture
def slim_dir(settings, tmp_path):
    settings.SPEECHAPP_SLIM_FONTS_DIR = str(tmp_path / "slim")
    return tmp_path / "slim"


def prepare_fonts() -> str:
    out = io.StringIO()
    call_command("prepare_fonts", stdout=out)
    return out.getvalue()


def test_prepare_fonts_makes_the_copies_once(slim_dir, small_sources):
    first = prepare_fonts()
    assert "made SpeechStandIn-body (body, page_number)" in first
    assert "up to date" in prepare_fonts()
    assert load_slim_fonts(slim_dir)[FontRole.PAGE_NUMBER].path == slim_dir / "body.ttf"


def test_the_system_check_warns_until_the_copies_are_made(slim_dir, small_sources):
    def warnings():
        return [w for w in checks.pdf_dependencies(None) if w.id == "speechapp.W003"]

    [warning] = warnings()
    assert "SpeechStandIn-body" in warning.msg and warning.hint == "python manage.py prepare_fonts"
    prepare_fonts()
    assert warnings() == []


@pytest.mark.django_db
def test_the_fonts_page_says_which_roles_use_a_slim_copy(logged_in, slim_dir, small_sources):
    url = reverse("fonts")
    html = logged_in.get(url).content.decode()
    assert "替代字体还没有精简副本" in html and "python manage.py prepare_fonts" in html
    assert "常用字用精简副本" not in html
    prepare_fonts()
    html = logged_in.get(url).content.decode()
    # body and page numbers use the copy; the other stand-ins have none, so the hint stays
    assert html.count("常用字用精简副本") == 2
    assert "替代字体还没有精简副本" in html


@pytest.mark.django_db
def test_the_hint_goes_once_every_chinese_stand_in_has_its_copy(logged_in, settings):
    """On a machine set up by `make test` every Chinese role has a copy; the Latin stand-in
    (Liberation Serif, small already) needs none."""
    html = logged_in.get(reverse("fonts")).content.decode()
    assert html.count("常用字用精简副本") == 5
    assert "替代字体还没有精简副本" not in html


@pytest.mark.django_db
def test_the_fonts_page_lists_every_role_and_the_licensed_folder(logged_in, settings, tmp_path):
    settings.SPEECHAPP_FONTS_DIR = str(tmp_path / "licensed")
    html = logged_in.get(reverse("fonts")).content.decode()
    for label in ("正文、三级和四级标题", "一级标题（一、）", "页码", "西文字母和数字"):
        assert label in html
    for wanted in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"):
        assert wanted in html
    assert str(tmp_path / "licensed") in html


def test_the_slim_copies_the_app_prints_with_are_prepared(slim_fonts):
    """The tests' fixture runs `manage.py prepare_fonts`, as `make run` does: the copies are
    there for every role the PDF prints."""
    faces = load_slim_fonts(slim_fonts)
    assert {FontRole.BODY, FontRole.TITLE, FontRole.HEADING1, FontRole.HEADING2} <= set(faces)
