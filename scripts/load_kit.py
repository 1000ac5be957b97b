"""The figures of `make load` (scripts/load.py): percentiles, the saves' check, which autosaves
ran while PDFs rendered, what a server log holds, the goals and the printed report. Plain
arithmetic on what a run collected, so tests/test_load_script.py can check it."""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# The goals of issue 22, point 6.
AUTOSAVE_P95_BURST_S = 0.150
AUTOSAVE_P95_QUIET_S = 0.060


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


def overlaps(span: tuple[float, float], window: tuple[float, float] | None) -> bool:
    """Whether a request that ran over ``span`` (start, end) ran during ``window``."""
    return window is not None and span[0] <= window[1] and span[1] >= window[0]


def autosave_phases(
    spans: list[tuple[float, float]],
    bursts: list[tuple[float, float]],
    restart: tuple[float, float] | None,
) -> dict[str, list[float]]:
    """The autosaves' times split by what the server was doing meanwhile: ``restart`` (any
    part of the request in the restart window), ``burst`` (PDFs rendering on the click), or
    ``quiet`` (only the writers and the background worker)."""
    phases: dict[str, list[float]] = {"quiet": [], "burst": [], "restart": []}
    for span in spans:
        if overlaps(span, restart):
            phase = "restart"
        elif any(overlaps(span, window) for window in bursts):
            phase = "burst"
        else:
            phase = "quiet"
        phases[phase].append(span[1] - span[0])
    return phases


# What a server log holds that a run should not: an uncaught exception (Django's "Internal
# Server Error" line and its traceback), or a worker gunicorn had to kill.
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b.*")


def log_problems(text: str) -> Counter:
    """Each kind of trouble in a server log, counted: ``Internal Server Error``, ``WORKER
    TIMEOUT``, and each traceback by its last line (the exception)."""
    found: Counter = Counter()
    in_traceback = False
    for line in text.splitlines():
        if "Internal Server Error" in line:
            found["Internal Server Error"] += 1
        if "WORKER TIMEOUT" in line:
            found["WORKER TIMEOUT"] += 1
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback and _EXCEPTION_LINE.match(line):
            found["Traceback: " + line.strip()[:200]] += 1
            in_traceback = False
    return found


@dataclass
class Tally:
    """Every request of the run with its kind and its span (monotonic start, end): the answered
    ones in ``spans``, the failed ones in ``failures``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    spans: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    failures: list[tuple[str, float, float]] = field(default_factory=list)
    acknowledged: dict = field(default_factory=lambda: defaultdict(list))
    downloads: list = field(default_factory=list)  # a cluster run's finished PDFs, each a dict

    def count(self, kind: str, started: float, ended: float) -> None:
        with self.lock:
            self.requests += 1
            self.spans[kind].append((started, ended))

    def error(self, what: str, started: float, ended: float) -> None:
        with self.lock:
            self.requests += 1
            self.failures.append((what, started, ended))

    def errors(self, restart: tuple[float, float] | None) -> Counter:
        """Failures by what and whether they ran into the restart window."""
        return Counter(
            f"{what} ({'while restarting' if overlaps((s, e), restart) else 'in service'})"
            for what, s, e in self.failures
        )


def goals(result: dict, render_burst: int, before: float | None) -> list[tuple[str, str, bool]]:
    """Each goal of the run: what, the figure against the goal, met or not."""
    checks = []
    if render_burst:
        p95 = result["autosave"]["burst"][2]
        goal = f"{ms(p95)} ms (goal <= {ms(AUTOSAVE_P95_BURST_S)} ms)"
        passed = p95 is not None and p95 <= AUTOSAVE_P95_BURST_S
        checks.append((f"autosave p95 while {render_burst} PDFs render", goal, passed))
    p95 = result["autosave"]["quiet"][2]
    goal = f"{ms(p95)} ms (goal <= {ms(AUTOSAVE_P95_QUIET_S)} ms)"
    passed = p95 is not None and p95 <= AUTOSAVE_P95_QUIET_S
    checks.append(("autosave p95 without a PDF rendering on the click", goal, passed))
    figure = result["prerender"]["per_writer_minute"]
    if before is None:
        goal, passed = f"{figure:.3f} s (no earlier figure: --prerender-before)", True
    else:
        goal = f"{figure:.3f} s (goal <= half of {before:.3f} s, the code before)"
        passed = figure <= before / 2
    checks.append(("pre-render CPU per writer-minute", goal, passed))
    complete = result["complete"]
    checks.append(("the writers' drafts complete when the clock started", str(complete), complete))
    errors, lost = result["errors_in_service"], result["lost_or_older"]
    checks.append(("requests failed outside the restart window", f"{errors} (goal 0)", not errors))
    checks.append(("acknowledged saves lost or overwritten by older", f"{lost} (goal 0)", not lost))
    offices = result.get("offices") or {}
    if offices.get("links"):
        lost = offices["lost_or_older"]
        checks.append((
            f"office values lost or overwritten by older ({offices['links']} offices)",
            f"{lost} of {offices['acknowledged']} acknowledged (goal 0)",
            not lost,
        ))  # fmt: skip
    return checks


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def report(result: dict, clients: int) -> str:
    lines = [
        f"== {result['db']}: {clients} clients for {result['elapsed_s']:.1f} s "
        f"(machine load average {result['loadavg']:.1f} at the end; the server and worker "
        f"warmed up in {result['warm_s']:.0f} s before the clock)"
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
    for kind, (p50, p95) in sorted(result["latency"].items()):
        lines.append(f"latency {kind:9s} p50 {ms(p50):>6s} ms   p95 {ms(p95):>6s} ms")
    names = {"quiet": "quiet", "burst": "during PDF bursts", "restart": "around the restart"}
    for phase, (n, p50, p95) in result["autosave"].items():
        lines.append(f"autosave {names[phase]:19s} p50 {ms(p50):>6s} ms   p95 {ms(p95):>6s} ms"
                     f"   ({n} saves)")  # fmt: skip
    for b in result["bursts"]:
        lines.append(f"PDFs at once at {b['at_s']:.1f} s: p50 {b['p50_s']:.1f} s, all done in "
                     f"{b['wall_s']:.1f} s; {b['statuses']}")  # fmt: skip
    pre = result["prerender"]
    jobs = ", ".join(f"{k} {n}" for k, n in sorted(pre["jobs"].items())) or "none"
    lines.append(f"background worker: {pre['cpu_s']:.1f} CPU s over the writers' phase = "
                 f"{pre['per_writer_minute']:.3f} s per writer-minute; jobs: {jobs}")  # fmt: skip
    c = result["cores"]
    lines.append(f"cores busy over the writers' phase: gunicorn and its renders {c['server']:.2f}, "
                 f"background worker {c['worker']:.2f}, the clients {c['script']:.2f}, the rest "
                 f"of the machine (PostgreSQL, other users) {c['others']:.2f}")  # fmt: skip
    saves = result["saves"]
    lines.append(
        f"acknowledged saves {result['acknowledged_saves']} on {result['blanks_saved']} blanks; "
        f"last value stored {saves.get('ok', 0)}, a later unacknowledged one "
        f"{saves.get('later', 0)}; LOST {saves.get('lost', 0)}, "
        f"OVERWRITTEN BY OLDER {saves.get('older', 0)}"
    )
    offices = result.get("offices") or {}
    if offices.get("links"):
        o = offices["saves"]
        lines.append(
            f"offices {offices['links']}: acknowledged values {offices['acknowledged']}; last "
            f"value stored {o.get('ok', 0)}, LOST {o.get('lost', 0)}, "
            f"OVERWRITTEN BY OLDER {o.get('older', 0)}"
        )
    for name, problems in result["log_problems"].items():
        for what, n in sorted(problems.items()):
            lines.append(f"{name}: {n} x {what}")
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
