"""What a template is called when its import named it nothing."""

import pytest

from speechapp.drafts.models import SlotValue
from speechapp.speech_templates import template_writes as template_services

pytestmark = pytest.mark.django_db


def saved(draft) -> dict[str, tuple[str, str]]:
    return {r.slot_id: (r.raw, r.value) for r in SlotValue.objects.filter(draft=draft)}


def test_a_template_without_a_name_is_called_by_its_title_line(user):
    text = "\n\n  在全区工作会上的讲话  \n同志们：\n增长×%。"
    template = template_services.template_create(owner=user, name=" ", source_text=text)
    assert (template.name, template.slot_count) == ("在全区工作会上的讲话", 1)


def test_the_seed_is_named_by_its_title_line(seed_template):
    assert seed_template.name == "在2024年全区重点任务部署会上的讲话"
