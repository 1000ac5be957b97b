"""`make load` is a tool, not a test: only its options, its arithmetic and its goals are
checked here (no server is started)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("load_script", ROOT / "scripts" / "load.py")
load = importlib.util.module_from_spec(spec)
sys.modules["load_script"] = load  # its dataclasses look their module up while being made
spec.loader.exec_module(load)  # puts scripts/ on the path for its helper modules
import load_kit  # noqa: E402
import load_processes  # noqa: E402


def test_the_run_length_and_clients_come_from_options_or_the_environment(monkeypatch):
    monkeypatch.setenv("LOAD_SECONDS", "20")
    monkeypatch.setenv("LOAD_CLIENTS", "30")
    monkeypatch.setenv("LOAD_DB", "sqlite")
    args = load.parse_args([])
    assert (args.seconds, args.clients, args.db) == (20, 30, "sqlite")
    args = load.parse_args(["--seconds", "5", "--clients", "40", "--db", "postgres"])
    assert (args.seconds, args.clients, args.db) == (5, 40, "postgres")


def test_by_default_ten_pdfs_render_at_once_beside_the_writers_of_this_checkout():
    args = load.parse_args([])
    assert (args.render_burst, args.root, args.threads) == (10, ROOT, 8)


@pytest.mark.parametrize("argv", [["--seconds", "0"], ["--seconds", "601"], ["--clients", "0"],
                                  ["--clients", "5", "--burst", "5"], ["--db", "mysql"],
                                  ["--clients", "5", "--render-burst", "6"],
                                  ["--pause-share", "1.5"], ["--root", "/"]])  # fmt: skip
def test_a_run_without_bounds_is_refused(argv):
    with pytest.raises(SystemExit):
        load.parse_args(argv)


def test_percentiles_are_nearest_rank():
    times = [float(n) for n in range(1, 101)]
    assert load.percentile(times, 0.5) == 50
    assert load.percentile(times, 0.95) == 95
    assert load.percentile([3.0], 0.95) == 3
    assert load.percentile([], 0.5) is None


def test_a_blank_whose_last_acknowledged_value_was_replaced_by_an_older_one_is_counted():
    acknowledged = {
        (1, "s001"): [(1.0, 1), (2.0, 2), (3.0, 3)],  # 3 stored: fine
        (1, "s002"): [(1.0, 1), (2.0, 2)],  # 3 stored, sent at the kill, never answered: fine
        (1, "s003"): [(1.0, 4), (2.0, 5)],  # 4 stored: the newer 5 overwritten by an older one
        (2, "s001"): [(1.0, 1)],  # nothing stored: lost
        (2, "s002"): [(1.0, 7)],  # not a number any more: lost
    }
    stored = {(1, "s001"): "3", (1, "s002"): "3", (1, "s003"): "4", (2, "s002"): "七"}
    assert load.check_saves(acknowledged, stored) == {"ok": 1, "later": 1, "older": 1, "lost": 2}


def test_an_autosave_counts_as_during_a_burst_when_any_part_of_it_ran_while_pdfs_rendered():
    spans = [(1.0, 1.02), (9.9, 10.05), (12.0, 12.5), (14.0, 14.01), (20.5, 20.6), (30.0, 30.03)]
    phases = load_kit.autosave_phases(spans, bursts=[(10.0, 14.0)], restart=(20.0, 26.0))
    assert [round(t, 2) for t in phases["quiet"]] == [0.02, 0.03]
    assert [round(t, 2) for t in phases["burst"]] == [0.15, 0.5, 0.01]
    assert [round(t, 2) for t in phases["restart"]] == [0.1]


def test_only_failures_that_ran_into_the_restart_window_are_forgiven():
    tally = load_kit.Tally()
    tally.error("autosave ConnectionResetError", 9.5, 10.2)  # in flight at the kill
    tally.error("autosave ConnectionRefusedError", 11.0, 11.0)  # while gunicorn was down
    tally.error("pdf HTTP 500", 20.0, 20.4)  # later: a fault
    assert tally.errors((10.0, 12.0)) == {
        "autosave ConnectionResetError (while restarting)": 1,
        "autosave ConnectionRefusedError (while restarting)": 1,
        "pdf HTTP 500 (in service)": 1,
    }
    assert tally.errors(None) == {
        "autosave ConnectionResetError (in service)": 1,
        "autosave ConnectionRefusedError (in service)": 1,
        "pdf HTTP 500 (in service)": 1,
    }


def test_a_server_log_is_read_for_uncaught_exceptions_and_killed_workers():
    log = """[INFO] Booting worker with pid: 12
Internal Server Error: /drafts/3/download/pdf/
Traceback (most recent call last):
  File "/x/views.py", line 80, in draft_export
    rendered = files.draft_render(
concurrent.futures._base.CancelledError
[CRITICAL] WORKER TIMEOUT (pid:13)
Traceback (most recent call last):
  File "<string>", line 1, in <module>
FileNotFoundError: [Errno 2] No such file or directory
"""
    assert load_kit.log_problems(log) == {
        "Internal Server Error": 1,
        "Traceback: concurrent.futures._base.CancelledError": 1,
        "WORKER TIMEOUT": 1,
        "Traceback: FileNotFoundError: [Errno 2] No such file or directory": 1,
    }


def test_cpu_time_counts_a_process_and_its_ended_children_from_proc_stat():
    # pid (comm) state ppid pgrp … utime stime cutime cstime: fields 14-17 of proc(5).
    stat = "42 (python3 (x)) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 700 30 20 0 1"
    fields = load_processes.stat_fields(stat)
    assert (fields[0], fields[2]) == ("S", "42")
    assert load_processes.cpu_ticks(fields) == 250 + 50 + 700 + 30


def test_the_cpu_time_of_this_process_group_grows_as_it_works():
    before = load_processes.group_cpu_seconds(os.getpgrp())
    sum(n * n for n in range(3_000_000))
    assert load_processes.group_cpu_seconds(os.getpgrp()) > before


def result(**changes) -> dict:
    figures = {
        "autosave": {"quiet": (500, 0.015, 0.045), "burst": (300, 0.02, 0.12)},
        "prerender": {"per_writer_minute": 0.3},
        "complete": True,
        "errors_in_service": 0,
        "lost_or_older": 0,
        "offices": {"links": 50, "acknowledged": 600, "saves": {"ok": 300}, "lost_or_older": 0},
    }
    figures.update(changes)
    return figures


def test_each_goal_is_printed_with_its_figure_and_met_when_the_figures_are_within_it():
    checks = load_kit.goals(result(), render_burst=10, before=0.8)
    assert all(passed for _, _, passed in checks)
    assert ("autosave p95 while 10 PDFs render", "120 ms (goal <= 150 ms)", True) in checks
    assert ("pre-render CPU per writer-minute",
            "0.300 s (goal <= half of 0.800 s, the code before)", True) in checks  # fmt: skip


@pytest.mark.parametrize(
    "changes",
    [
        {"autosave": {"quiet": (500, 0.015, 0.061), "burst": (300, 0.02, 0.12)}},
        {"autosave": {"quiet": (500, 0.015, 0.045), "burst": (300, 0.02, 0.151)}},
        {"autosave": {"quiet": (500, 0.015, 0.045), "burst": (0, None, None)}},
        {"prerender": {"per_writer_minute": 0.41}},
        {"complete": False},
        {"errors_in_service": 1},
        {"lost_or_older": 1},
        {"offices": {"links": 50, "acknowledged": 600, "saves": {"lost": 1}, "lost_or_older": 1}},
    ],
)
def test_a_missed_goal_fails_the_run(changes):
    checks = load_kit.goals(result(**changes), render_burst=10, before=0.8)
    assert [passed for _, _, passed in checks].count(False) == 1


def test_the_cluster_target_comes_from_the_environment_and_drops_the_pdf_bursts(monkeypatch):
    monkeypatch.setenv("LOAD_TARGET", "cluster")
    args = load.parse_args(["--clients", "20"])
    assert (args.target, args.burst, args.render_burst, args.pause_share) == ("cluster", 0, 0, 0.06)


def test_only_a_download_after_a_pre_render_of_the_state_saved_last_is_expected_a_hit():
    import load_cluster

    prerenders = [[7, 100.0, 102.0]]  # draft 7: started 100, done 102
    assert load_cluster.after_prerender({"draft": 7, "last_ack": 99.0, "wall": 103.0}, prerenders)
    # A save acknowledged after the render began: that state was not rendered.
    assert not load_cluster.after_prerender(
        {"draft": 7, "last_ack": 101.0, "wall": 103.0}, prerenders
    )
    # Clicked before it was done, or another draft.
    assert not load_cluster.after_prerender(
        {"draft": 7, "last_ack": 99.0, "wall": 101.5}, prerenders
    )
    assert not load_cluster.after_prerender(
        {"draft": 8, "last_ack": 99.0, "wall": 103.0}, prerenders
    )


def test_downloads_are_counted_by_server_and_cache_and_hits_after_the_kill_by_server():
    import load_cluster

    prerenders = [[1, 10.0, 11.0], [2, 10.0, 11.0]]
    base = {"status": 200, "last_ack": 5.0, "wall": 20.0}
    downloads = [
        {**base, "draft": 1, "at": 1.0, "server": "app1", "cache": "hit"},
        {**base, "draft": 2, "at": 9.0, "server": "app2", "cache": "hit"},
        {**base, "draft": 2, "at": 9.5, "server": "app2", "cache": "waited", "wall": 10.5},
    ]
    counted = load_cluster.downloads_by_server(downloads, prerenders, killed=5.0)
    assert counted["table"] == {"app1 hit": 1, "app2 hit": 1, "app2 waited": 1}
    assert (counted["after_prerender"], counted["after_prerender_hits"]) == (2, 2)
    assert counted["hits_after_kill"] == {"app2": 1}


def test_the_offices_fill_beside_the_writers_by_default_and_their_goal_is_printed():
    assert load.parse_args([]).offices == 50
    checks = load_kit.goals(result(), render_burst=10, before=0.8)
    assert (
        "office values lost or overwritten by older (50 offices)",
        "0 of 600 acknowledged (goal 0)",
        True,
    ) in checks
