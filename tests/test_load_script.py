"""`make load` is a tool, not a test: only its options and its arithmetic are checked here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("load_script", ROOT / "scripts" / "load.py")
load = importlib.util.module_from_spec(spec)
sys.modules["load_script"] = load  # its dataclasses look their module up while being made
spec.loader.exec_module(load)


def test_the_run_length_and_clients_come_from_options_or_the_environment(monkeypatch):
    monkeypatch.setenv("LOAD_SECONDS", "20")
    monkeypatch.setenv("LOAD_CLIENTS", "30")
    monkeypatch.setenv("LOAD_DB", "sqlite")
    args = load.parse_args([])
    assert (args.seconds, args.clients, args.db) == (20, 30, "sqlite")
    args = load.parse_args(["--seconds", "5", "--clients", "40", "--db", "postgres"])
    assert (args.seconds, args.clients, args.db) == (5, 40, "postgres")


@pytest.mark.parametrize("argv", [["--seconds", "0"], ["--seconds", "601"], ["--clients", "0"],
                                  ["--clients", "5", "--burst", "5"], ["--db", "mysql"]])  # fmt: skip
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
