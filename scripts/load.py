"""`make load`: a busy office against gunicorn, on SQLite and on PostgreSQL. A tool, not a test.

For each database: a fresh var folder, production settings (DJANGO_DEBUG=0, a generated
secret key), gunicorn with 4 workers on 127.0.0.1 only. N clients (threads) each log in as
their own user and, until the time is up (or the request budget spent), autosave random
blanks of their draft with ever larger numbers, load the preview fragment and download the
draft copy's PDF. Half-way through, the gunicorn master, its workers and their render workers
are killed with SIGKILL and gunicorn is started again; clients retry until it answers.

Every acknowledged save (HTTP 200) is recorded with its value and time. At the end each
blank's value in the database must be the last acknowledged one: a value missing, or an
older one in its place, counts as lost (the run fails). A later value that was sent but not
acknowledged (in flight at the kill) may be stored; it is counted, not an error.

Then 20 clients download PDFs at once while one 1,958-blank template renders: the time of
each, and the peak memory of the server's processes (from /proc).

    python scripts/load.py --seconds 20 --clients 50 --db sqlite
    make load LOAD_SECONDS=20 LOAD_CLIENTS=30 LOAD_DB=postgres
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, by construction
PASSWORD = "load-" + secrets.token_hex(8)
# Blanks whose kind takes any whole number: the saved values can simply count up.
COUNTING_KINDS = ("count", "amount", "measure")
# Chance of each action per step; the rest autosaves.
PREVIEW_SHARE = 0.10
PDF_SHARE = 0.05


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=float(env("LOAD_SECONDS") or 60))
    parser.add_argument("--clients", type=int, default=int(env("LOAD_CLIENTS") or 50))
    parser.add_argument(
        "--db", choices=("sqlite", "postgres", "both"), default=env("LOAD_DB") or "both"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)"
    )
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="stop the clients after this many"
    )
    parser.add_argument("--think-ms", type=int, default=100, help="pause between requests")
    parser.add_argument("--burst", type=int, default=20, help="PDFs downloaded at once")
    parser.add_argument("--no-kill", action="store_true", help="no kill -9 in the middle")
    parser.add_argument("--keep", action="store_true", help="keep the var folder and its log")
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 600:
        parser.error("--seconds must be between 1 and 600")
    if not 1 <= args.clients <= 200:
        parser.error("--clients must be between 1 and 200")
    if not 0 <= args.burst < args.clients:
        parser.error("--burst must be between 0 and --clients - 1")
    if min(args.workers, args.threads, args.max_requests) < 1 or args.think_ms < 0:
        parser.error("--workers, --threads, --max-requests must be positive, --think-ms not <0")
    return args


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.5 = median); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil(n * share), at least 1
    return ordered[int(rank) - 1]


def check_saves(
    acknowledged: dict[tuple[int, str], list[tuple[float, int]]],
    stored: dict[tuple[int, str], str | None],
) -> Counter:
    """Each blank's stored value against its acknowledged saves (time, value).

    ``ok``: the last acknowledged value is stored; ``later``: a larger value, sent but not
    acknowledged, is stored (in flight at the kill: fine); ``older``: an earlier value
    overwrote the last acknowledged one; ``lost``: the value is gone or not a number sent.
    """
    outcome: Counter = Counter()
    for key, saves in acknowledged.items():
        _, last = max(saves)
        raw = stored.get(key)
        try:
            value = int(raw) if raw is not None else None
        except ValueError:
            value = None
        if value is None:
            outcome["lost"] += 1
        elif value == last:
            outcome["ok"] += 1
        elif value > last:
            outcome["later"] += 1
        else:
            outcome["older"] += 1
    return outcome


class Client:
    """One browser: its own cookies, one connection per request (gunicorn's sync workers
    close each connection anyway), no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"http://{HOST}:{self.port}"
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        sent.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        # Production cookies are Secure; a browser behind TLS would send them back. So do we.
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            if value in ("", '""') or "Max-Age=0" in header:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response.status, response, content

    def login(self, username: str) -> None:
        self.cookies.clear()
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )
        if status != 302:
            raise RuntimeError(f"login of {username} answered {status}")


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    acknowledged: dict = field(default_factory=lambda: defaultdict(list))
    restarting: bool = False

    def count(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.requests += 1
            self.latency[kind].append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.requests += 1
            phase = "while restarting" if self.restarting else "in service"
            self.errors[f"{what} ({phase})"] += 1


class Server:
    """gunicorn in its own process group: `kill -9` of the group takes the master, its
    workers and their render workers at once."""

    def __init__(self, env: dict[str, str], workers: int, threads: int, log: Path):
        self.env, self.workers, self.threads, self.log = env, workers, threads, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [gunicorn, "speechapp.wsgi:application", "--workers", str(self.workers),
                 "--threads", str(self.threads),
                 "--bind", f"{HOST}:{self.port}", "--timeout", "30"],  # fmt: skip
                cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                status, _, _ = Client(self.port).request("GET", "/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 90 s; see {self.log}")

    def pids(self) -> list[int]:
        if self.process is None:
            return []
        return group_pids(self.process.pid)

    def kill9(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + 10
        while group_pids(self.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(entry.name))
    return pids


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


SETUP = """
import json
from django.contrib.auth import get_user_model
from speechapp.drafts.models import SpeechTemplate
from speechapp.filling.lifecycle import draft_start
from speechapp.speech_templates.template_writes import template_create
users = get_user_model().objects
seed = SpeechTemplate.objects.get(owner=None)
drafts = []
for i in range({clients}):
    user, _ = users.get_or_create(username=f"load{{i:03d}}")
    user.set_password({password!r})
    user.save()
    drafts.append(draft_start(owner=user, template=seed).pk)
slots = [s.id for s in seed.speech.slots if str(s.kind) in {kinds!r}]
title, body = seed.source_text.split("\\n", 1)
user = users.get(username="load000")
big = template_create(owner=user, name="load: 11x seed", source_text=title + "\\n" + body * 11)
big_draft = draft_start(owner=user, template=big).pk
print(json.dumps({{"drafts": drafts, "slots": slots, "big": big_draft,
                  "big_blanks": len(big.speech.slots)}}))
"""

READ_VALUES = """
import json
from speechapp.drafts.models import SlotValue
rows = SlotValue.objects.filter(draft_id__in={drafts!r}).values_list("draft_id", "slot_id", "raw")
print(json.dumps([list(row) for row in rows]))
"""


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def client_loop(n, server, setup, tally, clock, budget, think_s, counters) -> None:
    """One writer: logs in (before the clock starts: 50 password hashes are not the load),
    then autosaves, previews and downloads until the deadline."""
    rng = random.Random(n)
    draft = setup["drafts"][n]
    client = Client(server.port)
    try:
        client.login(f"load{n:03d}")
        logged_in = True
    except (OSError, http.client.HTTPException, RuntimeError) as exc:
        tally.error(f"login {type(exc).__name__}")
        logged_in = False  # tried again in the loop
    clock["ready"].wait()
    deadline = clock["deadline"]
    seq = 0
    while time.monotonic() < deadline and tally.requests < budget:
        try:
            if not logged_in:
                client.login(f"load{n:03d}")
                logged_in = True
            pick = rng.random()
            started = time.monotonic()
            if pick < PREVIEW_SHARE:
                kind = "preview"
                status, _, _ = client.request(
                    "GET", f"/drafts/{draft}/preview/fragment/", headers={"HX-Request": "true"}
                )
            elif pick < PREVIEW_SHARE + PDF_SHARE:
                kind = "pdf"
                status, _, body = client.request("GET", f"/drafts/{draft}/download/pdf/?copy=1")
                if status == 200 and not body.startswith(b"%PDF"):
                    status = -1
            else:
                kind = "autosave"
                slot = rng.choice(setup["slots"])
                counters[(draft, slot)] += 1  # one client per draft: no lock needed
                value = counters[(draft, slot)]
                # As fill.js numbers its saves: the time in microseconds, kept rising.
                seq = max(seq + 1, time.time_ns() // 1000)
                status, _, _ = client.request(
                    "POST",
                    f"/drafts/{draft}/slots/{slot}/",
                    {slot: str(value), "seq": str(seq)},
                    headers={"HX-Request": "true"},
                )
                if status == 200:
                    acked_at = time.monotonic()
                    with tally.lock:
                        tally.acknowledged[(draft, slot)].append((acked_at, value))
            if status == 200:
                tally.count(kind, time.monotonic() - started)
            else:
                tally.error(f"{kind} HTTP {status}")
                if status in (302, 403):
                    logged_in = False  # session lost: log in again
        except (OSError, http.client.HTTPException, RuntimeError) as exc:
            tally.error(type(exc).__name__)
            logged_in = logged_in and not isinstance(exc, RuntimeError)
            time.sleep(0.2)
        time.sleep(rng.uniform(0, think_s))


def pdf_burst(server: Server, setup: dict, burst: int) -> dict:
    """One 1,958-blank PDF and ``burst`` seed PDFs at once: times and peak memory."""
    clients = []
    for n in range(burst + 1):
        client = Client(server.port)
        client.login(f"load{n:03d}")
        clients.append(client)
    peak = {"sum": 0.0, "largest": 0.0}
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            sizes = [rss_mb(pid) for pid in server.pids()]
            peak["sum"] = max(peak["sum"], sum(sizes))
            peak["largest"] = max(peak["largest"], max(sizes, default=0.0))
            time.sleep(0.05)

    times: dict[str, float] = {}
    statuses: Counter = Counter()

    def download(name: str, client: Client, draft: int) -> None:
        # review=1: a file no earlier download has cached.
        started = time.monotonic()
        try:
            status, _, body = client.request(
                "GET", f"/drafts/{draft}/download/pdf/?copy=1&review=1"
            )
            ok = status == 200 and body.startswith(b"%PDF")
            statuses["200 PDF" if ok else f"HTTP {status}"] += 1
        except OSError as exc:
            statuses[type(exc).__name__] += 1
        times[name] = time.monotonic() - started

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    big = threading.Thread(target=download, args=("big", clients[0], setup["big"]))
    big.start()
    time.sleep(0.3)  # the long render is under way
    small = [
        threading.Thread(target=download, args=(f"pdf{n}", clients[n], setup["drafts"][n]))
        for n in range(1, burst + 1)
    ]
    for thread in small:
        thread.start()
    for thread in [big, *small]:
        thread.join()
    wall = time.monotonic() - started
    sampling.set()
    sampler.join()
    small_times = [t for name, t in times.items() if name != "big"]
    return {
        "big_s": times["big"],
        "small_p50_s": percentile(small_times, 0.5),
        "small_max_s": max(small_times, default=None),
        "wall_s": wall,
        "statuses": dict(statuses),
        "peak_rss_sum_mb": peak["sum"],
        "peak_rss_largest_mb": peak["largest"],
    }


def run(db: str, args: argparse.Namespace) -> dict:
    var = Path(tempfile.mkdtemp(prefix=f"speechapp-load-{db}-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "speechapp.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS is the proxy's job
        "SPEECHAPP_VAR_DIR": str(var),
        "SPEECHAPP_SLIM_FONTS_DIR": os.environ.get(
            "SPEECHAPP_SLIM_FONTS_DIR", str(ROOT / "var" / "fonts")
        ),
    }
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = subprocess.run(
            ["bash", "scripts/postgres.sh"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
    print(f"== {db}: setting up in {var}", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_seed")
    code = SETUP.format(clients=args.clients, password=PASSWORD, kinds=COUNTING_KINDS)
    setup = json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])

    server = Server(env, args.workers, args.threads, var / "gunicorn.log")
    server.start()
    tally = Tally()
    counters: Counter = Counter()
    clock: dict = {}

    def start_clock() -> None:  # run once every client has logged in
        clock["started"] = time.monotonic()
        clock["deadline"] = clock["started"] + args.seconds

    clock["ready"] = threading.Barrier(args.clients + 1, action=start_clock)
    think_s = args.think_ms / 1000
    threads = [
        threading.Thread(
            target=client_loop,
            args=(n, server, setup, tally, clock, args.max_requests, think_s, counters),
        )
        for n in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    clock["ready"].wait()
    started = clock["started"]
    restart = None
    try:
        if not args.no_kill:
            time.sleep(max(0.0, started + args.seconds / 2 - time.monotonic()))
            tally.restarting = True
            killed = time.monotonic()
            server.kill9()
            server.start()
            tally.restarting = False
            restart = {"at_s": killed - started, "down_s": time.monotonic() - killed}
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        burst = pdf_burst(server, setup, args.burst) if args.burst else None
    finally:
        server.stop()

    rows = json.loads(
        manage(env, "shell", "-c", READ_VALUES.format(drafts=setup["drafts"])).splitlines()[-1]
    )
    stored = {(draft, slot): raw for draft, slot, raw in rows}
    saves = check_saves(tally.acknowledged, stored)
    if args.keep:
        print(f"kept {var} (gunicorn.log, the database)")
    else:
        shutil.rmtree(var, ignore_errors=True)
    return {
        "db": db,
        "loadavg": os.getloadavg()[0],
        "elapsed_s": elapsed,
        "requests": tally.requests,
        "by_kind": {kind: len(times) for kind, times in tally.latency.items()},
        "errors": dict(tally.errors),
        "latency": {
            kind: (percentile(times, 0.5), percentile(times, 0.95))
            for kind, times in [("all", sum(tally.latency.values(), [])), *tally.latency.items()]
        },
        "acknowledged_saves": sum(len(s) for s in tally.acknowledged.values()),
        "blanks_saved": len(tally.acknowledged),
        "saves": dict(saves),
        "lost_or_older": saves["lost"] + saves["older"],
        "restart": restart,
        "big_blanks": setup["big_blanks"],
        "burst": burst,
    }


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def report(result: dict, clients: int) -> str:
    lines = [
        f"== {result['db']}: {clients} clients for {result['elapsed_s']:.1f} s "
        f"(machine load average {result['loadavg']:.1f} at the end)"
    ]
    if result["restart"]:
        r = result["restart"]
        lines.append(f"kill -9 of gunicorn at {r['at_s']:.1f} s, answering again after "
                     f"{r['down_s']:.1f} s")  # fmt: skip
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(result["by_kind"].items()))
    errors = sum(result["errors"].values())
    lines.append(f"requests {result['requests']} ({kinds}); errors {errors}")
    for what, n in sorted(result["errors"].items()):
        lines.append(f"  {n:6d}  {what}")
    for kind, (p50, p95) in result["latency"].items():
        lines.append(f"latency {kind:9s} p50 {ms(p50):>6s} ms   p95 {ms(p95):>6s} ms")
    saves = result["saves"]
    lines.append(
        f"acknowledged saves {result['acknowledged_saves']} on {result['blanks_saved']} blanks; "
        f"last value stored {saves.get('ok', 0)}, a later unacknowledged one "
        f"{saves.get('later', 0)}; LOST {saves.get('lost', 0)}, "
        f"OVERWRITTEN BY OLDER {saves.get('older', 0)}"
    )
    burst = result["burst"]
    if burst:
        lines.append(
            f"PDF burst: {result['big_blanks']}-blank PDF {burst['big_s']:.1f} s; meanwhile "
            f"{sum(burst['statuses'].values()) - 1} seed PDFs p50 {burst['small_p50_s']:.1f} s, "
            f"max {burst['small_max_s']:.1f} s (all done in {burst['wall_s']:.1f} s); "
            f"{burst['statuses']}"
        )
        lines.append(
            f"peak memory of the server's processes: {burst['peak_rss_sum_mb']:.0f} MB in all, "
            f"{burst['peak_rss_largest_mb']:.0f} MB the largest"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    failed = False
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        result = run(db, args)
        print(report(result, args.clients), flush=True)
        failed |= result["lost_or_older"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
