"""Every one-line name (a template's, a draft's title, speaker and meeting, an office, a
variable, an API key) refuses line breaks, tabs and control characters with a message in
Chinese, and nothing is stored (drafts.validators.refuse_line_breaks)."""

import pytest
from django.urls import reverse

from speechapp.core.outline import speech_sections
from speechapp.drafts.models import ApiToken, OfficeAssignment, Variable
from speechapp.speech_templates import template_writes

pytestmark = pytest.mark.django_db

MESSAGE = "只能写成一行"
BREAKS = ["财政局\n=HYPERLINK(1)", "财政局\r统计局", "财政\t局", "财政\u2028局"]


@pytest.mark.parametrize("name", BREAKS)
def test_a_template_name(logged_in, user, name):
    template = template_writes.template_create(
        owner=user, name="工作会", source_text="讲话\n增长×%。\n"
    )
    response = logged_in.post(reverse("template_rename", args=[template.pk]), {"name": name})
    assert MESSAGE in response.content.decode()
    template.refresh_from_db()
    assert template.name == "工作会"


@pytest.mark.parametrize("field", ["title", "speaker", "meeting"])
def test_a_draft_title_speaker_or_meeting(logged_in, draft, field):
    data = {"title": draft.name, "speaker": "", "meeting": "", "page_numbers": "outside"}
    data[field] = "张三\n李四"
    response = logged_in.post(reverse("draft_details", args=[draft.pk]), data)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    draft.refresh_from_db()
    assert "\n" not in getattr(draft, field)


def test_an_office_name(logged_in, draft):
    section = speech_sections(draft.speech)[1]
    response = logged_in.post(
        reverse("offices_save", args=[draft.pk]), {f"section-{section.key}": "财政局\n统计局"}
    )
    assert MESSAGE in response.content.decode()
    assert not OfficeAssignment.objects.exists()


def test_a_variable_name(logged_in, draft):
    response = logged_in.post(
        reverse("variable_create", args=[draft.pk]), {"name": "区\n名"}, follow=True
    )
    assert MESSAGE in response.content.decode()
    assert not Variable.objects.exists()


def test_an_api_key_name(logged_in):
    response = logged_in.post(reverse("api_token_create"), {"name": "统计\r系统"}, follow=True)
    assert MESSAGE in response.content.decode()
    assert not ApiToken.objects.exists()
