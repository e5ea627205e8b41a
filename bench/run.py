#!/usr/bin/env python3
"""Benchmark every page of TIPWatch at scale, against the stack's own references.

    .venv/bin/python bench/run.py                 # SQLite and PostgreSQL, scales 0.1 and 1
    .venv/bin/python bench/run.py --quick         # 3 s per page, scale 0.1 only
    .venv/bin/python bench/run.py --db postgresql --scale 1 --scale10

For each database and scale: a fresh database (migrate + generate_demo_data), gunicorn as in
production (2 workers, DEBUG off, WhiteNoise, bench.settings), a login through the form, then
wrk at concurrency 8 on every page and on three references (a bare view behind the login, the
same without it, the admin's changelist of recommendations). Also: queries per page (Django's
test client), the dashboard's bytes in Chromium (first and repeat visit), the workers' peak
memory, import_report on 190 chapters, and (with --scale10) a worker's memory while it streams
the full CSV export at scale 10. Prints one table and writes bench/results/<time>.json.
Not part of the test suite.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.server import RssSampler, Server, memory_kb  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
PASSWORD = "bench-" + secrets.token_urlsafe(12)
CONCURRENCY = 8
BARE_SECONDS = 4  # the bare view again after each page, the ratio's reference
COLD_REPEATS = 5  # first requests after a write, per page: one alone is too noisy
SEED = 1
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

# (name, label, path, who) - the path may use the targets that bench/tasks.py prepare chose.
PAGES = [
    ("dashboard", "dashboard /", "/", "analyst"),
    ("countries", "countries list", "/countries/", "analyst"),
    ("country", "country page (full history)", "/countries/{country_slug}/", "analyst"),
    ("recommendations", "recommendations list", "/recommendations/", "analyst"),
    (
        "recommendations_filtered",
        "recommendations, 3 filters",
        "/recommendations/?region=AF&pillar=protection&status=in_progress",
        "analyst",
    ),
    ("recommendation", "recommendation page", "/recommendations/{recommendation_id}/", "analyst"),
    ("trends", "trends", "/trends/", "analyst"),
    ("changes", "changes", "/changes/", "analyst"),
    ("analysis", "analysis: themes by region", "/analysis/", "analyst"),
    ("analysis_repeated", "analysis: repeated asks", "/analysis/repeated/", "analyst"),
    ("analysis_theme", "analysis: one theme", "/analysis/themes/prosecution/", "analyst"),
    (
        "analysis_country",
        "analysis: country vs region",
        "/analysis/countries/{country_slug}/",
        "analyst",
    ),
    ("analysis_upgrades", "analysis: upgrades", "/analysis/upgrades/", "analyst"),
    ("dropped", "dropped list (admins)", "/recommendations/dropped/", "admin"),
    ("csv", "CSV export (all)", "/recommendations/?format=csv", "analyst"),
    ("ref_bare", "ref: bare view, login", "/bench/bare/", "analyst"),
    ("ref_bare_open", "ref: bare view, no login", "/bench/bare-open/", None),
    ("ref_admin", "ref: admin changelist", "/admin/recommendations/recommendation/", "admin"),
]
CSV_PAGE = "/recommendations/?format=csv"


def main():
    args = parse_args()
    if args.render:
        results = json.loads(Path(args.render).read_text())
        return publish(report.render(results), results, args.write_docs)
    python = find_python(args.python)
    wrk = find_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    runner = Runner(args, python, wrk)
    started = time.monotonic()
    results = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "settings": {
            "duration_s": args.duration,
            "concurrency": CONCURRENCY,
            "workers": 2,
            "seed": SEED,
            "cache": "redis" if runner.redis_url else "locmem",
        },
        "machine": runner.machine(),
        "runs": {},
        "extras": {},
    }
    runner.collectstatic()
    for kind in args.db:
        for scale in args.scale:
            print(f"== {DATABASES[kind]}, scale {scale:g}", flush=True)
            try:
                run = runner.measure(kind, scale)
            except RuntimeError as error:  # a failed step: say so, measure the rest
                print(f"   failed: {error}", flush=True)
                run = {"error": str(error)}
            results["runs"].setdefault(kind, {})[f"{scale:g}"] = run
    if not args.no_import:
        print("== import_report on 190 chapters", flush=True)
        results["extras"]["import"] = {kind: runner.import_speed(kind) for kind in args.db}
    if args.scale10:
        kind = "postgresql" if "postgresql" in args.db else args.db[0]
        print(f"== CSV export memory at scale 10 ({DATABASES[kind]})", flush=True)
        results["extras"]["csv_scale10"] = runner.csv_memory(kind, 10)
    results["total_seconds"] = round(time.monotonic() - started)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(results, indent=2))
    publish(report.render(results), results, args.write_docs)
    print(f"Results: bench/results/{stamp}.json ({results['total_seconds']} s in all)")


def publish(table, results, write_docs):
    print()
    print(table)
    if write_docs:
        report.write_docs(ROOT / "docs" / "benchmarks.md", table, results)
        print("Table written to docs/benchmarks.md")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", choices=list(DATABASES), help="repeatable")
    parser.add_argument("--scale", action="append", type=float, help="repeatable; 0.1 and 1")
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page")
    parser.add_argument("--quick", action="store_true", help="3 s per page, scale 0.1 only")
    parser.add_argument("--scale10", action="store_true", help="CSV memory at scale 10 (slow)")
    parser.add_argument("--no-import", action="store_true", help="skip the import timing")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium bytes")
    parser.add_argument("--no-redis", action="store_true", help="per-process cache, not Redis")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--render", metavar="RESULTS.json", help="print a saved run's table")
    parser.add_argument("--python", help="the project's Python (default: this or .venv's)")
    parser.add_argument("--db-prefix", default="tw_bench", help="database names: PREFIX_SCALE")
    parser.add_argument("--port", type=int, help="gunicorn's port (default: any free one)")
    parser.add_argument("--reuse-db", action="store_true", help="keep the databases built before")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server; the bench creates and drops its own tw_bench_* databases",
    )
    args = parser.parse_args()
    args.db = args.db or list(DATABASES)
    if args.quick:
        args.duration = 3 if args.duration == 8 else args.duration
        args.scale = args.scale or [0.1]
    args.scale = args.scale or [0.1, 1.0]
    return args


def find_python(given):
    """A Python with the project's requirements: --python, this one, or the checkout's .venv."""
    for candidate in (given, sys.executable, ROOT / ".venv" / "bin" / "python"):
        if candidate and Path(candidate).exists():
            check = [candidate, "-c", "import django, gunicorn"]
            if subprocess.run(check, capture_output=True).returncode == 0:
                return str(candidate)
    sys.exit(
        "No Python with the requirements installed: run `python3 dev.py test` once "
        "(it makes .venv), or pass --python /path/to/venv/bin/python."
    )


def find_wrk():
    """wrk from PATH, else installed from Debian's packages (needs root)."""
    found = shutil.which("wrk") or ("/usr/bin/wrk" if Path("/usr/bin/wrk").exists() else None)
    if found:
        return found
    print("wrk not found: installing Debian's package", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env)
    return shutil.which("wrk") or sys.exit("Could not install wrk: apt-get install wrk")


class Runner:
    def __init__(self, args, python, wrk):
        self.args, self.python, self.wrk = args, python, wrk
        self.redis_url = None if args.no_redis else redis_url()
        self.secret_key = secrets.token_urlsafe(50)

    # -- databases and Django steps --------------------------------------------------------

    def env(self, kind, name):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": self.database_url(kind, name),
            "BENCH_CACHE_PREFIX": f"bench-{name}-{secrets.token_hex(4)}",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("REDIS_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        return env

    def database_url(self, kind, name):
        if kind == "sqlite":
            return f"sqlite:///{WORK / name}.sqlite3"
        return f"{self.args.pg_url.rstrip('/')}/{name}"

    def fresh_database(self, kind, name):
        if kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{WORK / name}.sqlite3{suffix}").unlink(missing_ok=True)
        else:
            self.task(self.env(kind, name), "createdb", name)

    def manage(self, env, *args):
        started = time.monotonic()
        done = subprocess.run(
            [self.python, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done, time.monotonic() - started

    def task(self, env, *args):
        done = subprocess.run(
            [self.python, "bench/tasks.py", *map(str, args)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench/tasks.py {args[0]} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def build(self, kind, scale):
        """A fresh database at a scale; returns its env and how long each step took."""
        name = f"{self.args.db_prefix}_" + f"{scale:g}".replace(".", "_")
        env = self.env(kind, name)
        if self.args.reuse_db:
            _, migrate_s = self.manage(env, "migrate", "--no-input")
            reused = f"database {name} reused (generated earlier, seed {SEED})"
            return env, {"migrate_s": round(migrate_s, 1), "generate_s": 0, "generated": reused}
        self.fresh_database(kind, name)
        _, migrate_s = self.manage(env, "migrate", "--no-input")
        generated, generate_s = self.manage(
            env, "generate_demo_data", "--scale", f"{scale:g}", "--seed", str(SEED)
        )
        build = {
            "migrate_s": round(migrate_s, 1),
            "generate_s": round(generate_s, 1),
            "generated": generated.stdout.strip().splitlines()[-1],
        }
        print(f"   {build['generated']}", flush=True)
        return env, build

    def collectstatic(self):
        self.manage(self.env("sqlite", "tw_bench_static"), "collectstatic", "--no-input")

    # -- one database at one scale ----------------------------------------------------------

    def measure(self, kind, scale):
        env, build = self.build(kind, scale)
        targets = self.task(env, "prepare", PASSWORD)
        pages = [
            {
                "name": name,
                "label": label,
                "path": path.format(**targets),
                "user": targets[who] if who else None,
            }
            for name, label, path, who in PAGES
        ]
        pages_file = WORK / "pages.json"
        pages_file.write_text(json.dumps(pages))
        queries = self.task(env, "queries", pages_file)
        run = {"build": build, "targets": targets, "queries": queries, "pages": {}}
        server = Server(
            self.python, ROOT, env, WORK / f"gunicorn-{kind}-{scale:g}.log", port=self.args.port
        )
        try:
            cookies = {
                None: None,
                targets["analyst"]: server.log_in(targets["analyst"], PASSWORD),
                targets["admin"]: server.log_in(targets["admin"], PASSWORD),
            }
            self.warm_up(server, pages, cookies)
            before = self.task(env, "backends") if kind == "postgresql" else None
            bare = next(page for page in pages if page["name"] == "ref_bare")
            for page in pages:
                result = self.load(server, page, cookies[page["user"]])
                if not page["name"].startswith("ref_") and "rps" in result:
                    # The machine's speed drifts (other tenants): the bare view measured again
                    # right after each page is the reference its ratio is taken against.
                    adjacent = self.load(server, bare, cookies[bare["user"]], BARE_SECONDS)
                    result["bare_rps"] = adjacent.get("rps")
                run["pages"][page["name"]] = {**page, **result}
                print(f"   {page['label']:<30} {report.describe(result)}", flush=True)
            if kind == "postgresql":
                after = self.task(env, "backends")
                run["connections"] = connection_reuse(before, after, run["pages"])
            run["cold"] = self.cold(server, pages, targets, cookies)
            run["memory_kb"] = {pid: memory_kb(pid) for pid in server.worker_pids()}
            if not self.args.no_browser:
                run["browser"] = self.browser(server, cookies[targets["analyst"]])
        finally:
            server.stop()
        return run

    def warm_up(self, server, pages, cookies):
        """A second of load on every page but the CSV, so that both workers have started,
        connected and served each page once before it is measured warm."""
        for page in pages:
            if page["path"] == CSV_PAGE:
                continue
            cookie = cookies[page["user"]]
            command = [self.wrk, "-t1", f"-c{CONCURRENCY}", "-d1s", "--timeout", "60s"]
            command += ["-H", f"Cookie: {cookie}"] if cookie else []
            subprocess.run([*command, server.base + page["path"]], capture_output=True)

    def load(self, server, page, cookie, seconds=None):
        """Check the page answers, then put it under load with wrk (for `seconds`, else the
        --duration)."""
        status, content_type, size = server.get(page["path"], cookie)
        if status == 404:
            return {"missing": "404 in this branch"}
        if page["path"] == CSV_PAGE and "csv" not in content_type:
            return {"missing": f"no CSV export (got {content_type or status})"}
        if status != 200:
            return {"error": f"HTTP {status}"}
        command = [
            self.wrk,
            "-t1",
            f"-c{CONCURRENCY}",
            f"-d{seconds or self.args.duration}s",
            "--timeout",
            "60s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "report.lua"),
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        command.append(server.base + page["path"])
        done = subprocess.run(command, capture_output=True, text=True)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
        if line is None:
            return {"error": f"wrk failed: {done.stderr.strip() or done.stdout[-500:]}"}
        stats = json.loads(line.removeprefix("BENCH_JSON "))
        seconds = stats["duration_us"] / 1e6
        return {
            "rps": round(stats["requests"] / seconds, 1),
            "p50_ms": round(stats["p50_us"] / 1000, 2),
            "p95_ms": round(stats["p95_us"] / 1000, 2),
            "p99_ms": round(stats["p99_us"] / 1000, 2),
            "requests": stats["requests"],
            "response_bytes": size,
            "errors": {k: v for k, v in stats["errors"].items() if v},
        }

    def cold(self, server, pages, targets, cookies, repeats=COLD_REPEATS):
        """Each page's first request after a status is recorded (through the form) on a
        recommendation it shows, `repeats` times: ms of those requests (median and slowest),
        with the machine's load average."""
        admin = cookies[targets["admin"]]
        result = {"load": os.getloadavg()[0], "repeats": repeats}
        for page in pages:
            if page["name"].startswith("ref_") or page["path"] == CSV_PAGE:
                continue
            country_page = page["name"] == "country"
            rec = targets["country_recommendation_id" if country_page else "recommendation_id"]
            times, statuses = [], set()
            for attempt in range(repeats):
                note = f"bench cold {page['name']} {attempt}"
                written = server.record_status(admin, rec, note)
                started = time.monotonic()
                status, _, _ = server.get(page["path"], cookies[page["user"]])
                times.append(round((time.monotonic() - started) * 1000, 1))
                statuses.add((status, written))
            ms = statistics.median(times)
            result[page["name"]] = {"ms": ms, "max_ms": max(times), "statuses": sorted(statuses)}
            print(
                f"   cold {page['label']:<25} {ms:8.1f} ms median, {max(times):8.1f} max "
                f"(status, write: {sorted(statuses)})",
                flush=True,
            )
        return result

    def browser(self, server, cookie):
        session = next(part for part in cookie.split("; ") if part.startswith("sessionid="))
        done = subprocess.run(
            [self.python, "bench/browser.py", server.base + "/", session],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
        return json.loads(done.stdout)

    # -- extras ------------------------------------------------------------------------------

    def import_speed(self, kind, count=190):
        name = "tw_bench_import"
        env = self.env(kind, name)
        self.fresh_database(kind, name)
        self.manage(env, "migrate", "--no-input")
        with tempfile.TemporaryDirectory() as directory:
            files = self.task(env, "chapters", directory, count)
            started = time.monotonic()
            done = subprocess.run(
                [self.python, "manage.py", "import_report", *files],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            seconds = time.monotonic() - started
        if "Unknown command" in done.stderr:
            result = {"missing": "no import_report command in this branch"}
        elif done.returncode != 0:
            result = {"error": done.stderr.strip()[-1000:], "seconds": round(seconds, 2)}
        else:
            result = {
                "chapters": count,
                "seconds": round(seconds, 2),
                "chapters_per_s": round(count / seconds, 1),
                "output": done.stdout.strip()[-300:],
            }
        print(f"   {DATABASES[kind]}: {report.describe_import(result)}", flush=True)
        return result

    def csv_memory(self, kind, scale):
        """A worker's resident memory, sampled while it streams the full CSV export."""
        env, build = self.build(kind, scale)
        targets = self.task(env, "prepare", PASSWORD)
        server = Server(self.python, ROOT, env, WORK / f"gunicorn-csv-{scale:g}.log")
        try:
            cookie = server.log_in(targets["analyst"], PASSWORD)
            server.get("/bench/bare/", cookie)
            sampler = RssSampler(server.worker_pids())
            sampler.start()
            started = time.monotonic()
            status, content_type, size = server.get(CSV_PAGE, cookie)
            seconds = time.monotonic() - started
            sampler.stop()
        finally:
            server.stop()
        result = {"build": build, "status": status, "content_type": content_type}
        if "csv" not in content_type:
            result["missing"] = f"no CSV export (got {content_type or status})"
        else:
            result.update(report.rss_summary(sampler.samples))
            result.update(bytes=size, seconds=round(seconds, 1))
        print(f"   {report.describe_csv(result)}", flush=True)
        return result

    def machine(self):
        def output(*command):
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=30)
                return done.stdout.rstrip() or done.stderr.strip()
            except (OSError, subprocess.TimeoutExpired):
                return "unavailable"

        return {
            "nproc": os.cpu_count(),
            "free_h": output("free", "-h"),
            "kernel": platform.release(),
            "python": output(self.python, "-c", "import sys; print(sys.version.split()[0])"),
            "sqlite": output(self.python, "-c", "import sqlite3; print(sqlite3.sqlite_version)"),
            "postgresql": output(
                "psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"
            ),
            "wrk": output(self.wrk, "-v").splitlines()[0] if self.wrk else "",
            "chromium": output("chromium", "--version"),
            "git": output("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"),
        }


def redis_url():
    """Redis at its default address, when it answers (as the production cache)."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/0"
    except OSError:
        pass
    return None


def connection_reuse(before, after, pages):
    """How many PostgreSQL sessions the workers opened for the requests of the load.

    With CONN_MAX_AGE each worker keeps its connection for that many seconds, so a few
    sessions serve thousands of requests; a new connection per request would open as many
    sessions as requests.
    """
    requests = sum(page.get("requests", 0) for page in pages.values())
    # The `before` task's own session is counted in `after`.
    opened = after["sessions"] - before["sessions"] - 1
    return {
        "requests": requests,
        "sessions_opened": opened,
        "open_after": after["open"],
        "reused": opened < max(10, requests / 100),
    }


if __name__ == "__main__":
    main()
