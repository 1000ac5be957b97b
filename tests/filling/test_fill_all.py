"""All sections at once: the parts (一、) stay above their (一) lists, the outline jumps in place."""

import re

import pytest
from django.forms.renderers import DjangoTemplates
from django.urls import reverse

from speechapp.drafts.models import Access
from speechapp.filling import lifecycle
from speechapp.filling.forms import SLOT_INPUT_RENDERER, SlotsForm

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[str]:
    return re.findall(r'<h[34] class="h6[^"]*" id="sec-\d+">([^<]+)</h[34]>', html)


def test_all_sections_keep_each_part_heading_above_its_sections(logged_in, draft):
    html = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?section=all").content.decode()
    found = headings(html)
    part_one, part_two = "一、肯定成绩、坚定必胜信心", "二、苦干实干、务求决战决胜"
    assert found.count(part_one) == 1 and found.count(part_two) == 1
    # Each part comes before its own （一） and after the previous part's sections.
    one = found.index(part_one)
    assert found[one + 1] == "（一）经济运行在逆境中出谷转正"
    two = found.index(part_two)
    assert found[two + 1] == "（一）牢牢把握稳中求进这个总基调"
    assert "（五）民生福祉在发展中增加新获得" in found[one:two]


def test_in_all_sections_mode_the_outline_links_jump_within_the_page(logged_in, draft):
    url = reverse("draft_fill", args=[draft.pk])
    html = logged_in.get(url + "?section=all").content.decode()
    outline = html[html.index('class="list-unstyled outline-list"') :]
    outline = outline[: outline.index("</ul>")]
    targets = re.findall(r'href="#sec-(\d+)"', outline)
    assert len(targets) > 10
    # The only link that leaves the mode is the way back to one section at a time.
    assert re.findall(r'href="\?section=[^"]*">([^<]+)<', outline) == ["回到逐节填写"]
    for key in targets:  # every jump lands on a heading of this page
        assert f'id="sec-{key}"' in html
    # One section at a time: the outline opens that section.
    html = logged_in.get(url + "?section=5").content.decode()
    assert 'href="?section=7"' in html and 'href="#sec-7"' not in html


def test_the_fill_page_inputs_are_the_markup_djangos_widget_templates_write(
    logged_in, draft, monkeypatch, client, other_user
):
    """The fill page writes its inputs in Python (forms.SlotInputRenderer) for speed: the page
    must be byte for byte the page Django's own widget templates give, errors and quotes too."""
    url = reverse("draft_fill", args=[draft.pk]) + "?section=all"
    # A value with quotes and brackets, one refused value (an error beside it), a name.
    logged_in.post(url, {"s001": '<b>"东城"</b>', "s009": "五点二点", "s002": "5.2"})
    fast = logged_in.get(url).content.decode()
    assert 'value="&lt;b&gt;&quot;东城&quot;&lt;/b&gt;"' in fast
    monkeypatch.setattr(SlotsForm, "default_renderer", DjangoTemplates())
    slow = logged_in.get(url).content.decode()
    assert 'aria-invalid="true" id="field-s009"' in fast  # the refused value
    token = re.compile(r"\b[A-Za-z0-9]{64}\b")  # the CSRF token, masked anew each page
    assert token.sub("", fast) == token.sub("", slow)
    assert fast.count('<input type="text" name="s') == len(draft.speech.slots)

    # A reader's page: every input disabled (a boolean attribute).
    lifecycle.draft_share(draft=draft, user=other_user, role=Access.READ)
    client.force_login(other_user)
    slow = client.get(url).content.decode()
    monkeypatch.setattr(SlotsForm, "default_renderer", SLOT_INPUT_RENDERER)
    fast = client.get(url).content.decode()
    assert fast.count(" disabled ") >= len(draft.speech.slots)
    assert token.sub("", fast) == token.sub("", slow)
