"""Every way a value is written prints what the blank's rule says: "５．２％" typed into a
percentage blank prints as 5.2 in the speech, whichever path wrote it."""

import pytest
from django.urls import reverse

from speechapp.drafts.models import Variable

pytestmark = pytest.mark.django_db

TYPED = "５．２％"


def preview(client, draft) -> str:
    return client.get(reverse("preview_fragment", args=[draft.pk])).content.decode()


def printed(client, draft, slot_id: str) -> str:
    """The text the preview prints in place of ``slot_id``."""
    html = preview(client, draft)
    start = html.index(f'data-slot="{slot_id}"')
    return html[html.index(">", start) + 1 : html.index("<", start)]


def test_autosave(logged_in, draft):
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": TYPED})
    assert printed(logged_in, draft, "s009") == "5.2"


def test_full_page_save(logged_in, draft):
    url = reverse("draft_fill", args=[draft.pk]) + "?slot=s009"
    assert logged_in.post(url, {"s009": TYPED}).status_code == 302
    assert printed(logged_in, draft, "s009") == "5.2"


def test_variable_value(logged_in, draft):
    logged_in.post(
        reverse("variable_create", args=[draft.pk]), {"name": "增速", "slot_ids": "s009"}
    )
    variable = Variable.objects.get(draft=draft)
    logged_in.post(reverse("variable_set", args=[draft.pk, variable.pk]), {"raw": TYPED})
    assert printed(logged_in, draft, "s009") == "5.2"


def test_linking_to_a_variable(logged_in, draft):
    logged_in.post(reverse("variable_create", args=[draft.pk]), {"name": "增速", "slot_ids": ""})
    variable = Variable.objects.get(draft=draft)
    logged_in.post(reverse("variable_set", args=[draft.pk, variable.pk]), {"raw": TYPED})
    logged_in.post(reverse("slot_link", args=[draft.pk, "s009"]), {"variable": variable.pk})
    assert printed(logged_in, draft, "s009") == "5.2"


def test_switching_to_words_and_back(logged_in, draft):
    as_text = reverse("slot_as_text", args=[draft.pk, "s009"])
    logged_in.post(as_text, {"s009": TYPED, "as_text": "1"}, HTTP_HX_REQUEST="true")
    assert printed(logged_in, draft, "s009") == TYPED  # words print as typed
    logged_in.post(as_text, {"as_text": "0"}, HTTP_HX_REQUEST="true")
    assert printed(logged_in, draft, "s009") == "5.2"


def test_switching_to_words_without_javascript_saves_the_rest_checked(logged_in, draft):
    as_text = reverse("slot_as_text", args=[draft.pk, "s060"])
    logged_in.post(as_text, {"s060": "中信重工", "s009": TYPED, "as_text": "1"})
    assert printed(logged_in, draft, "s009") == "5.2"
    assert printed(logged_in, draft, "s060") == "中信重工"


def test_group_fill_writes_the_checked_value(logged_in, draft):
    # name groups hold names only, so the group's own check is the name rule: stripped text
    logged_in.post(reverse("slot_save", args=[draft.pk, "s028"]), {"s028": " 涧西 "})
    logged_in.post(reverse("group_apply", args=[draft.pk, "s028"]))
    assert printed(logged_in, draft, "s107") == "涧西"


def test_the_group_offer_counts_the_blanks_the_fill_writes(logged_in, draft):
    # s107 holds text that does not fit: neither offered nor overwritten
    logged_in.post(reverse("slot_save", args=[draft.pk, "s107"]), {"s107": "×x"})
    html = logged_in.post(reverse("slot_save", args=[draft.pk, "s028"]), {"s028": "涧西"})
    assert "也填入其他" not in html.content.decode()
    response = logged_in.post(reverse("group_apply", args=[draft.pk, "s028"]), follow=True)
    assert "已填入另外 0 个空" in response.content.decode()
    # once it is cleared, the offer and the fill both count it
    logged_in.post(reverse("slot_save", args=[draft.pk, "s107"]), {"s107": ""})
    html = logged_in.post(reverse("slot_save", args=[draft.pk, "s028"]), {"s028": "涧西"})
    assert "也填入其他 1 个“×区”空" in html.content.decode()
    response = logged_in.post(reverse("group_apply", args=[draft.pk, "s028"]), follow=True)
    assert "已填入另外 1 个空" in response.content.decode()
    assert printed(logged_in, draft, "s107") == "涧西"
