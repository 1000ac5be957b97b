"""The character count and speaking time on the fill and download pages, at the writer's pace."""

import re

import pytest
from django.urls import reverse

from speechapp.core.length import char_count, spoken_text
from speechapp.drafts.models import WriterSettings

pytestmark = pytest.mark.django_db


def length_of(html: str) -> tuple[int, int]:
    found = re.search(r"共 (\d+) 字，念完约 (\d+) 分钟", html)
    assert found, "no speaking time on the page"
    return int(found.group(1)), int(found.group(2))


def test_fill_and_download_pages_show_count_and_time_at_220_a_minute(logged_in, draft):
    chars = char_count(spoken_text(draft.speech, {}))
    for name in ("draft_fill", "draft_download"):
        html = logged_in.get(reverse(name, args=[draft.pk])).content.decode()
        assert length_of(html) == (chars, round(chars / 220))
        assert "按每分钟 220 字" in html


def test_the_count_follows_a_save(logged_in, draft):
    url = reverse("fill_summary", args=[draft.pk])
    before, _ = length_of(logged_in.get(url).content.decode())
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "12.5"})
    after, _ = length_of(logged_in.get(url).content.decode())
    assert after == before + 3


def test_a_writer_sets_their_own_pace_and_comes_back(logged_in, draft, user):
    fill = reverse("draft_fill", args=[draft.pk])
    settings_url = reverse("writer_settings")
    response = logged_in.post(settings_url, {"chars_per_minute": "150", "next": fill})
    assert response.status_code == 302 and response.url == fill
    assert WriterSettings.objects.get(user=user).chars_per_minute == 150
    html = logged_in.get(fill).content.decode()
    chars, minutes = length_of(html)
    assert minutes == round(chars / 150) and "按每分钟 150 字" in html


def test_a_pace_out_of_range_is_refused_beside_the_field(logged_in, user):
    response = logged_in.post(reverse("writer_settings"), {"chars_per_minute": "5"})
    assert response.status_code == 200
    assert "100" in response.content.decode()  # the lower bound, in the field's error
    assert not WriterSettings.objects.filter(user=user, chars_per_minute=5).exists()


def test_the_way_back_never_leaves_the_site(logged_in):
    response = logged_in.post(
        reverse("writer_settings"), {"chars_per_minute": "200", "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_the_service_keeps_the_pace_within_its_bounds(user):
    from django.core.exceptions import ValidationError

    from speechapp.filling import lifecycle

    lifecycle.writer_settings_update(user=user, chars_per_minute=180)
    lifecycle.writer_settings_update(user=user, chars_per_minute=200)  # updates, never a 2nd row
    assert list(WriterSettings.objects.values_list("chars_per_minute", flat=True)) == [200]
    with pytest.raises(ValidationError):
        lifecycle.writer_settings_update(user=user, chars_per_minute=1000)
    assert WriterSettings.objects.get(user=user).chars_per_minute == 200


def test_the_settings_page_shows_the_pace_in_use_and_writes_nothing(logged_in, user):
    html = logged_in.get(reverse("writer_settings")).content.decode()
    assert 'value="220"' in html
    assert not WriterSettings.objects.exists()
