"""The offices of `make load` (scripts/load.py): fifty 责任单位 filling their figures through
their private links (issue 19) beside the writers, each on its own page, autosaving one blank
after another with ever larger numbers, 备注 included; then every acknowledged value is looked
up in the database."""

from __future__ import annotations

import http.client
import random
import time
from collections import Counter

from load_kit import Tally
from load_processes import Client

OFFICES_PER_DRAFT = 10

# Run by `manage.py shell` after the writers' drafts exist: rounds on the first drafts, their
# counting blanks shared among OFFICES_PER_DRAFT offices each; prints each link's key and blanks.
SETUP_OFFICES = """
import json
from datetime import timedelta
from django.utils import timezone
from speechapp.collection.offices import office_assign
from speechapp.collection.rounds import link_key, office_slot_ids, round_start
from speechapp.drafts.models import Draft
drafts = Draft.objects.filter(pk__in={drafts!r}).order_by("pk")
links = []
for draft in drafts[: -(-{offices} // {per_draft})]:
    names = [f"负载测试单位{{draft.pk}}-{{i:02d}}" for i in range({per_draft})]
    slots = [s.id for s in draft.speech.slots if str(s.kind) in {kinds!r}]
    office_assign(draft=draft, by_section={{}},
                  by_slot={{slot: names[i % len(names)] for i, slot in enumerate(slots)}})
    round_ = round_start(draft=draft, user=draft.owner, offices=names,
                         deadline=timezone.now() + timedelta(days=2))
    for link in round_.links.order_by("pk"):
        links.append({{"id": link.pk, "key": link_key(link), "slots": office_slot_ids(link)}})
print(json.dumps(links[:{offices}]))
"""

READ_OFFICE_VALUES = """
import json
from speechapp.drafts.models import OfficeValue
rows = OfficeValue.objects.filter(link_id__in={links!r}).values_list("link_id", "slot_id", "raw")
print(json.dumps([list(row) for row in rows]))
"""


def office_loop(n, port, link, tally: Tally, clock, think_s: float) -> None:
    """One office: opens its page (the CSRF cookie), then autosaves its blanks with ever larger
    numbers and a 备注 until the deadline. Acknowledged saves are kept under ("office", link
    id, blank)."""
    rng = random.Random(10_000 + n)
    client = Client(port)
    opened = False
    counters: Counter = Counter()
    clock["ready"].wait()
    deadline = clock["deadline"]
    time.sleep(rng.uniform(0, think_s))
    while time.monotonic() < deadline:
        started = time.monotonic()
        kind = "office page"
        try:
            if not opened:
                status, _, _ = client.request("GET", f"/o/{link['key']}/")
                opened = status == 200
            else:
                kind = "office autosave"
                slot = rng.choice(link["slots"])
                counters[slot] += 1
                value = counters[slot]
                status, _, _ = client.request(
                    "POST",
                    f"/o/{link['key']}/slots/{slot}/",
                    {f"value-{slot}": str(value), f"note-{slot}": "快报数", f"source-{slot}": ""},
                    headers={"HX-Request": "true"},
                )
                if status == 200:
                    with tally.lock:
                        tally.acknowledged[("office", link["id"], slot)].append(
                            (time.monotonic(), value)
                        )
            if status == 200:
                tally.count(kind, started, time.monotonic())
            else:
                tally.error(f"{kind} HTTP {status}", started, time.monotonic())
        except (OSError, http.client.HTTPException) as exc:
            tally.error(f"{kind} {type(exc).__name__}", started, time.monotonic())
            time.sleep(0.2)
        time.sleep(rng.uniform(0, think_s))


def office_saves(tally: Tally) -> dict:
    """The offices' acknowledged saves, apart from the writers'."""
    return {k: v for k, v in tally.acknowledged.items() if k[0] == "office"}
