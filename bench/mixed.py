#!/usr/bin/env python3
"""Reads while admins write, and the same while the cache and the database fail.

    .venv/bin/python bench/mixed.py --db-name tw_bench_perf_1 --scale 1          # mixed, 60 s
    .venv/bin/python bench/mixed.py --db-name tw_bench_perf_1 --fault            # + failures
    .venv/bin/python bench/mixed.py --db-name tw_bench_perf_1 --cache-phases     # wrk phases

Mixed: 8 connections read the pages (round robin) while an admin records a status every 0.5 s
and a bulk update of 200 recommendations runs every 10 s, for 60 s, through the site's own
forms; it reports requests, errors and latency per page, then checks that every write the site
acknowledged (a redirect) is in the database. --fault does the same while Redis is stopped (at
15 s) and started again (at 35 s, with the machine's own command line), and the database's
connections are terminated once (at 45 s, pg_terminate_backend on the bench database only).
--cache-phases runs wrk on the dashboard in phases: Redis up, stopped, up, hung (SIGSTOP),
resumed, 20 s each with a failure, and reports requests, 5xx and latency per phase.

The database must exist (bench/run.py builds them; --build makes it here). Only 127.0.0.1.
"""

import argparse
import collections
import datetime
import http.client
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PASSWORD, WORK, Runner, find_python, find_wrk  # noqa: E402
from bench.server import Server  # noqa: E402

REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
READERS = 8
SECONDS = 60
NOTE = "bench-mixed-" + secrets.token_hex(4)
TODAY = datetime.datetime.now(datetime.UTC).date().isoformat()  # the site's time zone is UTC


class Client:
    """One keep-alive HTTP connection with the session's cookies."""

    def __init__(self, port, cookie):
        self.port, self.cookie = port, cookie
        self.connection = None

    def request(self, method, path, body=None):
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt:
                    return 0, ""
        return 0, ""


def csrf(html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


class Load:
    def __init__(self, port, reader_cookie, admin_cookie, pages, rec_ids):
        self.port, self.pages, self.rec_ids = port, pages, rec_ids
        self.reader_cookie, self.admin_cookie = reader_cookie, admin_cookie
        self.latency = collections.defaultdict(list)  # page -> [ms]
        self.statuses = collections.Counter()
        self.timeline = collections.Counter()  # (second, ok|5xx|failed)
        self.acknowledged = {"single": 0, "bulk_rows": 0, "refused": 0, "failed": 0}
        self.stop = threading.Event()
        self.started = time.monotonic()

    def note(self, status):
        second = int(time.monotonic() - self.started)
        kind = "5xx" if status >= 500 else "failed" if status == 0 else "ok"
        self.timeline[second, kind] += 1
        self.statuses[status] += 1

    def reader(self, index):
        client = Client(self.port, self.reader_cookie)
        n = index
        while not self.stop.is_set():
            name, path = self.pages[n % len(self.pages)]
            n += 1
            began = time.monotonic()
            status, _ = client.request("GET", path)
            self.latency[name].append((time.monotonic() - began) * 1000)
            self.note(status)

    def single_writer(self):
        client = Client(self.port, self.admin_cookie)
        rng = random.Random(1)
        while not self.stop.wait(0.5):
            rec = rng.choice(self.rec_ids)
            status, html = client.request("GET", f"/recommendations/{rec}/")
            version = re.search(r'name="version" value="(\d+)"', html)
            if status != 200 or not version:
                self.acknowledged["failed"] += 1
                continue
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf(html),
                    "version": version.group(1),
                    "status": "in_progress",
                    "as_of": TODAY,
                    "note": f"{NOTE} single",
                    "evidence_url": "",
                }
            )
            status, _ = client.request("POST", f"/recommendations/{rec}/status/", body)
            self.note(status)
            if status == 302:
                self.acknowledged["single"] += 1
            elif status == 400:
                self.acknowledged["refused"] += 1  # stale form: refused, nothing written
            else:
                self.acknowledged["failed"] += 1

    def bulk_writer(self):
        client = Client(self.port, self.admin_cookie)
        rng = random.Random(2)
        while not self.stop.wait(10):
            chosen = rng.sample(self.rec_ids, 200)
            selection = "&".join(f"id={rec}" for rec in chosen)
            status, html = client.request("GET", f"/recommendations/bulk-status/?{selection}")
            if status != 200:
                self.acknowledged["failed"] += 1
                continue
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf(html),
                    "selection": selection,
                    "expected_count": "200",
                    "status": "partial",
                    "as_of": TODAY,
                    "note": f"{NOTE} bulk",
                    "evidence_url": "",
                }
            )
            began = time.monotonic()
            status, _ = client.request("POST", "/recommendations/bulk-status/", body)
            self.latency["(bulk update POST)"].append((time.monotonic() - began) * 1000)
            self.note(status)
            if status == 302:
                self.acknowledged["bulk_rows"] += 200
            else:
                self.acknowledged["failed"] += 1

    def run(self, seconds, events=()):
        threads = [threading.Thread(target=self.reader, args=(i,)) for i in range(READERS)]
        threads += [
            threading.Thread(target=self.single_writer),
            threading.Thread(target=self.bulk_writer),
        ]
        for thread in threads:
            thread.start()
        log = []
        for at, label, action in sorted(events):
            time.sleep(max(0, at - (time.monotonic() - self.started)))
            log.append((round(time.monotonic() - self.started, 1), label, action()))
        time.sleep(max(0, seconds - (time.monotonic() - self.started)))
        self.stop.set()
        for thread in threads:
            thread.join(timeout=120)
        return log

    def summary(self):
        pages = {}
        for name, values in sorted(self.latency.items()):
            values = sorted(values)
            pages[name] = {
                "requests": len(values),
                "p50_ms": round(values[len(values) // 2], 1),
                "p95_ms": round(values[int(len(values) * 0.95) - 1], 1) if values else None,
                "max_ms": round(values[-1], 1),
            }
        seconds = sorted({second for second, _ in self.timeline})
        return {
            "pages": pages,
            "statuses": dict(self.statuses),
            "acknowledged": self.acknowledged,
            "per_second": [
                [s, self.timeline[s, "ok"], self.timeline[s, "5xx"], self.timeline[s, "failed"]]
                for s in seconds
            ],
        }


def redis_pid():
    done = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "info", "server"], capture_output=True, text=True
    )
    found = re.search(r"process_id:(\d+)", done.stdout)
    return int(found.group(1)) if found else None


def stop_redis():
    done = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True, text=True
    )
    return done.stdout.strip() or done.stderr.strip() or "stopped"


def start_redis():
    if redis_pid():
        return "already running"
    done = subprocess.run(REDIS_START, capture_output=True, text=True)
    for _ in range(50):
        if redis_pid():
            return "started"
        time.sleep(0.1)
    return f"did not start: {done.stderr.strip()}"


def terminate_connections(runner, env):
    return runner.task(env, "terminate")


def cache_phases(wrk, server, cookie, seconds=20):
    """wrk on the dashboard while Redis is up, stopped, up, hung and resumed."""
    pid = redis_pid()
    phases = [
        ("Redis up", None),
        ("Redis stopped", stop_redis),
        ("Redis started again", start_redis),
    ]
    results = []
    try:
        for label, action in phases:
            if action:
                action()
            results.append((label, run_wrk(wrk, server, cookie, seconds)))
        pid = redis_pid()
        os.kill(pid, signal.SIGSTOP)
        try:
            results.append(("Redis hung (SIGSTOP)", run_wrk(wrk, server, cookie, seconds)))
        finally:
            os.kill(pid, signal.SIGCONT)
        results.append(("Redis resumed", run_wrk(wrk, server, cookie, seconds)))
    finally:
        start_redis()
    return results


def run_wrk(wrk, server, cookie, seconds):
    command = [
        wrk,
        "-t1",
        f"-c{READERS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        "-H",
        f"Cookie: {cookie}",
        server.base + "/",
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON "))
    stats = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "requests": stats["requests"],
        "rps": round(stats["requests"] / (stats["duration_us"] / 1e6), 1),
        "p50_ms": round(stats["p50_us"] / 1000, 1),
        "p95_ms": round(stats["p95_us"] / 1000, 1),
        "max_ms": round(stats["max_us"] / 1000, 1),
        "non_2xx_3xx": stats["errors"]["status"],
        "socket_errors": {k: v for k, v in stats["errors"].items() if v and k != "status"},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-name", required=True, help="an existing tw_bench_* database")
    parser.add_argument("--scale", type=float, help="with --build: generate at this scale")
    parser.add_argument("--build", action="store_true", help="create and fill the database")
    parser.add_argument("--fault", action="store_true", help="stop Redis, terminate the DB")
    parser.add_argument("--cache-phases", action="store_true", help="wrk phases, Redis failing")
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--port", type=int, help="gunicorn's port (default: any free one)")
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    args = parser.parse_args()
    args.no_redis, args.db_prefix, args.reuse_db = False, "tw_bench", True
    python = find_python(None)
    runner = Runner(args, python, find_wrk())
    WORK.mkdir(parents=True, exist_ok=True)
    env = runner.env("postgresql", args.db_name)
    if args.build:
        runner.fresh_database("postgresql", args.db_name)
        runner.manage(env, "migrate", "--no-input")
        runner.manage(env, "generate_demo_data", "--scale", f"{args.scale:g}", "--seed", "1")
    else:
        runner.manage(env, "migrate", "--no-input")
    runner.collectstatic()
    targets = runner.task(env, "prepare", PASSWORD)
    rec_ids = runner.task(env, "recommendations", 2000)
    pages = [
        ("dashboard", "/"),
        ("countries", "/countries/"),
        ("country", f"/countries/{targets['country_slug']}/"),
        ("recommendations", "/recommendations/"),
        (
            "recommendations, 3 filters",
            "/recommendations/?region=AF&pillar=protection&status=in_progress",
        ),
        ("recommendation", f"/recommendations/{targets['recommendation_id']}/"),
        ("trends", "/trends/"),
        ("changes", "/changes/"),
    ]
    server = Server(python, ROOT, env, WORK / "gunicorn-mixed.log", port=args.port)
    result = {"load_before": os.getloadavg(), "started_at": time.strftime("%H:%M:%S")}
    try:
        analyst = server.log_in(targets["analyst"], PASSWORD)
        admin = server.log_in(targets["admin"], PASSWORD)
        if args.cache_phases:
            result["phases"] = cache_phases(runner.wrk, server, analyst)
        else:
            load = Load(server.port, analyst, admin, pages, rec_ids)
            events = []
            if args.fault:
                events = [
                    (15, "Redis stopped", stop_redis),
                    (35, "Redis started", start_redis),
                    (45, "DB connections terminated", lambda: terminate_connections(runner, env)),
                ]
            try:
                result["events"] = load.run(args.seconds, events)
            finally:
                start_redis()
            result.update(load.summary())
            result["written"] = runner.task(env, "count_notes", NOTE)
    finally:
        server.stop()
    result["load_after"] = os.getloadavg()
    print(json.dumps(result, indent=1))
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    kind = "cache-phases" if args.cache_phases else "fault" if args.fault else "mixed"
    (ROOT / "bench" / "results" / f"{kind}-{stamp}.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
