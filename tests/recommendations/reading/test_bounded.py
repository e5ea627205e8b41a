"""Work run in a child process under a memory and a CPU ceiling (reading/bounded.py)."""

import os
import resource
import signal
import time
from pathlib import Path

import pytest

from recommendations.reading.bounded import BoundExceeded, Failed, run_bounded
from recommendations.reading.pdf import PdfUnreadable
from tipwatch.core.joblimits import JobLimitExceeded, JobLimits


def test_result_and_messages_come_back_in_order():
    seen = []

    def work(send):
        send((1, 2))
        send((2, 2))
        return {"lines": ["a", "b"]}

    assert run_bounded(work, on_message=seen.append) == {"lines": ["a", "b"]}
    assert seen == [(1, 2), (2, 2)]


def test_an_exception_passed_on_comes_back_whole():
    def work(send):
        raise PdfUnreadable("the page cannot be read", 7)

    with pytest.raises(Failed) as failed:
        run_bounded(work, passed_on=(PdfUnreadable,))
    assert (str(failed.value.error), failed.value.error.page) == ("the page cannot be read", 7)


def test_work_over_the_memory_ceiling_is_stopped():
    def work(send):
        return len(bytearray(512 * 1024 * 1024))

    with pytest.raises(BoundExceeded) as exceeded:
        run_bounded(work, memory=64 * 1024 * 1024)
    assert exceeded.value.what == "memory"


def test_work_over_the_cpu_ceiling_is_stopped():
    def work(send):
        while True:
            pass

    with pytest.raises(BoundExceeded) as exceeded:
        run_bounded(work, seconds=1)
    assert exceeded.value.what == "time"


def zombie_children():
    """This process's children that ended and were never reaped (state Z in /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if state == "Z" and int(parent) == os.getpid():
            found.add(stat.parent.name)
    return found


def test_a_child_that_dies_is_reported_and_reaped():
    # Other tests of the suite may have children of their own: only this one's are compared.
    before = zombie_children()
    with pytest.raises(BoundExceeded):
        run_bounded(lambda send: os.kill(os.getpid(), signal.SIGSEGV))
    assert zombie_children() <= before  # no child left behind


def test_a_bug_in_the_work_is_an_error_not_a_ceiling():
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        run_bounded(lambda send: 1 / 0)


def test_a_caller_stopped_meanwhile_takes_the_child_with_it(tmp_path):
    """A job stopped at its time limit while a PDF was read used to wait for the child to end."""
    finished = tmp_path / "finished"

    def work(send):
        time.sleep(3)
        finished.write_text("the child read on")

    with pytest.raises(JobLimitExceeded), JobLimits(seconds=0.3, memory=0):
        run_bounded(work)
    assert not finished.exists()  # killed, and reaped: it never will be


def test_the_child_sets_its_own_ceiling_above_the_jobs():
    """A job's memory limit lowers only the soft limit: the reading child raises its own."""

    def work(send):
        return len(bytearray(256 * 2**20)), resource.getrlimit(resource.RLIMIT_AS)[0]

    with JobLimits(seconds=0, memory=64 * 2**20):
        job_ceiling = resource.getrlimit(resource.RLIMIT_AS)[0]
        size, child_ceiling = run_bounded(work)
    assert size == 256 * 2**20
    assert job_ceiling < child_ceiling != resource.RLIM_INFINITY
