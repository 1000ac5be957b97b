"""A draft on its way through review: its writer, a reviewer it is shared with as 审核, and
helpers that move it on through the pages."""

import pytest
from django.test import Client
from django.urls import reverse

from speechapp.drafts.models import Access, DraftState
from speechapp.filling import lifecycle, saving
from tests.samples import filled_values


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user("kezhang", password="s3cret-pass")


@pytest.fixture
def complete(draft, user, reviewer):
    """The seed draft with every blank filled, shared with ``reviewer`` as 审核."""
    saving.draft_save_values(draft=draft, raw=filled_values(draft.speech), user=user)
    lifecycle.draft_share(draft=draft, user=reviewer, role=Access.REVIEW)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


def move(client, draft, action: str, **data):
    """POST a transition as the page's form does; the page after the redirect."""
    url = (
        reverse("draft_freeze", args=[draft.pk])
        if action == "freeze"
        else reverse("draft_transition", args=[draft.pk, action])
    )
    return client.post(url, data, follow=True)


def state_of(draft) -> str:
    draft.refresh_from_db()
    return draft.state


@pytest.fixture
def frozen(complete, logged_in, reviewer, reviewer_client):
    """The complete draft sent, approved and frozen through the pages."""
    move(logged_in, complete, "submit", reviewer=reviewer.pk, message="请审核")
    move(reviewer_client, complete, "approve", message="同意")
    page = move(logged_in, complete, "freeze")
    assert state_of(complete) == DraftState.FINAL, page.content.decode()[:3000]
    return complete
