"""A name blank's rule on the fill page."""

import re

import pytest
from django.urls import reverse

from speechapp.core.values import NAME_MAX_CHARS

pytestmark = pytest.mark.django_db


def test_a_name_blank_takes_no_more_than_its_rule_allows(logged_in, draft):
    html = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?slot=s028").content.decode()
    field = re.search(r'<input[^>]*id="field-s028"[^>]*>', html).group(0)
    assert f'maxlength="{NAME_MAX_CHARS}"' in field and NAME_MAX_CHARS == 40
    number = re.search(r'<input[^>]*id="field-s031"[^>]*>', html).group(0)
    assert "maxlength" not in number  # a figure is checked by its own rule
    # The server says the same, for a post that bypassed the browser.
    url = reverse("slot_save", args=[draft.pk, "s028"])
    assert "最多 40 个字" in logged_in.post(url, {"s028": "区" * 41}).content.decode()
