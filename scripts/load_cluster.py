"""`make load LOAD_TARGET=cluster` (scripts/load.py --target cluster): the writers through nginx
in front of the loopback cluster (scripts/cluster.py: PostgreSQL, Redis, two app servers of
role web, two render workers), and half-way a ``kill -9`` of one app server and one worker.

The writers autosave and preview as in the single-server run; a writer who stops to read
(--pause-share) then downloads the finished PDF. Every download says which app server answered
(X-Served-By) and whether the file was in the shared cache (X-Render-Cache). A download "after
a pre-render" is one for which the background pre-render of the draft began after the writer's
last acknowledged save and ended before the click (from the task rows): each such one must be
a cache hit, whichever server answers. Goals (exit status 1 when one is missed): no request
failed outside the failover window (the kill and FAILOVER_S after it), no acknowledged save
lost, every download after a pre-render a cache hit, and hits served by the surviving app
server after the kill.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from cluster import Cluster, manage, postgres_database
from load_clients import PASSWORD, client_loop
from load_kit import Tally, check_saves, percentile

FAILOVER_S = 2.0  # after the kill: requests nginx had sent to the dead server fail
PG_LOAD_DATABASE = "speechapp_load"

# Each pre-render that rendered: its draft, when it started and when it finished (wall time).
READ_PRERENDERS = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path__endswith="prerender_draft", status="SUCCESSFUL")
print(json.dumps([[r.args_kwargs["args"][0], r.started_at.timestamp(), r.finished_at.timestamp()]
                  for r in rows if r.return_value == "rendered"]))
"""


def after_prerender(download: dict, prerenders: list[list]) -> bool:
    """Whether a pre-render of the download's draft read the draft after the writer's last
    acknowledged save and was done before the click."""
    return any(
        draft == download["draft"] and started > download["last_ack"] and ended < download["wall"]
        for draft, started, ended in prerenders
    )


def downloads_by_server(downloads: list[dict], prerenders: list[list], killed: float | None):
    """Downloads counted by (server, X-Render-Cache), and those after a pre-render: how many,
    how many hits, and the hits by each server after the kill."""
    table = Counter((d["server"] or "-", d["cache"] or str(d["status"])) for d in downloads)
    after = [d for d in downloads if d["status"] == 200 and after_prerender(d, prerenders)]
    hits_after_kill = Counter(
        d["server"]
        for d in after
        if d["cache"] == "hit" and killed is not None and d["at"] > killed + FAILOVER_S
    )
    return {
        "table": {f"{server} {cache}": n for (server, cache), n in sorted(table.items())},
        "after_prerender": len(after),
        "after_prerender_hits": sum(d["cache"] == "hit" for d in after),
        "hits_after_kill": dict(hits_after_kill),
    }


def run_cluster(args, setup_code: str, read_values: str) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="speechapp-load-cluster-"))
    print(f"== cluster: setting up in {folder}", flush=True)
    cluster = Cluster(folder, postgres_database(PG_LOAD_DATABASE, fresh=True))
    env = cluster.env_of("setup", "worker")
    manage(env, "load_seed")
    quiet = {**env, "SPEECHAPP_PRERENDER": "0"}  # filling the drafts is not the writers' work
    setup = json.loads(manage(quiet, "shell", "-c", setup_code).strip().splitlines()[-1])
    tally = Tally()
    args.download_after_pause = True
    killed = None
    try:
        cluster.start()
        clock: dict = {}

        def start_clock() -> None:
            clock["started"] = time.monotonic()
            clock["deadline"] = clock["started"] + args.seconds

        clock["ready"] = threading.Barrier(args.clients + 1, action=start_clock)
        counters: Counter = Counter()
        threads = [
            threading.Thread(
                target=client_loop, args=(n, cluster, setup, tally, clock, args, counters)
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        clock["ready"].wait()
        if not args.no_kill:
            time.sleep(max(0.0, clock["started"] + args.seconds / 2 - time.monotonic()))
            killed = time.monotonic()
            cluster.apps[0].kill9()
            cluster.workers[0].kill9()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - clock["started"]
    finally:
        cluster.stop()
    read = read_values.format(drafts=setup["drafts"])
    rows = json.loads(manage(env, "shell", "-c", read).strip().splitlines()[-1])
    stored = {(draft, slot): raw for draft, slot, raw in rows}
    prerenders = json.loads(manage(env, "shell", "-c", READ_PRERENDERS).strip().splitlines()[-1])
    window = killed and (killed, killed + FAILOVER_S)
    errors = tally.errors(window)
    saves = check_saves(tally.acknowledged, stored)
    return {
        "folder": folder,
        "elapsed_s": elapsed,
        "killed_at_s": killed and killed - clock["started"],
        "killed": killed and f"{cluster.apps[0].name}, {cluster.workers[0].name}",
        "requests": tally.requests,
        "by_kind": {kind: len(spans) for kind, spans in tally.spans.items()},
        "errors": dict(errors),
        "errors_in_service": sum(n for what, n in errors.items() if "in service" in what),
        "latency": {
            kind: (percentile(times, 0.5), percentile(times, 0.95))
            for kind, spans in tally.spans.items()
            if (times := [end - start for start, end in spans])
        },
        "downloads": downloads_by_server(tally.downloads, prerenders, killed),
        "prerenders": len(prerenders),
        "acknowledged_saves": sum(len(s) for s in tally.acknowledged.values()),
        "saves": dict(saves),
        "lost_or_older": saves["lost"] + saves["older"],
    }


def cluster_report(result: dict, clients: int) -> str:
    ms = lambda s: "-" if s is None else f"{s * 1000:.0f}"  # noqa: E731
    lines = [f"== cluster (nginx, 2 app servers, 2 render workers, PostgreSQL, Redis): "
             f"{clients} clients for {result['elapsed_s']:.1f} s"]  # fmt: skip
    if result["killed"]:
        lines.append(f"kill -9 of {result['killed']} at {result['killed_at_s']:.1f} s "
                     f"(failover window {FAILOVER_S:.0f} s)")  # fmt: skip
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(result["by_kind"].items()))
    lines.append(
        f"requests {result['requests']} ({kinds}); errors {sum(result['errors'].values())}"
    )
    for what, n in sorted(result["errors"].items()):
        lines.append(f"  {n:6d}  {what}")
    for kind, (p50, p95) in sorted(result["latency"].items()):
        lines.append(f"latency {kind:13s} p50 {ms(p50):>6s} ms   p95 {ms(p95):>6s} ms")
    d = result["downloads"]
    lines.append("downloads by server and X-Render-Cache: "
                 + (", ".join(f"{k} {n}" for k, n in d["table"].items()) or "none"))  # fmt: skip
    lines.append(f"downloads after a pre-render ({result['prerenders']} pre-renders): "
                 f"{d['after_prerender']}, cache hits {d['after_prerender_hits']}; hits after "
                 f"the kill by server: {d['hits_after_kill']}")  # fmt: skip
    saves = result["saves"]
    lines.append(
        f"acknowledged saves {result['acknowledged_saves']}; last value stored "
        f"{saves.get('ok', 0)}, a later one {saves.get('later', 0)}; LOST "
        f"{saves.get('lost', 0)}, OVERWRITTEN BY OLDER {saves.get('older', 0)}"
    )
    return "\n".join(lines)


def cluster_goals(result: dict) -> list[tuple[str, str, bool]]:
    d = result["downloads"]
    errors, lost = result["errors_in_service"], result["lost_or_older"]
    checks = [
        ("requests failed outside the failover window", f"{errors} (goal 0)", not errors),
        ("acknowledged saves lost or overwritten by older", f"{lost} (goal 0)", not lost),
        (
            "downloads after a pre-render served from the shared cache",
            f"{d['after_prerender_hits']} of {d['after_prerender']}",
            d["after_prerender"] > 0 and d["after_prerender_hits"] == d["after_prerender"],
        ),
    ]
    if result["killed"]:
        survivor_hits = sum(d["hits_after_kill"].values())
        checks.append(("cache hits served after the kill", str(d["hits_after_kill"]),
                       survivor_hits > 0 and "app1" not in d["hits_after_kill"]))  # fmt: skip
    return checks


__all__ = ["PASSWORD", "cluster_goals", "cluster_report", "run_cluster"]
