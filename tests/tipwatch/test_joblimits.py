"""The time and memory limits of one job (tipwatch/core/joblimits.py): each stops the block with
JobLimitExceeded, and the process's alarm, SIGALRM handler and RLIMIT_AS are as before after."""

import datetime
import resource
import signal
import threading
import time
from unittest import mock

import pytest

from tipwatch.core import schedule
from tipwatch.core.joblimits import JobLimitExceeded, JobLimits

MB = 2**20


def process_limits():
    return (
        signal.getsignal(signal.SIGALRM),
        signal.getitimer(signal.ITIMER_REAL),
        resource.getrlimit(resource.RLIMIT_AS),
    )


def test_a_block_past_its_time_is_stopped_and_everything_is_restored():
    before = process_limits()
    with pytest.raises(JobLimitExceeded) as exceeded, JobLimits(seconds=0.2, memory=64 * MB):
        time.sleep(30)
    assert (exceeded.value.what, exceeded.value.limit) == ("time", 0.2)
    assert process_limits() == before


def test_a_block_that_swallows_exceptions_is_still_stopped():
    """A cache failing soft or a reader's clean-up catches Exception: the limit is no Exception."""
    with pytest.raises(JobLimitExceeded), JobLimits(seconds=0.2, memory=0):
        try:
            time.sleep(30)
        except Exception:  # noqa: BLE001 - what the test is about
            pass


def test_a_block_past_its_memory_is_stopped_and_everything_is_restored():
    before = process_limits()
    with pytest.raises(JobLimitExceeded) as exceeded, JobLimits(seconds=60, memory=64 * MB):
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        assert soft != resource.RLIM_INFINITY and hard == before[2][1]  # the hard one kept
        bytearray(512 * MB)
    assert exceeded.value.what == "memory"
    assert isinstance(exceeded.value.__cause__, MemoryError)
    assert process_limits() == before


def test_a_block_within_its_limits_runs_and_keeps_its_outcome():
    before = process_limits()
    with JobLimits(seconds=60, memory=256 * MB):
        size = len(bytearray(16 * MB))
    assert size == 16 * MB
    with pytest.raises(ValueError), JobLimits(seconds=60, memory=256 * MB):
        raise ValueError("the job's own error")
    assert process_limits() == before


def test_an_alarm_set_before_the_job_and_its_handler_come_back():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 300)
        with JobLimits(seconds=60, memory=0):
            pass
        delay, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < delay <= 300
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        time.sleep(0.5)
        assert fired == [signal.SIGALRM]  # the previous handler, not the job's
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_off_the_main_thread_the_block_runs_without_limits():
    """Signals and RLIMIT_AS belong to the whole process: a thread (a worker under --reload)
    runs its job unlimited rather than fail or limit the threads beside it."""
    seen = []

    def job():
        with JobLimits(seconds=60, memory=64 * MB):
            seen.append(process_limits())

    before = process_limits()
    thread = threading.Thread(target=job)
    thread.start()
    thread.join()
    assert seen == [before]


def test_the_schedule_thread_survives_a_failure_of_any_kind():
    """A job at its memory limit makes the scheduler thread's allocations fail too: it logs
    and goes on, or no digest would be queued again by that worker."""
    scheduler = schedule.Scheduler()
    calls = []

    def tick():
        calls.append(len(calls))
        if len(calls) == 1:
            raise MemoryError
        scheduler.stop()

    with (
        mock.patch.object(schedule, "tick", tick),
        mock.patch.object(schedule, "TICK", datetime.timedelta(0)),
    ):
        scheduler.start()
        scheduler.join(timeout=30)
    assert calls == [0, 1]
