"""Chinese numerals typed on the fill page print in digits, and the writer is told so."""

import json

import pytest
from django.urls import reverse

from speechapp.filling.stored import draft_values

pytestmark = pytest.mark.django_db


def autosave(client, draft, slot_id, raw):
    return client.post(reverse("slot_save", args=[draft.pk, slot_id]), {slot_id: raw})


def test_chinese_numerals_are_saved_in_digits_with_a_notice(logged_in, draft):
    response = autosave(logged_in, draft, "s009", "百分之五点二")
    assert json.loads(response["HX-Trigger"])["slotSaved"]["ok"] is True
    assert "已按“5.2”填写" in response.content.decode()
    autosave(logged_in, draft, "s082", "一")  # a month
    assert draft_values(draft) == {"s009": "5.2", "s082": "1"}


def test_a_fall_in_a_growth_blank_is_saved_and_the_usual_wording_suggested(logged_in, draft):
    response = autosave(logged_in, draft, "s009", "-1.5")
    assert json.loads(response["HX-Trigger"])["slotSaved"]["ok"] is True  # never blocks
    assert "将印为“同比增长-1.5%”；通常写作“同比下降1.5%”" in response.content.decode()
    assert draft_values(draft)["s009"] == "-1.5"
    # The full page shows the same suggestion beside the field.
    html = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?slot=s009").content.decode()
    assert "通常写作“同比下降1.5%”" in html
