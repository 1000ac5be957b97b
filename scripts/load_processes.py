"""The processes of `make load` (scripts/load.py): a browser-like HTTP client, gunicorn and the
background worker in process groups of their own, and what /proc says about their CPU time
and memory."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"  # loopback only, by construction
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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

    def login(self, username: str, password: str) -> None:
        self.cookies.clear()
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )
        if status != 302:
            raise RuntimeError(f"login of {username} answered {status}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def stat_fields(stat: str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name: state first, then ppid, pgrp…"""
    return stat.rsplit(")", 1)[1].split()


def cpu_ticks(fields: list[str]) -> int:
    """utime + stime + cutime + cstime: the process's CPU and that of its children that have
    ended and been waited for (a render worker that exited is counted through its parent)."""
    return sum(int(value) for value in fields[11:15])


def _group_stats(pgid: int) -> list[tuple[int, list[str]]]:
    stats = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = stat_fields((entry / "stat").read_text())
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid:
                stats.append((int(entry.name), fields))
    return stats


def group_pids(pgid: int) -> list[int]:
    """The live processes of a process group (zombies left out)."""
    return [pid for pid, fields in _group_stats(pgid) if fields[0] != "Z"]


def group_cpu_seconds(pgid: int) -> float:
    """The CPU time used so far by a process group: its processes (zombies included: their
    time is not yet in their parent's) and their children that have ended."""
    return sum(cpu_ticks(fields) for _, fields in _group_stats(pgid)) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def machine_busy_seconds() -> float:
    """The CPU time the whole machine has been busy since it started (/proc/stat: every state
    but idle and iowait), all cores together."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def own_cpu_seconds() -> float:
    """This process's CPU time, all its threads (the clients) together."""
    times = os.times()
    return times.user + times.system


def wait_until_idle(pgids: list[int], cores: float = 0.1, max_s: float = 90.0) -> float:
    """Wait until the process groups use under ``cores`` for a second (their warm-up done), or
    ``max_s``; the seconds waited."""
    started = time.monotonic()
    last = sum(group_cpu_seconds(pgid) for pgid in pgids)
    while time.monotonic() - started < max_s:
        time.sleep(1.0)
        now = sum(group_cpu_seconds(pgid) for pgid in pgids)
        if now - last < cores:
            break
        last = now
    return time.monotonic() - started


class Process:
    """A command in its own process group (session), its output in a log: ``kill -9`` of the
    group takes it and every process it started at once."""

    def __init__(self, argv: list[str], root: Path, env: dict[str, str], log: Path):
        self.argv, self.root, self.env, self.log = argv, root, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                self.argv, cwd=self.root, env=self.env, stdout=log, stderr=log,
                start_new_session=True,
            )  # fmt: skip

    def pids(self) -> list[int]:
        return [] if self.process is None else group_pids(self.process.pid)

    def cpu_seconds(self) -> float:
        return 0.0 if self.process is None else group_cpu_seconds(self.process.pid)

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
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Server(Process):
    """gunicorn as production runs it, on a free loopback port."""

    def __init__(self, root: Path, env: dict[str, str], workers: int, threads: int, log: Path):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        argv = [str(gunicorn), "speechapp.wsgi:application", "--workers", str(workers),
                "--threads", str(threads), "--bind", f"{HOST}:{self.port}",
                "--timeout", "30"]  # fmt: skip
        super().__init__(argv, root, env, log)

    def start(self) -> None:
        super().start()
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


class BackgroundWorker(Process):
    """The background worker as production runs it (README: Production), beside gunicorn."""

    def __init__(self, root: Path, env: dict[str, str], log: Path):
        argv = [sys.executable, "manage.py", "render_worker", "--interval", "0.2"]
        super().__init__(argv, root, env, log)

    def stop(self) -> None:
        """Ends the worker as its own Ctrl-C does (it finishes the job in hand, and its render
        processes end with it), then whatever is left of its group."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        if self.process is not None and group_pids(self.process.pid):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait()
