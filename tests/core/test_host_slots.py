"""At most N jobs at once on the machine (core.rendering.host_slots), and render workers
below their parent's CPU priority (core.rendering.bounded)."""

import os
import signal
import subprocess
import sys

import pytest

from speechapp.core.rendering.bounded import BoundedRenderer
from speechapp.core.rendering.host_slots import NoSlotError, host_slot


def test_a_job_waits_for_a_slot_and_gives_up_after_its_wait(tmp_path):
    with (
        host_slot(tmp_path, 1, wait_s=1),
        pytest.raises(NoSlotError),
        host_slot(tmp_path, 1, wait_s=0.1),
    ):
        pass
    with host_slot(tmp_path, 1, wait_s=0.1) as number:
        assert number == 0


def test_two_slots_let_two_jobs_run_at_once(tmp_path):
    with host_slot(tmp_path, 2, wait_s=1) as first, host_slot(tmp_path, 2, wait_s=1) as second:
        assert {first, second} == {0, 1}


HOLDER = """
import sys, time
from speechapp.core.rendering.host_slots import host_slot
with host_slot(sys.argv[1], 1, wait_s=5):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_slot_held_by_a_killed_process_is_free_again(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(NoSlotError), host_slot(tmp_path, 1, wait_s=0.1):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        with host_slot(tmp_path, 1, wait_s=5) as number:
            assert number == 0
    finally:
        holder.kill()


def test_render_workers_run_below_their_parent_s_cpu_priority():
    pool = BoundedRenderer(workers=1, timeout_s=30, memory_mb=0, nice=5)
    try:
        assert pool.run(os.nice, 0) == min(os.nice(0) + 5, 19)
    finally:
        pool.shutdown()
