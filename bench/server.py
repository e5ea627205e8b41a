"""A gunicorn server as in production, its logins and its workers' memory (standard library)."""

import http.cookiejar
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

WORKERS = 2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn tipwatch.wsgi with 2 workers, started and stopped by its own process id."""

    def __init__(self, python, root, env, log_path, port=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "tipwatch.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
            ],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_up()
        except RuntimeError:
            self.stop()
            raise

    def _wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn exited ({code}); see {self.log.name}")
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=5).read()
                if len(self.worker_pids()) == WORKERS:
                    return
            except OSError:  # refused, reset or timed out while it starts
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {seconds} s; see {self.log.name}")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def log_in(self, username, password):
        """Log in through the login form; return the cookies as a Cookie header value."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = opener.open(self.base + "/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/"}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/"}
        )
        try:
            opener.open(request).read()
        except urllib.error.HTTPError as error:
            if error.code != 404:  # the home page may not exist yet; the login still holds
                raise
        cookies = {cookie.name: cookie.value for cookie in jar}
        if "sessionid" not in cookies:
            raise RuntimeError(f"logging in as {username} through the form failed")
        return "; ".join(f"{name}={value}" for name, value in cookies.items())

    def record_status(self, cookie, rec_id, note):
        """Record a status through the recommendation page's form; the response's status."""
        page = urllib.request.Request(
            f"{self.base}/recommendations/{rec_id}/", headers={"Cookie": cookie}
        )
        html = urllib.request.urlopen(page, timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        submission = re.search(r'name="submission" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "version": version,
                "submission": submission,
                "status": "in_progress",
                "as_of": time.strftime("%Y-%m-%d"),
                "note": note,
                "evidence_url": "",
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/recommendations/{rec_id}/status/",
            data=data,
            headers={"Cookie": cookie, "Referer": self.base + "/"},
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            return opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code

    def get(self, path, cookie=None, max_bytes=None):
        """(status, content type, bytes read) of one request."""
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie or ""})
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                size = 0
                while chunk := response.read(1 << 16):
                    size += len(chunk)
                    if max_bytes and size >= max_bytes:
                        break
                return response.status, response.headers.get("Content-Type", ""), size
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def memory_kb(pid):
    """VmRSS and VmHWM (peak) of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


class RssSampler(threading.Thread):
    """Samples the workers' resident memory every interval until stopped."""

    def __init__(self, pids, interval=0.05):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.samples = []  # (seconds since start, {pid: rss kB})
        self._stop_event = threading.Event()

    def run(self):
        started = time.monotonic()
        while not self._stop_event.is_set():
            rss = {}
            for pid in self.pids:
                try:
                    rss[pid] = memory_kb(pid)["VmRSS"]
                except OSError:
                    pass
            self.samples.append((round(time.monotonic() - started, 2), rss))
            time.sleep(self.interval)

    def stop(self):
        self._stop_event.set()
        self.join()
