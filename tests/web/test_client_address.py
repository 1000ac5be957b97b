"""Behind the deployment's proxy (DJANGO_BEHIND_PROXY=1) the client address is the one the
proxy forwards: a login lockout or an office link's rate limit hits the guesser, not everyone
behind the proxy; without a proxy, a forwarded header a client makes up never counts."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def login(client, username, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_one_guesser_does_not_lock_out_everyone(settings, client, user):
    settings.SPEECHAPP_BEHIND_PROXY = True
    for i in range(5):
        login(client, f"guess{i}", "wrong", forwarded="203.0.113.5")
    assert login(client, "nobody", "wrong", forwarded="203.0.113.5").status_code == 429
    # The writer at another desk, through the same proxy, logs in.
    response = login(Client(), "writer", "s3cret-pass", forwarded="198.51.100.7")
    assert response.status_code == 302


def test_a_made_up_forwarded_address_does_not_escape_the_lockout(settings, client, user):
    settings.SPEECHAPP_BEHIND_PROXY = True
    # nginx appends the address it saw; what the client wrote before it is ignored.
    for i in range(5):
        login(client, f"guess{i}", "wrong", forwarded=f"10.9.9.{i}, 203.0.113.5")
    assert login(client, "nobody", "wrong", forwarded="1.1.1.1, 203.0.113.5").status_code == 429


def test_without_a_proxy_a_forwarded_header_never_counts(settings, client, user):
    settings.SPEECHAPP_BEHIND_PROXY = False
    for i in range(5):
        login(client, f"guess{i}", "wrong", forwarded=f"203.0.113.{i}")
    # Every try came from one peer, whatever the header said: that peer is throttled.
    assert login(client, "writer", "s3cret-pass", forwarded="198.51.100.7").status_code == 429


def test_behind_the_proxy_offices_are_counted_by_their_own_address(settings):
    settings.SPEECHAPP_BEHIND_PROXY = True
    settings.SPEECHAPP_OFFICE_RATE_PER_ADDRESS = "2/m"
    url = reverse("office_page", args=["guess" + "0" * 17])

    def get(forwarded):
        return Client().get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("203.0.113.5") for _ in range(3)] == [404, 404, 429]
    assert get("198.51.100.7") == 404  # another office, through the same proxy
