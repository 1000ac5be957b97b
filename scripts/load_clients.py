"""The clients of `make load` (scripts/load.py): a writer's loop, and PDFs downloaded at once."""

from __future__ import annotations

import http.client
import random
import secrets
import threading
import time
from collections import Counter

from load_kit import Tally, percentile
from load_processes import Client, Server, rss_mb

PASSWORD = "load-" + secrets.token_hex(8)
PREVIEW_SHARE = 0.10  # chance of a preview per step; the rest autosaves (or downloads a PDF)
PAUSE_S = (3.5, 6.0)  # a writer who stops to read: longer than the pre-render's 3 s wait


def client_loop(n, server, setup, tally, clock, args, counters) -> None:
    """One writer: logs in (before the clock starts: 50 password hashes are not the load),
    then autosaves and previews (and downloads, --pdf-share) until the deadline, stopping
    to read now and then."""
    rng = random.Random(n)
    draft = setup["drafts"][n]
    client = Client(server.port)
    try:
        client.login(f"load{n:03d}", PASSWORD)
        logged_in = True
    except (OSError, http.client.HTTPException, RuntimeError) as exc:
        tally.error(f"login {type(exc).__name__}", time.monotonic(), time.monotonic())
        logged_in = False  # tried again in the loop
    clock["ready"].wait()
    deadline, think_s = clock["deadline"], args.think_ms / 1000
    time.sleep(rng.uniform(0, think_s))  # writers do not all start on the same millisecond
    seq = 0
    last_ack = 0.0  # wall time of this writer's last acknowledged save
    while time.monotonic() < deadline and tally.requests < args.max_requests:
        started = time.monotonic()
        kind = "login"
        try:
            if not logged_in:
                client.login(f"load{n:03d}", PASSWORD)
                logged_in = True
                started = time.monotonic()
            pick = rng.random()
            if pick < PREVIEW_SHARE:
                kind = "preview"
                status, _, _ = client.request(
                    "GET", f"/drafts/{draft}/preview/fragment/", headers={"HX-Request": "true"}
                )
            elif pick < PREVIEW_SHARE + args.pdf_share:
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
                    last_ack = time.time()
                    with tally.lock:
                        tally.acknowledged[(draft, slot)].append((time.monotonic(), value))
            if status == 200:
                tally.count(kind, started, time.monotonic())
            else:
                tally.error(f"{kind} HTTP {status}", started, time.monotonic())
                if status in (302, 403):
                    logged_in = False  # session lost: log in again
        except (OSError, http.client.HTTPException, RuntimeError) as exc:
            tally.error(f"{kind} {type(exc).__name__}", started, time.monotonic())
            logged_in = logged_in and not isinstance(exc, RuntimeError)
            time.sleep(0.2)
        if rng.random() < args.pause_share:
            time.sleep(max(0.0, min(rng.uniform(*PAUSE_S), deadline - time.monotonic())))
            if getattr(args, "download_after_pause", False) and time.monotonic() < deadline:
                download_finished(client, draft, tally, last_ack)
        else:
            time.sleep(rng.uniform(0, think_s))


def download_finished(client: Client, draft: int, tally: Tally, last_ack: float) -> None:
    """A writer who paused downloads the finished PDF (a cluster run): the time, the status,
    which server answered (X-Served-By) and whether the file was in the shared cache
    (X-Render-Cache), beside the writer's last acknowledged save (wall time)."""
    started, wall = time.monotonic(), time.time()
    served = cached = None
    try:
        status, response, body = client.request("GET", f"/drafts/{draft}/download/pdf/")
        served, cached = response.getheader("X-Served-By"), response.getheader("X-Render-Cache")
        if status == 200 and not body.startswith(b"%PDF"):
            status = -1
        outcome = status
    except (OSError, http.client.HTTPException) as exc:
        outcome = type(exc).__name__
    ended = time.monotonic()
    if outcome == 200:
        tally.count("download", started, ended)
    elif outcome == 202:  # still being made by a worker: the page asks again (not an error)
        tally.count("download busy", started, ended)
    else:
        tally.error(f"download {outcome}", started, ended)
    with tally.lock:
        tally.downloads.append({"draft": draft, "wall": wall, "at": started, "end": ended,
                                "status": outcome, "server": served, "cache": cached,
                                "last_ack": last_ack})  # fmt: skip


# The busy page (drafts/_render_busy.html) asks again this often, and a person gives up after
# about this long.
BUSY_RETRY_S, BUSY_GIVE_UP_S = 3.0, 60.0


def download_as_the_page_does(client: Client, path: str) -> tuple[int, bytes, int]:
    """GET a file; answered 202 (正在生成: another render of it in flight, or every render
    slot of the machine taken), ask again as the busy page does (htmx, every 3 s) until it
    says the file is ready, then GET it. The last status and body, and how often it asked."""
    status, _, body = client.request("GET", path)
    asked, started = 0, time.monotonic()
    while status == 202 and time.monotonic() - started < BUSY_GIVE_UP_S:
        time.sleep(BUSY_RETRY_S)
        asked += 1
        check, _, fragment = client.request("GET", path, headers={"HX-Request": "true"})
        if check == 200 and b"alert-success" in fragment:
            status, _, body = client.request("GET", path)
        elif check != 200:
            return check, fragment, asked
    return status, body, asked


def download_at_once(downloads: list[tuple[str, Client, str]], tally: Tally | None) -> dict:
    """GET each (name, client, path) at the same moment: each one's time, the statuses, and
    the window (first start, last end); with a tally, each counts as a "burst pdf" request."""
    times: dict[str, float] = {}
    statuses: Counter = Counter()
    spans: list[tuple[float, float]] = []

    def download(name: str, client: Client, path: str) -> None:
        started = time.monotonic()
        try:
            status, body, asked = download_as_the_page_does(client, path)
            outcome = "200 PDF" if status == 200 and body.startswith(b"%PDF") else f"HTTP {status}"
            if asked and outcome == "200 PDF":
                outcome = "200 PDF after 正在生成"
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
        ended = time.monotonic()
        statuses[outcome] += 1
        times[name] = ended - started
        spans.append((started, ended))
        if tally is not None:
            if outcome.startswith("200 PDF"):
                tally.count("burst pdf", started, ended)
            else:
                tally.error(f"burst pdf {outcome}", started, ended)

    threads = [threading.Thread(target=download, args=item) for item in downloads]
    for thread in threads:
        thread.start()
        time.sleep(0.001)
    for thread in threads:
        thread.join()
    window = (min(s for s, _ in spans), max(e for _, e in spans))
    return {"times": times, "statuses": dict(statuses), "window": window}


def logged_in_clients(port: int, users: list[int]) -> list[Client]:
    clients = []
    for n in users:
        client = Client(port)
        client.login(f"load{n:03d}", PASSWORD)
        clients.append(client)
    return clients


def big_burst(server: Server, setup: dict, burst: int) -> dict:
    """One 1,958-blank PDF and ``burst`` seed PDFs at once: times and peak memory."""
    clients = logged_in_clients(server.port, list(range(burst + 1)))
    peak = {"sum": 0.0, "largest": 0.0}
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            sizes = [rss_mb(pid) for pid in server.pids()]
            peak["sum"] = max(peak["sum"], sum(sizes))
            peak["largest"] = max(peak["largest"], max(sizes, default=0.0))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # review=1: a file no earlier download has cached.
    path = "/drafts/{}/download/pdf/?copy=1&review=1"
    big = threading.Thread(
        target=lambda: results.update(
            big=download_at_once([("big", clients[0], path.format(setup["big"]))], None)
        )
    )
    results: dict = {}
    big.start()
    time.sleep(0.3)  # the long render is under way
    small = [(f"pdf{n}", clients[n], path.format(setup["drafts"][n])) for n in range(1, burst + 1)]
    results["small"] = download_at_once(small, None)
    big.join()
    sampling.set()
    sampler.join()
    small_times = list(results["small"]["times"].values())
    statuses = Counter(results["small"]["statuses"]) + Counter(results["big"]["statuses"])
    return {
        "big_s": results["big"]["times"]["big"],
        "small_p50_s": percentile(small_times, 0.5),
        "small_max_s": max(small_times, default=None),
        "wall_s": max(results["big"]["window"][1], results["small"]["window"][1])
        - results["big"]["window"][0],
        "statuses": dict(statuses),
        "peak_rss_sum_mb": peak["sum"],
        "peak_rss_largest_mb": peak["largest"],
    }
