#!/usr/bin/env python3
"""Run TIPWatch from a fresh clone with nothing but Python 3.11+.

    python3 dev.py start   # virtualenv, install, migrate, load data, demo accounts, gunicorn
                           # and a background worker (manage.py run_worker) beside it
    python3 dev.py start --demo   # the same, with synthetic recommendations (marked so)
                           # beside the real tier data, so that every page has asks to show
    python3 dev.py check   # what CI runs before the tests: ruff, migrations, deploy checks, static
    python3 dev.py test    # the whole test suite (add pytest arguments after `test`)

Standard library only: it runs before anything is installed.
"""

import ctypes.util
import os
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VAR = ROOT / "var"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


# WeasyPrint (the country briefs' PDFs) loads these system libraries; the Debian packages
# that hold them, and a font (nothing is fetched from another host, fonts included).
PDF_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig")
PDF_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core")
PDF_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def run(*args, env=None):
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_virtualenv(requirements):
    """Create .venv once, and install the requirements when they changed since last time."""
    if not PYTHON.exists():
        print("Creating the virtualenv in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{requirements}"
    wanted = "".join((ROOT / name).read_text() for name in ("requirements.txt", requirements))
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"Installing {requirements} ...", flush=True)
        run(
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            ROOT / requirements,
        )
        stamp.write_text(wanted)


def missing_pdf_libraries():
    """The system libraries (and the font) PDF briefs need that this machine lacks."""
    missing = [name for name in PDF_LIBRARIES if not ctypes.util.find_library(name)]
    if sys.platform.startswith("linux") and not PDF_FONT.exists():
        missing.append("DejaVu fonts")
    return missing


def ensure_pdf_libraries(*, required):
    """Install WeasyPrint's system libraries with apt-get when root on Debian/Ubuntu; else say
    what is missing and how to install it: stop when `required` (the tests), warn otherwise
    (the site runs, its PDF briefs fail)."""
    missing = missing_pdf_libraries()
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing system libraries for PDF briefs: {' '.join(PDF_PACKAGES)}", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", *PDF_PACKAGES, env=env)
        return
    message = (
        f"PDF briefs (WeasyPrint) need system libraries missing here: {', '.join(missing)}.\n"
        f"  Debian/Ubuntu: sudo apt-get install -y {' '.join(PDF_PACKAGES)}\n"
        "  macOS: brew install pango"
    )
    if required:
        sys.exit(message)
    print(f"WARNING: {message}\n  The site runs; its PDF briefs will fail.", flush=True)


def local_secret_key():
    """A secret key made once per checkout and kept in the git-ignored var/ folder."""
    VAR.mkdir(exist_ok=True)
    key_file = VAR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def local_environment():
    """Production settings, relaxed only where plain http on this machine needs it."""
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", local_secret_key())
    env.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
    env.setdefault("DEBUG", "0")
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("SECURE_COOKIES", "0")
    env.setdefault("SECURE_HSTS_SECONDS", "0")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start(demo=False):
    ensure_virtualenv("requirements.txt")
    ensure_pdf_libraries(required=False)
    env = local_environment()
    manage = [PYTHON, ROOT / "manage.py"]
    run(*manage, "migrate", "--no-input", env=env)
    run(*manage, "collectstatic", "--no-input", "--verbosity", "0", env=env)
    run(*manage, "load_initial_data", env=env)
    if demo:
        run(*manage, "generate_demo_data", "--beside-real-tiers", env=env)
    run(*manage, "create_demo_accounts", env=env)
    port = env.get("PORT", "8000")
    print(f"Serving TIPWatch on http://127.0.0.1:{port}/ (Ctrl-C stops it)", flush=True)
    gunicorn = [
        PYTHON,
        "-m",
        "gunicorn",
        "tipwatch.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--access-logfile",
        "-",
        "--logger-class",
        "tipwatch.core.gunicorn_logging.JsonLogger",
    ]
    sys.exit(serve_with_worker(gunicorn, [*manage, "run_worker", "--no-reload"], env))


def serve_with_worker(server, worker, env):
    """Run the background worker beside the web server; stop it when the server exits.

    Ctrl-C reaches both (one process group): each stops on its own, and this waits for them.
    """
    jobs = subprocess.Popen([str(a) for a in worker], cwd=ROOT, env=env)
    web = subprocess.Popen([str(a) for a in server], cwd=ROOT, env=env)
    interrupted = False
    try:
        code = web.wait()
    except KeyboardInterrupt:
        interrupted = True  # the worker had the Ctrl-C too
        code = web.wait()
    finally:
        if not interrupted and jobs.poll() is None:
            jobs.terminate()  # one signal: the worker ends its current job, then stops
        try:
            jobs.wait()
        except KeyboardInterrupt:  # a second Ctrl-C: stop now (a cut job is marked failed)
            jobs.kill()
            jobs.wait()
    return code


def test(pytest_args):
    ensure_virtualenv("requirements-dev.txt")
    ensure_pdf_libraries(required=True)
    env = local_environment()
    database = env.get("DATABASE_URL", "SQLite (default)")
    print(f"Running the test suite on {database.split('@')[-1]}", flush=True)
    run(PYTHON, "-m", "pytest", *pytest_args, env=env)


def check():
    """Lint and format (ruff), the layers contract (import-linter), complete migrations,
    Django's deployment checks with production settings, and collectstatic: every step CI runs
    before the tests. Stops at the first failure."""
    ensure_virtualenv("requirements-dev.txt")
    ruff = VENV / ("Scripts/ruff.exe" if os.name == "nt" else "bin/ruff")
    print("== ruff check, ruff format --check", flush=True)
    run(ruff, "check", ".")
    run(ruff, "format", "--check", ".")
    print('== lint-imports (the layers: README, "Layers")', flush=True)
    run(VENV / ("Scripts/lint-imports.exe" if os.name == "nt" else "bin/lint-imports"))
    # Production-like: DEBUG off, a real-looking key and host, every secure default on.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SECURE_") and key not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=f"check-{secrets.token_urlsafe(50)}",
        ALLOWED_HOSTS="tipwatch.example.org",
        PYTHONUNBUFFERED="1",
    )
    manage = [PYTHON, ROOT / "manage.py"]
    print("== makemigrations --check", flush=True)
    run(*manage, "makemigrations", "--check", "--dry-run", env=env)
    print("== check --deploy", flush=True)
    run(*manage, "check", "--deploy", "--fail-level", "WARNING", env=env)
    print("== collectstatic", flush=True)
    run(*manage, "collectstatic", "--no-input", "--verbosity", "0", env=env)
    print("All checks passed.", flush=True)


COMMANDS = ("start", "check", "test")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    if sys.version_info < (3, 11):  # noqa: UP036 - this script is what tells old Pythons
        sys.exit("TIPWatch needs Python 3.11 or newer.")
    if sys.argv[1] == "start":
        if sys.argv[2:] not in ([], ["--demo"]):
            sys.exit(f"Unknown arguments {' '.join(sys.argv[2:])}: `start` takes only --demo.")
        start(demo=sys.argv[2:] == ["--demo"])
    elif sys.argv[1] == "check":
        check()
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
