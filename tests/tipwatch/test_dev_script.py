"""dev.py start runs the background worker beside the web server and stops it with it."""

import subprocess
import sys

import dev


def test_the_worker_is_stopped_when_the_server_exits(monkeypatch):
    server = [sys.executable, "-c", "raise SystemExit(3)"]
    worker = [sys.executable, "-c", "import time; time.sleep(60)"]
    started, real_popen = [], subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(dev.subprocess, "Popen", popen)
    assert dev.serve_with_worker(server, worker, env=None) == 3
    worker_process = started[0]
    assert worker_process.returncode is not None  # stopped and reaped, not left running
