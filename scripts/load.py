"""`make load`: a busy office against gunicorn, on SQLite and on PostgreSQL. A tool, not a test.

For each database: a fresh var folder (and a fresh PostgreSQL database), production settings
(DJANGO_DEBUG=0, a generated secret key), gunicorn with 4 workers of 8 threads on 127.0.0.1
only (a sync worker is held by a download until its file is rendered: ten downloads at once
would stop every autosave) and the background worker beside it (`manage.py render_worker
--interval 0.2`, as production runs them). Every client's draft is complete before the clock
starts (every blank filled through filling.saving.draft_save_values with tests/samples.py's
values), so its edits queue pre-renders as a writer's do. N clients (threads) each log in as
their own user and, until the time is up, autosave random blanks of their draft with ever
larger numbers (about one a second: --think-ms) and load the preview fragment; after 2% of
their requests a writer stops to read for 3.5-6 s (--pause-share), long enough for the
pre-render to start. Twice (at 20% and 35% of the run) 10 PDFs of distinct drafts, uncached
(?copy=1&review=1), are downloaded at once while the writers go on. Half-way through, the
gunicorn master, its workers and their render workers are killed with SIGKILL and gunicorn is
started again; clients retry until it answers.

Measured, with the goals of issue 22 (the exit status is 1 when one is missed):
- autosave p95 while the PDFs of a burst render (goal <= 150 ms) and outside the bursts and the
  restart (goal <= 60 ms);
- pre-render CPU seconds per writer-minute: the CPU time of the background worker's process
  group (the worker and its render processes, from /proc; ended children through their
  parent's cutime/cstime) over the writers' phase, divided by writers x minutes; goal: at most
  half the figure of the code before "Renders wait for the writer" (PRERENDER_CPU_BEFORE,
  measured with this script's --root on that commit);
- no request failed outside the restart window; every acknowledged save kept: each blank's
  value in the database must be the last acknowledged one (a later value, sent but not
  acknowledged at the kill, may be stored: counted, not an error).

Beside the writers, --offices (50) 责任单位 fill their figures through their private links
(scripts/load_offices.py: rounds on the first drafts, ten offices each), autosaving one blank
after another with a 备注; every acknowledged office value must be in the database after the run
(goal: 0 lost), and their requests count in "no request failed".

Then 20 clients download PDFs at once while one 1,958-blank template renders: the time of
each, and the peak memory of the server's processes. When a goal is missed the run's folder
(gunicorn.log, worker.log) is kept and its path printed (--keep keeps it always).

    python scripts/load.py --seconds 20 --clients 30 --offices 50 --db sqlite
    make load LOAD_SECONDS=20 LOAD_CLIENTS=30 LOAD_DB=postgres
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its helper modules, beside it
from load_clients import (  # noqa: E402
    PASSWORD,
    big_burst,
    client_loop,
    download_at_once,
    logged_in_clients,
)
from load_kit import (  # noqa: E402
    Tally,
    autosave_phases,
    check_saves,
    goals,
    log_problems,
    percentile,
    report,
)
from load_offices import (  # noqa: E402
    OFFICES_PER_DRAFT,
    READ_OFFICE_VALUES,
    SETUP_OFFICES,
    office_loop,
    office_saves,
)
from load_processes import (  # noqa: E402
    HOST,
    BackgroundWorker,
    Server,
    machine_busy_seconds,
    own_cpu_seconds,
    wait_until_idle,
)

ROOT = Path(__file__).resolve().parent.parent
# Blanks whose kind takes any whole number: the saved values can simply count up.
COUNTING_KINDS = ("count", "amount", "measure")
BURSTS_AT = (0.20, 0.35)  # when the PDF bursts start, as a share of the run
RESTART_GRACE_S = 5.0  # after gunicorn answers again its new workers warm up: not "quiet"
PG_LOAD_DATABASE = "speechapp_load"  # dropped and made again for every run
# Pre-render CPU seconds per writer-minute of the code before "Renders wait for the writer"
# (commit b93fe7b), measured by this script (--root on a checkout of it, 50 clients, 60 s,
# defaults otherwise). The goal: at most half of it.
PRERENDER_CPU_BEFORE = {"sqlite": None, "postgres": None}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=float(env("LOAD_SECONDS") or 60))
    parser.add_argument("--clients", type=int, default=int(env("LOAD_CLIENTS") or 50))
    parser.add_argument(
        "--db", choices=("sqlite", "postgres", "both"), default=env("LOAD_DB") or "both"
    )
    parser.add_argument(
        "--offices", type=int, default=int(env("LOAD_OFFICES") or 50),
        help="offices filling their figures through their links meanwhile (issue 19)",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--threads",
        type=int,
        default=8,
        help="gunicorn threads per worker (1: sync workers, which a download holds until its "
        "file is rendered)",
    )
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="stop the clients after this many"
    )
    parser.add_argument(
        "--think-ms", type=int, default=2000,
        help="longest pause between a writer's requests (uniform from 0: 1 s on average)",
    )  # fmt: skip
    parser.add_argument(
        "--pause-share", type=float, default=None,
        help="chance after each request that the writer stops to read for 3.5-6 s (and, on the "
        "cluster, then downloads the PDF); default 0.02, on the cluster 0.06",
    )  # fmt: skip
    parser.add_argument(
        "--target", choices=("single", "cluster"), default=env("LOAD_TARGET") or "single",
        help="single: gunicorn and a worker, on --db; cluster: nginx, 2 app servers and 2 "
        "render workers on PostgreSQL and Redis (scripts/cluster.py), kill -9 of one of each",
    )  # fmt: skip
    parser.add_argument(
        "--pdf-share", type=float, default=0.0,
        help="chance per request that a writer downloads its draft copy's PDF",
    )  # fmt: skip
    parser.add_argument(
        "--render-burst", type=int, default=10, help="PDFs downloaded at once, twice, meanwhile"
    )
    parser.add_argument("--burst", type=int, default=20, help="PDFs at once at the end")
    parser.add_argument(
        "--prerender-before", type=float, default=None,
        help="pre-render CPU s per writer-minute of the earlier code (default: the stored one)",
    )  # fmt: skip
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the checkout whose app is run (another commit)"
    )
    parser.add_argument("--no-kill", action="store_true", help="no kill -9 in the middle")
    parser.add_argument("--keep", action="store_true", help="keep the var folder and its logs")
    args = parser.parse_args(argv)
    if args.pause_share is None:
        args.pause_share = 0.06 if args.target == "cluster" else 0.02
    if args.target == "cluster":  # no PDF bursts: the writers' downloads are the point
        args.burst = args.render_burst = 0
    if not 1 <= args.seconds <= 600:
        parser.error("--seconds must be between 1 and 600")
    if not 1 <= args.clients <= 200:
        parser.error("--clients must be between 1 and 200")
    if not 0 <= args.offices <= args.clients * OFFICES_PER_DRAFT:
        parser.error(f"--offices must be between 0 and {OFFICES_PER_DRAFT} per client")
    if not 0 <= args.burst < args.clients or not 0 <= args.render_burst <= args.clients:
        parser.error("--burst must be below --clients, --render-burst at most --clients")
    if min(args.workers, args.threads, args.max_requests) < 1 or args.think_ms < 0:
        parser.error("--workers, --threads, --max-requests must be positive, --think-ms not <0")
    if not (0 <= args.pause_share <= 1 and 0 <= args.pdf_share <= 1 - 0.1):
        parser.error("--pause-share must be between 0 and 1, --pdf-share between 0 and 0.9")
    if not (args.root / "manage.py").is_file():
        parser.error(f"--root {args.root} has no manage.py")
    return args


SETUP = """
import json
from django.contrib.auth import get_user_model
from speechapp.drafts.models import Draft, SpeechTemplate
from speechapp.filling.leftovers import draft_is_complete
from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.speech_templates.template_writes import template_create
from tests.samples import filled_values
users = get_user_model().objects
seed = SpeechTemplate.objects.get(owner=None)
drafts = []
for i in range({clients}):
    user, _ = users.get_or_create(username=f"load{{i:03d}}")
    user.set_password({password!r})
    user.save()
    draft = draft_start(owner=user, template=seed)
    draft_save_values(draft=draft, raw=filled_values(seed.speech), user=user)
    drafts.append(draft.pk)
complete = all(draft_is_complete(d) for d in Draft.objects.filter(pk__in=drafts))
slots = [s.id for s in seed.speech.slots if str(s.kind) in {kinds!r}]
title, body = seed.source_text.split("\\n", 1)
user = users.get(username="load000")
big = template_create(owner=user, name="load: 11x seed", source_text=title + "\\n" + body * 11)
big_draft = draft_start(owner=user, template=big).pk
print(json.dumps({{"drafts": drafts, "slots": slots, "big": big_draft, "complete": complete,
                  "big_blanks": len(big.speech.slots)}}))
"""

READ_VALUES = """
import json
from speechapp.drafts.models import SlotValue
rows = SlotValue.objects.filter(draft_id__in={drafts!r}).values_list("draft_id", "slot_id", "raw")
print(json.dumps([list(row) for row in rows]))
"""

# The background jobs by their end: "rendered", "postponed", "superseded"… or still queued.
READ_JOBS = """
import json
from collections import Counter
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.values_list("status", "return_value")
print(json.dumps(Counter(str(value) if status == "SUCCESSFUL" else status.lower()
                         for status, value in rows)))
"""


def manage(root: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=root, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def fresh_postgres() -> str:
    """The URL of an empty database of the local PostgreSQL (scripts/postgres.sh)."""
    import psycopg

    url = subprocess.run(
        ["bash", "scripts/postgres.sh"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_LOAD_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_LOAD_DATABASE}")
    return url.rsplit("/", 1)[0] + "/" + PG_LOAD_DATABASE


def sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def cpu_now(server: Server, worker: BackgroundWorker) -> dict[str, float]:
    """CPU seconds used so far: by the server's and the worker's process groups, this
    script (its clients), and the whole machine."""
    return {
        "server": server.cpu_seconds(),
        "worker": worker.cpu_seconds(),
        "script": own_cpu_seconds(),
        "machine": machine_busy_seconds(),
    }


def writers_phase(args, server, worker, setup, tally) -> dict:
    """The clients write for ``--seconds``; meanwhile the PDF bursts and the kill -9.

    Returns the bursts' windows and results, the restart window and the worker's CPU time
    over the phase (all times monotonic)."""
    counters: Counter = Counter()
    clock: dict = {}

    def start_clock() -> None:  # run once every client has logged in
        clock["started"] = time.monotonic()
        clock["deadline"] = clock["started"] + args.seconds
        clock["cpu"] = cpu_now(server, worker)

    links = setup["links"]
    clock["ready"] = threading.Barrier(args.clients + len(links) + 1, action=start_clock)
    threads = [
        threading.Thread(target=client_loop, args=(n, server, setup, tally, clock, args, counters))
        for n in range(args.clients)
    ] + [
        threading.Thread(
            target=office_loop, args=(n, server.port, link, tally, clock, args.think_ms / 1000)
        )
        for n, link in enumerate(links)
    ]
    for thread in threads:
        thread.start()
    # Each burst downloads the drafts of its own writers (0-9, then 10-19…): all uncached.
    n = args.render_burst
    burst_users = [[(k * n + i) % args.clients for i in range(n)] for k in range(len(BURSTS_AT))]
    bursters = [logged_in_clients(server.port, users) for users in burst_users] if n else []
    clock["ready"].wait()
    started, deadline = clock["started"], clock["deadline"]
    bursts, restart = [], None
    path = "/drafts/{}/download/pdf/?copy=1&review=1"  # review=1: no pre-render made it
    for at, clients, users in zip(BURSTS_AT, bursters, burst_users, strict=False):
        sleep_until(started + at * args.seconds)
        downloads = [
            (f"pdf{user}", client, path.format(setup["drafts"][user]))
            for client, user in zip(clients, users, strict=True)
        ]
        bursts.append(download_at_once(downloads, tally))
    if not args.no_kill:
        sleep_until(started + args.seconds / 2)
        killed = time.monotonic()
        server_cpu_before_kill = server.cpu_seconds()
        server.kill9()
        server.start()
        restart = (killed, time.monotonic())
    sleep_until(deadline)
    cpu = {k: v - clock["cpu"][k] for k, v in cpu_now(server, worker).items()}
    if restart:  # the first server's time up to the kill, and the second one's since it began
        cpu["server"] += server_cpu_before_kill
    cpu["others"] = cpu.pop("machine") - sum(cpu.values())
    measured_s = time.monotonic() - started
    for thread in threads:
        thread.join()
    return {
        "started": started,
        "elapsed_s": time.monotonic() - started,
        "bursts": bursts,
        "restart": restart,
        "cpu_s": cpu,
        "measured_s": measured_s,
    }


def run(db: str, args: argparse.Namespace) -> dict:
    root = args.root.resolve()
    var = Path(tempfile.mkdtemp(prefix=f"speechapp-load-{db}-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "speechapp.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS is the proxy's job
        "SPEECHAPP_VAR_DIR": str(var),
        # Every office here comes from 127.0.0.1; behind a proxy each has its own address.
        "SPEECHAPP_OFFICE_RATE_PER_ADDRESS": "1000000/m",
        "SPEECHAPP_SLIM_FONTS_DIR": os.environ.get(
            "SPEECHAPP_SLIM_FONTS_DIR", str(ROOT / "var" / "fonts")
        ),
    }
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = fresh_postgres()
    commit = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    print(f"== {db}: setting up in {var} (app of {root}: {commit[:70]})", flush=True)
    manage(root, env, "migrate", "--noinput")
    manage(root, env, "collectstatic", "--noinput")
    manage(root, env, "load_seed")
    code = SETUP.format(clients=args.clients, password=PASSWORD, kinds=COUNTING_KINDS)
    # Filling the drafts is not the writers' work: it queues no pre-render.
    quiet_env = {**env, "SPEECHAPP_PRERENDER": "0"}
    setup = json.loads(manage(root, quiet_env, "shell", "-c", code).strip().splitlines()[-1])
    setup["links"] = []
    if args.offices:
        code = SETUP_OFFICES.format(
            drafts=setup["drafts"],
            offices=args.offices,
            per_draft=OFFICES_PER_DRAFT,
            kinds=COUNTING_KINDS,
        )
        out = manage(root, quiet_env, "shell", "-c", code)
        setup["links"] = json.loads(out.strip().splitlines()[-1])

    server = Server(root, env, args.workers, args.threads, var / "gunicorn.log")
    worker = BackgroundWorker(root, env, var / "worker.log")
    tally = Tally()
    try:
        server.start()
        worker.start()
        warm_s = wait_until_idle([server.process.pid, worker.process.pid])
        phase = writers_phase(args, server, worker, setup, tally)
        jobs = json.loads(manage(root, env, "shell", "-c", READ_JOBS).strip().splitlines()[-1])
        burst = big_burst(server, setup, args.burst) if args.burst else None
    finally:
        server.stop()
        worker.stop()

    # Every request (start, duration) and window (start, end), from the clock's start, for a
    # closer look at a kept run.
    t0 = phase["started"]
    windows = {"bursts": [b["window"] for b in phase["bursts"]], "restart": phase["restart"]}
    (var / "requests.json").write_text(
        json.dumps(
            {
                "requests": {k: [(a - t0, b - a) for a, b in v] for k, v in tally.spans.items()},
                "bursts": [(a - t0, b - t0) for a, b in windows["bursts"]],
                "restart": phase["restart"] and [x - t0 for x in phase["restart"]],
            }
        )
    )
    read = READ_VALUES.format(drafts=setup["drafts"])
    rows = json.loads(manage(root, env, "shell", "-c", read).strip().splitlines()[-1])
    stored = {(draft, slot): raw for draft, slot, raw in rows}
    if setup["links"]:
        read = READ_OFFICE_VALUES.format(links=[link["id"] for link in setup["links"]])
        rows = json.loads(manage(root, env, "shell", "-c", read).strip().splitlines()[-1])
        stored.update({("office", link, slot): raw for link, slot, raw in rows})
    saves = check_saves(tally.acknowledged, stored)
    offices = check_saves(office_saves(tally), stored)
    started, restart = phase["started"], phase["restart"]
    settling = restart and (restart[0], restart[1] + RESTART_GRACE_S)
    phases = autosave_phases(tally.spans["autosave"], windows["bursts"], settling)
    writer_minutes = args.clients * phase["measured_s"] / 60
    worker_cpu = phase["cpu_s"]["worker"]
    return {
        "db": db,
        "commit": commit,
        "var": var,
        "loadavg": os.getloadavg()[0],
        "warm_s": warm_s,
        "complete": setup["complete"],
        "elapsed_s": phase["elapsed_s"],
        "requests": tally.requests,
        "by_kind": {kind: len(spans) for kind, spans in tally.spans.items()},
        "errors": dict(tally.errors(restart)),
        "errors_in_service": sum(
            n for what, n in tally.errors(restart).items() if what.endswith("(in service)")
        ),
        "latency": {
            kind: (percentile(times, 0.5), percentile(times, 0.95))
            for kind, spans in tally.spans.items()
            if (times := [end - start for start, end in spans])
        },
        "autosave": {
            phase: (len(times), percentile(times, 0.5), percentile(times, 0.95))
            for phase, times in phases.items()
        },
        "bursts": [
            {
                "at_s": b["window"][0] - started,
                "wall_s": b["window"][1] - b["window"][0],
                "p50_s": percentile(list(b["times"].values()), 0.5),
                "statuses": b["statuses"],
            }
            for b in phase["bursts"]
        ],
        "cores": {what: cpu / phase["measured_s"] for what, cpu in phase["cpu_s"].items()},
        "prerender": {
            "cpu_s": worker_cpu,
            "per_writer_minute": worker_cpu / writer_minutes,
            "jobs": jobs,
        },
        "acknowledged_saves": sum(len(s) for s in tally.acknowledged.values()),
        "blanks_saved": len(tally.acknowledged),
        "saves": dict(saves),
        "lost_or_older": saves["lost"] + saves["older"],
        "restart": restart and {"at_s": restart[0] - started, "down_s": restart[1] - restart[0]},
        "log_problems": {
            name: dict(log_problems((var / name).read_text(errors="replace")))
            for name in ("gunicorn.log", "worker.log")
        },
        "big_blanks": setup["big_blanks"],
        "offices": {
            "links": len(setup["links"]),
            "acknowledged": sum(len(s) for s in office_saves(tally).values()),
            "saves": dict(offices),
            "lost_or_older": offices["lost"] + offices["older"],
        },
        "burst": burst,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.target == "cluster":
        return main_cluster(args)
    failed = False
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        result = run(db, args)
        print(report(result, args.clients), flush=True)
        before = args.prerender_before
        if before is None:
            before = PRERENDER_CPU_BEFORE[db]
        checks = goals(result, args.render_burst, before)
        for what, figure, passed in checks:
            print(f"{'PASS' if passed else 'FAIL'}  {what}: {figure}")
        missed = not all(passed for _, _, passed in checks)
        failed |= missed
        if missed or args.keep:
            kept = "gunicorn.log, worker.log, requests.json, the SQLite database"
            print(f"kept {result['var']} ({kept})")
        else:
            shutil.rmtree(result["var"], ignore_errors=True)
    return 1 if failed else 0


def main_cluster(args: argparse.Namespace) -> int:
    """The load through nginx in front of the loopback cluster (scripts/load_cluster.py)."""
    from load_cluster import cluster_goals, cluster_report, run_cluster

    code = SETUP.format(clients=args.clients, password=PASSWORD, kinds=COUNTING_KINDS)
    result = run_cluster(args, code, READ_VALUES)
    print(cluster_report(result, args.clients), flush=True)
    checks = cluster_goals(result)
    for what, figure, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {what}: {figure}")
    failed = not all(passed for _, _, passed in checks)
    if failed or args.keep:
        print(f"kept {result['folder']} (each host's folder and logs, nginx's)")
    else:
        shutil.rmtree(result["folder"], ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
