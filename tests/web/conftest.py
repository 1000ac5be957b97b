import pytest
from django.core.management import call_command

from speechapp.drafts.models import SpeechTemplate
from speechapp.drafts.services import draft_start


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("writer", password="s3cret-pass")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user("other", password="s3cret-pass")


@pytest.fixture
def seed_template(db) -> SpeechTemplate:
    call_command("load_seed", verbosity=0)
    return SpeechTemplate.objects.get(owner=None)


@pytest.fixture
def draft(user, seed_template):
    return draft_start(owner=user, template=seed_template)


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def filled_values(speech) -> dict[str, str]:
    """A plausible value for every slot of a speech, by kind."""
    by_kind = {
        "percent": "5.2",
        "points": "1.3",
        "amount": "12.5",
        "count": "8",
        "measure": "36",
        "rank": "3",
        "month": "6",
        "year": "2024",
        "ratio": "4",
        "name": "东城",
    }
    return {slot.id: by_kind[str(slot.kind)] for slot in speech.slots}
