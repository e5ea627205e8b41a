#!/usr/bin/env python3
"""Reliability drill against a live site: two gunicorn hosts and two workers on one PostgreSQL
database and a private Redis this script starts (and stops; it never touches another Redis).

    .venv/bin/python bench/drill.py                      # this checkout
    .venv/bin/python bench/drill.py --root ../old-clone  # another checkout (e.g. before a fix)

Prints one line per drill with its figures:
  logout-during-redis-pause  a login cached on both hosts; Redis paused (SIGSTOP) while the user
                             logs out on host A; Redis resumed; the old cookie replayed on both
                             hosts: requests served as the logged-out user (want 0)
  restore                    a backup, then a new login, then a restore: requests the restored
                             site serves to that session (want 0)
  import-killed              web imports applied while their worker is killed at a random
                             moment: jobs whose word disagrees with the data (want 0)
  query-input                query strings the drill of issue 24 found: server errors (want 0)
  upload-other-host          uploads received by host A, whose folder the workers (host B's)
                             cannot see: previews that failed (want 0)

Uses PostgreSQL at --pg-url (a database of its own, dropped and made anew) and only 127.0.0.1.
"""

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bench.server import NoRedirect, Server, free_port  # noqa: E402

PASSWORD = "drill-" + secrets.token_urlsafe(12)
BAD_QUERIES = [
    "/recommendations/?sort=,",
    "/recommendations/?sort=year,",
    "/recommendations/?sort=,year",
    "/recommendations/?sort=year,,status",
    "/recommendations/?sort=,&format=csv",
    "/recommendations/?sort=,&format=json",
    "/api/v1/recommendations/?sort=,",
    "/api/v1/changes/?cursor=cD0lMDA=",
    "/api/v1/changes/?since=9999-12-31T23:59:59-23:59",
    "/api/v1/tiers/?year=%D9%A2%D9%A0%D9%A2%D9%A5",
    "/api/v1/tiers/?page=%D9%A2",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to drill")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-name", default="tw_drill")
    parser.add_argument("--rounds", type=int, default=4, help="replays, imports, uploads")
    return parser.parse_args()


class Drill:
    def __init__(self, args):
        self.args, self.root = args, args.root.resolve()
        self.work = HERE / "var" / "drill" / uuid.uuid4().hex[:8]
        self.work.mkdir(parents=True)
        self.python = str(self.root / ".venv" / "bin" / "python")
        self.redis_port = free_port()
        self.processes = []

    # -- the site --------------------------------------------------------------------------

    def env(self, host):
        return {
            **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
            "DEBUG": "0",
            "SECRET_KEY": "drill-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"{self.args.pg_url.rstrip('/')}/{self.args.db_name}",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "IMPORT_UPLOAD_DIR": str(self.work / f"uploads-{host}"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args, host="a"):
        done = subprocess.run(
            [self.python, "manage.py", *args],
            cwd=self.root,
            env=self.env(host),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def start(self):
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        url = urllib.parse.urlparse(self.args.pg_url)
        psql = ["psql", "-q", "-h", url.hostname, "-p", str(url.port or 5432), "-U", url.username]
        subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {self.args.db_name}"], check=True)
        subprocess.run([*psql, "-c", f"CREATE DATABASE {self.args.db_name}"], check=True)
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        self.manage("shell", "-c", USERS.replace("PASSWORD", PASSWORD))
        self.hosts = {
            host: Server(self.python, self.root, self.env(host), self.work / f"gunicorn-{host}.log")
            for host in ("a", "b")
        }
        self.workers = [self.start_worker() for _ in range(2)]

    def start_worker(self):
        log = open(self.work / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115
        worker = subprocess.Popen(
            [self.python, "manage.py", "run_worker", "--no-startup-delay"],
            cwd=self.root,
            env=self.env("b"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(worker)
        return worker

    def stop(self):
        for server in getattr(self, "hosts", {}).values():
            server.stop()
        for process in self.processes:
            process.kill()
            process.wait()
        self.redis.kill()
        self.redis.wait()

    # -- requests ---------------------------------------------------------------------------

    def request(self, host, path, cookie="", data=None, content_type=None):
        """(status, body) without following redirects."""
        server = self.hosts[host]
        headers = {"Cookie": cookie, "Referer": server.base + "/"}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(server.base + path, data=data, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=120) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def post_form(self, host, path, cookie, fields, form_page="/accounts/"):
        _, html = self.request(host, form_page, cookie)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self.request(host, path, cookie, data, "application/x-www-form-urlencoded")

    def served_as_logged_in(self, cookie, rounds):
        served = 0
        for host in ("a", "b"):
            for _ in range(rounds):
                status, _ = self.request(host, "/changes/", cookie)
                served += status == 200
        return served

    # -- the drills -------------------------------------------------------------------------

    def logout_during_redis_pause(self):
        cookie = self.hosts["a"].log_in("drill-analyst", PASSWORD)
        for host in ("a", "b"):
            assert self.request(host, "/changes/", cookie)[0] == 200  # cached on both
        _, html = self.request("a", "/accounts/", cookie)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        self.redis.send_signal(signal.SIGSTOP)
        try:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
            status, _ = self.request(
                "a", "/accounts/logout/", cookie, body, "application/x-www-form-urlencoded"
            )
            time.sleep(3)
        finally:
            self.redis.send_signal(signal.SIGCONT)
        time.sleep(6)  # past the fail-soft cache's retry interval
        served = self.served_as_logged_in(cookie, self.args.rounds)
        return f"logout {status}; {served} of {2 * self.args.rounds} replays served as the user"

    def restore(self):
        backup = self.work / "backup.dump"
        self.manage("backup", str(backup))
        cookie = self.hosts["a"].log_in("drill-analyst", PASSWORD)
        before = self.served_as_logged_in(cookie, 1)
        self.manage("restore", str(backup), "--no-input")
        served = self.served_as_logged_in(cookie, self.args.rounds)
        return f"before restore {before} of 2 served; after: {served} of {2 * self.args.rounds}"

    def upload(self, host, cookie, name, content):
        _, html = self.request(host, "/imports/", cookie)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"'
            "\r\nContent-Type: text/plain\r\n\r\n".encode()
            + content
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        status, _ = self.request(
            host,
            "/imports/upload/",
            cookie,
            b"".join(parts),
            f"multipart/form-data; boundary={boundary}",
        )
        return status

    def job_states(self):
        out = self.manage("shell", "-c", JOB_STATES)
        return [line.split("|") for line in out.strip().splitlines() if "|" in line]

    def wait_for_jobs(self, states, seconds=180):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            jobs = self.job_states()
            if jobs and all(state in states for _, state, *_ in jobs):
                return jobs
            time.sleep(2)
        return self.job_states()

    def upload_other_host(self):
        cookie = self.hosts["a"].log_in("drill-admin", PASSWORD)
        for n in range(self.args.rounds):
            self.upload("a", cookie, f"{CHAPTER_ISO[n]}_2026.txt", chapter(n))
        jobs = self.wait_for_jobs({"previewed", "refused", "failed"})
        failed = [job for job in jobs if job[1] != "previewed"]
        why = f" ({failed[0][4]})" if failed else ""
        return f"{len(jobs) - len(failed)} of {len(jobs)} previewed, {len(failed)} failed{why}"

    def import_killed(self):
        cookie = self.hosts["a"].log_in("drill-admin", PASSWORD)
        disagreeing = applied = 0
        for job_id, state, *_ in self.job_states():
            if state != "previewed":
                continue
            self.post_form(
                "a",
                f"/imports/jobs/{job_id}/apply/",
                cookie,
                {},
                form_page=f"/imports/jobs/{job_id}/",
            )
            time.sleep(random.uniform(0.0, 1.5))
            for worker in self.workers:
                worker.kill()
            self.workers = [self.start_worker() for _ in range(2)]
        self.manage("shell", "-c", FAIL_STALE)
        for _, state, wrote, logged, _ in self.wait_for_jobs({"applied", "failed", "refused"}):
            applied += state == "applied"
            says_written = state == "applied"
            disagreeing += (wrote == "1") != says_written or (logged == "1") != says_written
        return f"{applied} applied; {disagreeing} jobs whose word disagrees with the data or log"

    def query_input(self):
        cookie = self.hosts["a"].log_in("drill-analyst", PASSWORD)
        errors = [path for path in BAD_QUERIES if self.request("a", path, cookie)[0] >= 500]
        return f"{len(errors)} of {len(BAD_QUERIES)} answered 5xx {errors or ''}".rstrip()


CHAPTER_ISO = ["NOR", "SWE", "DNK", "FIN", "ISL", "EST", "LVA", "LTU"]
NAMES = {
    "NOR": "Norway",
    "SWE": "Sweden",
    "DNK": "Denmark",
    "FIN": "Finland",
    "ISL": "Iceland",
    "EST": "Estonia",
    "LVA": "Latvia",
    "LTU": "Lithuania",
}


def chapter(n):
    """A chapter of the 2026 report in the seed's layout (no year on record: nothing to
    overwrite)."""
    name = NAMES[CHAPTER_ISO[n]]
    asks = "\n\n".join(
        f"Increase efforts to investigate trafficking crimes, drill ask {i} of {name}."
        for i in range(1, 6)
    )
    return (
        "[ Human Trafficking, Country-by-Country ]\n\n"
        f"{name.upper()} (Tier 1) Extracted in part  from the U.S. State Dept 2026 TIP Report\n\n"
        f"The Government of {name} fully meets the minimum standards for the elimination of "
        "trafficking. Written for the drill.\n\n"
        f"Prioritized Recommendations\n\n{asks}\n"
    ).encode()


USERS = """
from django.contrib.auth.models import Group, User
for name, group in (("drill-analyst", "Analyst"), ("drill-admin", "Admin")):
    user, _ = User.objects.get_or_create(username=name)
    user.set_password("PASSWORD")
    user.is_staff = group == "Admin"
    user.save()
    user.groups.add(Group.objects.get(name=group))
"""
JOB_STATES = """
from django.apps import apps
Job = apps.get_model("tipwatch", "ImportJob")
Rec = apps.get_model("recommendations", "Recommendation")
for job in Job.objects.order_by("id"):
    iso3 = job.files.first().name[:3]
    wrote = Rec.objects.filter(year=2026, country__iso3=iso3, text__contains="drill ask").exists()
    logged = bool(job.import_run_id and job.import_run.succeeded)
    why = (job.reason or " ".join(job.problems or []))[:200]
    print(f"{job.pk}|{job.state}|{int(wrote)}|{int(logged)}|{why}")
"""
FAIL_STALE = """
from django.conf import settings
settings.IMPORT_JOB_STALE_MINUTES = 0
from importlib import import_module
for name in ("tipwatch.core.jobs", "tipwatch.jobs"):
    try:
        import_module(name).fail_stopped_jobs()
        break
    except ImportError:
        pass
"""


def main():
    args = parse_args()
    drill = Drill(args)
    print(f"drilling {args.root.resolve()} ({drill.work})", flush=True)
    try:
        drill.start()
        for name in (
            "logout_during_redis_pause",
            "query_input",
            "upload_other_host",
            "import_killed",
            "restore",
        ):
            try:
                line = getattr(drill, name)()
            except Exception as error:  # noqa: BLE001 - one drill's failure is its line
                line = f"could not run: {type(error).__name__}: {error}"
            print(f"{name.replace('_', '-'):28} {line}", flush=True)
    finally:
        drill.stop()
        shutil.rmtree(drill.work, ignore_errors=True)


if __name__ == "__main__":
    main()
