"""Run one function in a child process under a memory and a CPU-time ceiling. No database.

A PDF is read by PDFium, native code that inflates every stream it needs whole: a 2 MB file of
compressed zeros grew a worker by 3 GB, and PDFium aborts the whole process when memory runs
out. Checking the file's streams before handing it over cannot be made safe (filters chained,
streams encrypted with an empty password, lengths PDFium repairs its own way), so the reading
runs in a forked child whose address space (RLIMIT_AS) and CPU time (RLIMIT_CPU) are limited:
whatever the file holds, the child stops at the ceiling and the caller gets BoundExceeded,
the worker its memory back.

The child is forked (not spawned): it starts at once with the modules already loaded, and its
ceiling is what it may add to the parent's size. It runs only `work` (pure Python and PDFium;
no database, no logging) and leaves with os._exit, so nothing of the parent's (connections,
atexit hooks, a test runner) runs twice. A wall-clock guard kills it if it ever hangs.
"""

import faulthandler
import os
import pickle
import resource
import signal
import threading
import traceback

from tipwatch.core.joblimits import address_space

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes the child may add to the parent's address space
CPU_SECONDS = 300  # a child not finished after three times as long on the clock is killed


class BoundExceeded(Exception):
    """The child went over a ceiling (`what` is "memory" or "time") or died."""

    def __init__(self, what):
        super().__init__(what)
        self.what = what


class Failed(Exception):
    """The child's work raised an exception it chose to pass on: `error` is that exception."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def run_bounded(work, *, passed_on=(), on_message=None, memory=None, seconds=None):
    """work(send) in a child process; its return value here.

    send(message) from the child calls on_message(message) here, as the child runs (progress).
    An exception of a type in passed_on raised by work is raised here as Failed(exception);
    any other end of the child (a ceiling, a crash) raises BoundExceeded.
    """
    memory = MEMORY_LIMIT if memory is None else memory
    seconds = CPU_SECONDS if seconds is None else seconds
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, write_end, passed_on, memory, seconds)
    os.close(write_end)
    guard = threading.Timer(3 * seconds, _kill, (pid,))
    guard.start()
    try:
        outcome = _receive(read_end, on_message)
    except BaseException:
        _kill(pid)  # the caller was stopped (its job's time limit): the child goes with it
        raise
    finally:
        guard.cancel()
        guard.join()
        _, status, usage = os.wait4(pid, 0)
    if outcome and outcome[0] == "result":
        return outcome[1]
    if outcome and outcome[0] == "failed":
        raise Failed(outcome[1])
    if outcome and outcome[0] == "memory":
        raise BoundExceeded("memory")
    if outcome and outcome[0] == "crashed":
        raise RuntimeError(f"the bounded child failed:\n{outcome[1]}")
    used = usage.ru_utime + usage.ru_stime
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
    raise BoundExceeded("time" if killed and used >= seconds - 1 else "memory")


def _receive(read_end, on_message):
    """Pass the child's messages to on_message; its outcome, or None if it sent none."""
    with os.fdopen(read_end, "rb") as stream:
        while True:
            try:
                kind, payload = pickle.load(stream)
            except (EOFError, pickle.UnpicklingError):
                return None
            if kind != "message":
                return (kind, payload)
            if on_message:
                on_message(payload)


def _child(work, write_end, passed_on, memory, seconds):
    code = 1
    try:
        faulthandler.disable()  # a native crash at the ceiling is expected: no dump of it
        limit = address_space() + memory  # may be above the job's own, up to the hard limit
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
        with os.fdopen(write_end, "wb") as stream:

            def send(kind, payload):
                pickle.dump((kind, payload), stream)
                stream.flush()

            try:
                send("result", work(lambda message: send("message", message)))
            except passed_on as error:
                send("failed", error)
            except MemoryError:
                send("memory", None)
            except Exception:
                send("crashed", traceback.format_exc())
        code = 0
    finally:
        os._exit(code)


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
