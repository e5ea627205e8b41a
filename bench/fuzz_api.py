"""A long schemathesis run of the whole API against a live server (issue 24, point 3). Not part
of the test suite (tests/tipwatch/api/test_schema_fuzz.py is its short, derandomised twin).

    python3 dev.py start                                   # or any running TIPWatch
    .venv/bin/python bench/fuzz_api.py --url http://127.0.0.1:8000 --token tw_... \\
        [--max-examples 500] [--seconds 600] [--seed 24]

Make the token on /accounts/ as an admin (the one write, POST .../statuses/, is fuzzed too:
use a database you may write to). Every check runs: no server error, every status code and
body as the schema (/api/v1/schema/) documents them, invalid requests refused (4xx) and valid
ones accepted. The report (JUnit XML and the cases that failed, as pytest code) goes to
var/fuzz/. Exit status: schemathesis's (0 when nothing failed).
"""

import argparse
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="an API token (tw_...) of an admin")
    parser.add_argument("--max-examples", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=600, help="time budget of the run")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    reports = ROOT / "var" / "fuzz"
    reports.mkdir(parents=True, exist_ok=True)
    # The schema is read first, with a patient timeout (it takes seconds to build on a busy
    # machine; schemathesis gives up after 10).
    schema = reports / "schema.json"
    request = urllib.request.Request(
        f"{options.url.rstrip('/')}/api/v1/schema/?format=json",
        headers={"Authorization": f"Bearer {options.token}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 (given URL)
        schema.write_bytes(answer.read())
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", str(schema),
        "--url", options.url.rstrip("/"),
        "--header", f"Authorization: Bearer {options.token}",
        "--checks", "all",
        "--max-examples", str(options.max_examples),
        "--max-time", str(options.seconds),
        "--seed", str(options.seed),
        "--workers", str(options.workers),
        "--continue-on-failure",
        "--request-timeout", "60",
        "--report", "junit,pytest",
        "--report-dir", str(reports),
    ]  # fmt: skip
    print(" ".join(command[:3]), "...", flush=True)
    sys.exit(subprocess.run(command, check=False).returncode)


if __name__ == "__main__":
    main()
