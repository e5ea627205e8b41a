"""Cold build time and HTML size of the country page with the longest history (issue 21:
under 150 ms and 150 KB at scale 10), and of its largest folded year's page and fragment.
Not part of the test suite.

    .venv/bin/python bench/country_page.py                 # scale 10, 3 countries, SQLite
    .venv/bin/python bench/country_page.py --scale 1 --repeat 20

A country's page reads only that country's rows, so the data is generate_demo_data's at the
chosen scale for a seeded sample of `--countries` countries (every one with the full scale's
history: 25 report years of 10 x scale recommendations, 10 status changes each), in a fresh
SQLite database under var/bench/: minutes instead of the whole scale's generation. Each cold
request runs with the page cache and the process's responses emptied, through Django's test
client as a logged-in analyst; the time is the whole request (queries, context, templates).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE = ROOT / "var" / "bench" / "country_page.sqlite3"


def setup(fresh):
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.pop("REDIS_URL", None)  # the in-process cache: no network in the timing
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipwatch.settings")
    os.environ.setdefault("SECRET_KEY", "bench-country-page-not-a-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()


def generate(scale, countries, seed):
    """generate_demo_data's rows at `scale`, for `countries` countries of the catalogue."""
    import random

    from django.core.management import call_command

    from recommendations import demo_data

    call_command("migrate", verbosity=0)
    plan_for_scale = demo_data.plan_for_scale

    def sampled(scale, rng):
        plan = plan_for_scale(scale, rng)
        chosen = sorted(random.Random(seed).sample(plan.countries, countries), key=str)
        return demo_data.Plan(
            countries=chosen, recommendations_per_year=plan.recommendations_per_year
        )

    demo_data.plan_for_scale = sampled
    try:
        started = time.perf_counter()
        written = demo_data.generate(scale=scale, seed=seed, force=True)
        print(f"generated in {time.perf_counter() - started:.0f} s: {written}", flush=True)
    finally:
        demo_data.plan_for_scale = plan_for_scale


def cold(client, url, repeat):
    """([wall ms], [CPU ms]) of `repeat` cold requests, the last response and its query count.
    The CPU time (this process: Python and SQLite) is what a busy machine distorts least."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tipwatch.core.pagecache import local_responses

    wall, cpu = [], []
    for _ in range(repeat):
        cache.clear()
        local_responses.clear()
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return (wall, cpu), response, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--countries", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep the database of a last run")
    args = parser.parse_args()
    setup(fresh=not args.reuse)
    if not args.reuse:
        generate(args.scale, args.countries, args.seed)

    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from countries.models import Country
    from tests.factories import make_persona

    country = Country.objects.annotate(n=Count("recommendations")).order_by("-n", "iso3").first()
    years = country.recommendations.values("year").annotate(n=Count("id")).order_by("-n", "year")
    folded = years.first()["year"]
    client = Client()
    analysts = get_user_model().objects.filter(groups__name="Analyst")
    client.force_login(analysts.first() or make_persona("Analyst"))  # --reuse: the last one
    print(
        f"{country.name}: {country.n} recommendations over "
        f"{country.recommendations.values('year').distinct().count()} report years "
        f"(scale {args.scale:g}); cold, {args.repeat} requests each, machine under load:"
    )
    for label, url in [
        ("country page", country.get_absolute_url()),
        (f"{folded} page", f"/countries/{country.slug}/years/{folded}/"),
        (f"{folded} fragment", f"/countries/{country.slug}/years/{folded}/?fragment=1"),
    ]:
        cold(client, url, 2)  # warm the process (imports, templates, plotly's validators)
        (wall, cpu), response, queries = cold(client, url, args.repeat)
        print(
            f"  {label:15} CPU median {statistics.median(cpu):6.1f} ms (min {min(cpu):6.1f}), "
            f"wall median {statistics.median(wall):6.1f} ms (min {min(wall):6.1f}), "
            f"{len(response.content) / 1024:6.1f} KB, {queries} queries"
        )


if __name__ == "__main__":
    main()
