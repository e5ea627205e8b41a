"""dev.py: start runs the background worker beside the web server and stops it with it; start
and test find (or install, as root) the system libraries of the PDF briefs."""

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


def test_the_pdf_libraries_are_found_on_this_machine():
    assert dev.missing_pdf_libraries() == []  # .ci/run and dev.py installed them


def test_missing_pdf_libraries_stop_the_tests_and_say_how_to_install_them(monkeypatch, capsys):
    monkeypatch.setattr(dev, "missing_pdf_libraries", lambda: ["pango-1.0"])
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)  # not root: nothing is installed
    with pytest.raises(SystemExit) as stopped:
        dev.ensure_pdf_libraries(required=True)
    assert "missing here: pango-1.0" in str(stopped.value)
    assert "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" in str(stopped.value)
    dev.ensure_pdf_libraries(required=False)  # start: a warning, and the site runs
    assert "WARNING: PDF briefs (WeasyPrint) need" in capsys.readouterr().out


def test_root_installs_the_pdf_libraries_with_apt_get(monkeypatch):
    monkeypatch.setattr(dev, "missing_pdf_libraries", lambda: ["fontconfig"])
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0)
    monkeypatch.setattr(dev.shutil, "which", lambda name: f"/usr/bin/{name}")
    ran = []
    monkeypatch.setattr(dev, "run", lambda *args, env=None: ran.append(args))
    dev.ensure_pdf_libraries(required=True)
    assert ran == [
        ("apt-get", "update", "-qq"),
        ("apt-get", "install", "-y", "-qq", *dev.PDF_PACKAGES),
    ]


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
