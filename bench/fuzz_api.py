"""A long schemathesis run of the whole API against a live server (issue 24, point 3). Not part
of the test suite (tests/tipwatch/api/test_schema_fuzz.py is its short, derandomised twin).

    python3 dev.py start                                   # or any running TIPWatch
    .venv/bin/python bench/fuzz_api.py --url http://127.0.0.1:8000 --token tw_... \\
        [--max-examples 500] [--seconds 600] [--seed 24] [--username NAME]

Make the token on /accounts/ as an admin (the one write, POST .../statuses/, is fuzzed too:
use a database you may write to). Every check runs: no server error, every status code and
body as the schema (/api/v1/schema/) documents them, invalid requests refused (4xx) and valid
ones accepted. A parameter naming a record (x-refers-to in the schema) gets, in valid cases,
the first country and report year the API lists, the user --username (one that exists: the
API does not say who owns the token), or a well-made cursor; bench/fuzz_hooks.py does this.
The report (JUnit XML and the cases that failed, as pytest code) goes to var/fuzz/;
bench/schemathesis.toml holds the run's settings (a 414 from gunicorn refuses an invalid
request too). Exit status: schemathesis's (0 when nothing failed). A server with a higher
API_THROTTLE_RATE (e.g. 100000/minute) lets more cases through than the 429s of the default.
"""

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from base64 import b64encode
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
    parser.add_argument("--username", default="admin", help="a user on record (recorded_by)")
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
    schema.write_bytes(read(request))
    on_record = {
        "country": first(options, "countries/", "slug"),
        "year on record": first(options, "recommendations/", "year"),
        "user": options.username,
        "cursor": b64encode(b"o=1").decode(),  # as the feed's cursors are made: the second row
    }
    print("Records named in valid cases:", on_record, flush=True)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(ROOT / "bench" / "schemathesis.toml"),
        "run",
        str(schema),
        "--url",
        options.url.rstrip("/"),
        "--header",
        f"Authorization: Bearer {options.token}",
        "--checks",
        "all",
        "--max-examples",
        str(options.max_examples),
        "--max-time",
        str(options.seconds),
        "--seed",
        str(options.seed),
        "--workers",
        str(options.workers),
        "--continue-on-failure",
        "--request-timeout",
        "60",
        "--report",
        "junit,pytest",
        "--report-dir",
        str(reports),
    ]
    print(" ".join(command[:5]), "...", flush=True)
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "fuzz_hooks",
        "PYTHONPATH": str(ROOT / "bench"),
        "FUZZ_ON_RECORD": json.dumps(on_record),
    }
    sys.exit(subprocess.run(command, check=False, env=env).returncode)


def read(request):
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 (given URL)
        return answer.read()


def first(options, path, field):
    """`field` of the first row of an API list."""
    request = urllib.request.Request(
        f"{options.url.rstrip('/')}/api/v1/{path}?page_size=1",
        headers={"Authorization": f"Bearer {options.token}", "Accept": "application/json"},
    )
    return json.loads(read(request))["results"][0][field]


if __name__ == "__main__":
    main()
