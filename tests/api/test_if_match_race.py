"""If-Match holds under real concurrency: of eight PUTs sent at once with one ETag, exactly
one is written and the others answer 412, on SQLite and on PostgreSQL alike."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from speechapp.api import tokens
from speechapp.filling.stored import stored_values

WRITERS = 8
ROUNDS = 5


def put_all_at_once(draft, key: str, etag: str) -> list[tuple[int, str]]:
    barrier = threading.Barrier(WRITERS)
    answers: list[tuple[int, str]] = []

    def writer(n: int) -> None:
        client = Client()
        body = json.dumps({"s009": f"{n + 1}.5"})
        barrier.wait()
        try:
            response = client.put(
                reverse("api_draft_values", args=[draft.pk]),
                body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {key}", "If-Match": etag},
            )
            answers.append((response.status_code, f"{n + 1}.5"))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
def test_one_etag_lets_exactly_one_of_eight_parallel_puts_through(client, user, draft):
    key = tokens.api_token_create(user=user, name="统计系统")[1]
    auth = {"Authorization": f"Bearer {key}"}
    for _ in range(ROUNDS):
        etag = client.get(reverse("api_draft_values", args=[draft.pk]), headers=auth)["ETag"]
        answers = put_all_at_once(draft, key, etag)
        statuses = sorted(status for status, _ in answers)
        assert statuses == [200] + [412] * (WRITERS - 1), statuses
        (written,) = [value for status, value in answers if status == 200]
        assert stored_values(draft).raw["s009"] == written
        draft.refresh_from_db()
        assert f'"{draft.revision}"' != etag
