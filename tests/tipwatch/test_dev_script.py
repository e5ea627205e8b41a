"""dev.py start runs the background worker beside the web server and stops it with it."""

import subprocess
import sys

import pytest

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


def test_start_demo_adds_synthetic_asks_after_the_real_data_and_refuses_other_arguments(
    monkeypatch,
):
    commands = []
    monkeypatch.setattr(dev, "ensure_virtualenv", lambda requirements: None)
    monkeypatch.setattr(dev, "local_environment", lambda: {"PORT": "8000"})
    monkeypatch.setattr(dev, "run", lambda *args, env=None: commands.append(args[2:]))
    monkeypatch.setattr(dev, "serve_with_worker", lambda server, worker, env: 0)

    def start(*arguments):
        commands.clear()
        monkeypatch.setattr(sys, "argv", ["dev.py", "start", *arguments])
        with pytest.raises(SystemExit) as stopped:
            dev.main()
        return stopped.value.code, [command[0] for command in commands]

    code, names = start("--demo")
    assert code == 0
    assert names.index("load_initial_data") < names.index("generate_demo_data")
    assert ("generate_demo_data", "--beside-real-tiers") in commands
    code, names = start()
    assert code == 0 and "generate_demo_data" not in names
    code, names = start("--bogus")
    assert "only --demo" in code and names == []
