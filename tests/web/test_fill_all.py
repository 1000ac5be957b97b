"""All sections at once: the parts (一、) stay above their (一) lists, the outline jumps in place."""

import re

import pytest
from django.urls import reverse

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
