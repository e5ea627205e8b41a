"""A time and a memory limit around one background job, so that one job cannot stall a worker.

    with JobLimits(seconds=600, memory=1536 * 2**20):
        work()

Time: a wall-clock alarm (setitimer, SIGALRM) raises JobLimitExceeded("time") in the block
when its time is up, wherever the block is in Python code (a call into native code is
interrupted when it returns to Python; a blocking read or sleep at once). Memory: the process's
soft RLIMIT_AS is lowered to its present size plus `memory`, so an allocation past it fails
and the block ends with JobLimitExceeded("memory") (from the MemoryError). The hard limit is
left as it is, so a child process (the PDF reader's, recommendations/reading/bounded.py) may
set a ceiling of its own above this one. On leaving, whatever happened, the previous SIGALRM
handler, alarm and soft limit are back.

JobLimitExceeded is a BaseException, like KeyboardInterrupt: code that catches Exception
(a cache failing soft, a reader's clean-up) cannot swallow it, and a transaction it crosses
rolls back. Signals and the address-space limit belong to the whole process, so the limits are
set only on the main thread (where django-tasks' db_worker runs its jobs); elsewhere (a worker
started with --reload, whose jobs run on a thread of the reloader) the block runs without them,
with a warning in the log. `seconds` or `memory` of 0 leaves that limit off.
"""

import logging
import re
import resource
import signal
import threading
import time
from pathlib import Path

logger = logging.getLogger("tipwatch.core.jobs")


class JobLimitExceeded(BaseException):
    """The job went over its limit: `what` is "time" or "memory", `limit` that limit (seconds,
    or bytes the job may add to the process)."""

    def __init__(self, what, limit):
        super().__init__(f"the job went over its {what} limit ({limit})")
        self.what, self.limit = what, limit


class JobLimits:
    """Context manager: the block runs under a limit of `seconds` (wall clock) and `memory`
    (bytes of address space it may add to the process); see the module's docstring."""

    def __init__(self, *, seconds, memory):
        self.seconds, self.memory = seconds, memory
        self.previous_handler = self.previous_timer = self.previous_rlimit = None
        self.timed = self.fired = False
        self.started = None

    def __enter__(self):
        if threading.current_thread() is not threading.main_thread():
            logger.warning("a job runs off the main thread: no time or memory limit for it")
            return self
        self.started = time.monotonic()
        if self.memory:
            self.previous_rlimit = resource.getrlimit(resource.RLIMIT_AS)
            soft, hard = self.previous_rlimit
            ceiling = address_space() + self.memory
            if hard != resource.RLIM_INFINITY:
                ceiling = min(ceiling, hard)
            if soft == resource.RLIM_INFINITY or ceiling < soft:
                resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
        if self.seconds:
            self.previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
            self.timed, self.previous_timer = True, (0, 0)
            try:
                self.previous_timer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
            except BaseException:  # a limit so short it is over already
                self.__exit__(None, None, None)
                raise
        return self

    def __exit__(self, kind, error, traceback):
        try:
            if self.timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                previous = self.previous_handler
                signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
                delay, interval = self.previous_timer
                if delay:  # an alarm set before the job goes on, less the job's time
                    left = max(delay - (time.monotonic() - self.started), 0.001)
                    signal.setitimer(signal.ITIMER_REAL, left, interval)
        finally:
            if self.previous_rlimit is not None:
                resource.setrlimit(resource.RLIMIT_AS, self.previous_rlimit)
        if kind is not None and issubclass(kind, MemoryError) and self.previous_rlimit:
            raise JobLimitExceeded("memory", self.memory) from error
        return False

    def _on_alarm(self, signum, frame):
        # Raised once, and never once the block has ended (the alarm may be handled as
        # __exit__ starts): the block's own outcome then stands and everything is restored.
        if self.fired or _in_exit(frame):
            return
        self.fired = True
        raise JobLimitExceeded("time", self.seconds)


def _in_exit(frame):
    while frame is not None:
        if frame.f_code is JobLimits.__exit__.__code__:
            return True
        frame = frame.f_back
    return False


def address_space():
    """This process's virtual size in bytes (what RLIMIT_AS counts)."""
    status = Path("/proc/self/status").read_text()
    match = re.search(r"^VmSize:\s+(\d+) kB", status, re.MULTILINE)
    if match:
        return int(match[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 * 4
