"""The benchmark's steps that need Django, run by bench/run.py in a subprocess.

    python bench/tasks.py prepare PASSWORD          -> JSON: users made, pages' targets
    python bench/tasks.py queries PAGES.json        -> JSON: queries per page (test client)
    python bench/tasks.py chapters DIR COUNT        -> writes COUNT chapters in the seed layout
    python bench/tasks.py createdb NAME             -> drops and creates a PostgreSQL database
    python bench/tasks.py backends                  -> JSON: sessions opened on the database
    python bench/tasks.py recommendations COUNT     -> JSON: ids of COUNT recommendations
    python bench/tasks.py count_notes NOTE          -> JSON: status changes whose note starts so
    python bench/tasks.py terminate                 -> JSON: other sessions on this database ended

DJANGO_SETTINGS_MODULE and DATABASE_URL come from the environment (bench.settings).
"""

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANALYST = "bench-analyst"
ADMIN = "bench-admin"


def prepare(password):
    """Make the analyst and the admin logins; choose the country and recommendation to measure."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from countries.models import Country
    from recommendations.models import Recommendation

    users = get_user_model().objects
    analyst, _ = users.get_or_create(username=ANALYST)
    analyst.set_password(password)
    analyst.save()
    analyst.groups.add(Group.objects.get(name="Analyst"))
    admin, _ = users.get_or_create(username=ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()

    country = (
        Country.objects.annotate(years=Count("ratings", distinct=True))
        .order_by("-years", "name")
        .first()
    )
    latest = Recommendation.objects.order_by("-year").values_list("year", flat=True).first()
    rec = (
        Recommendation.objects.filter(year=latest).order_by("-recurrence_years", "id").first()
        if latest
        else None
    )
    country_rec = (
        Recommendation.objects.filter(country=country).order_by("-year", "position").first()
        if country
        else None
    )
    return {
        "analyst": ANALYST,
        "admin": ADMIN,
        "country_slug": country.slug if country else "norway",
        "country_years": getattr(country, "years", 0),
        "recommendation_id": rec.pk if rec else 1,
        "country_recommendation_id": country_rec.pk if country_rec else 1,
        "recommendation_chain": rec.recurrence_years if rec else 0,
        "latest_year": latest,
        "recommendations": Recommendation.objects.count(),
    }


def count_queries(pages):
    """Request each page twice through the test client; count the queries of each request."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {u.username: u for u in get_user_model().objects.filter(username__in=[ANALYST, ADMIN])}
    results = {}
    for page in pages:
        client = Client()
        if page["user"]:
            client.force_login(users[page["user"]])
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page["path"])
                if response.streaming:
                    b"".join(response.streaming_content)
            counts.append(len(captured.captured_queries))
        results[page["name"]] = {
            "status": response.status_code,
            "cold": counts[0],
            "warm": counts[1],
        }
    return results


def write_chapters(directory, count):
    """count chapters in the layout of data/chapters/NOR_2023.txt, one country each."""
    from countries.models import Country
    from recommendations.demo_text import recommendation_text, tier_summary

    rng = random.Random(count)
    tiers = ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"]
    codes = {"Tier 1": "1", "Tier 2": "2", "Tier 2 Watch List": "2WL", "Tier 3": "3"}
    # Countries of today (not Serbia and Montenegro or the Netherlands Antilles, which the
    # import refuses for these years).
    countries = list(Country.objects.existing_in(2024).order_by("name"))
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(count):
        country = countries[n % len(countries)]
        year = 2024 - n // len(countries)
        tier = rng.choice(tiers)
        recs = [
            recommendation_text(rng.randrange(1_000_000), wording=rng.randrange(4), country="")[0]
            .removesuffix(" in .")
            .rstrip(".")
            + "."
            for _ in range(10)
        ]
        text = "\n\n".join(
            [
                "[ Human Trafficking, Country-by-Country ]",
                f"{country.name.upper()} ({tier}) Extracted in part  from the U.S. State Dept "
                f"{year} TIP Report",
                tier_summary(country.name, codes[tier], "same"),
                "Prioritized Recommendations",
                *recs,
            ]
        )
        path = directory / f"{country.iso3}_{year}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    return written


def create_database(name):
    """Drop and create a PostgreSQL database (DATABASE_URL names it) from the server's own."""
    import os

    import psycopg
    from psycopg.conninfo import make_conninfo

    server = make_conninfo(os.environ["DATABASE_URL"], dbname="postgres")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def database_sessions():
    """Sessions ever opened on this database (PostgreSQL 14+), and those open now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        (sessions,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (open_now,) = cursor.fetchone()
    # This task's own connection is one of the sessions counted.
    return {"sessions": sessions - 1, "open": open_now}


def recommendation_ids(count):
    """count recommendations of the latest report years, in a fixed random order."""
    from recommendations.models import Recommendation

    ids = list(
        Recommendation.objects.in_report().order_by("-year", "id").values_list("id")[: count * 3]
    )
    random.Random(count).shuffle(ids)
    return [pk for (pk,) in ids[:count]]


def count_notes(prefix):
    """How many status changes carry a note starting with `prefix`, by the note's last word."""
    from django.db.models import Count

    from recommendations.models import StatusChange

    rows = StatusChange.objects.filter(note__startswith=prefix).values_list("note")
    return {note.split()[-1]: n for note, n in rows.annotate(n=Count("id")).order_by()}


def terminate_sessions():
    """End every other session on this database (the fault test: a database restart's effect)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (ended,) = cursor.fetchone()
    return {"terminated": ended}


def main(argv):
    action, *args = argv
    if action == "createdb":
        print(json.dumps(create_database(args[0])))
        return
    import django

    django.setup()
    if action == "backends":
        result = database_sessions()
    elif action == "prepare":
        result = prepare(args[0])
    elif action == "queries":
        result = count_queries(json.loads(Path(args[0]).read_text()))
    elif action == "recommendations":
        result = recommendation_ids(int(args[0]))
    elif action == "count_notes":
        result = count_notes(args[0])
    elif action == "terminate":
        result = terminate_sessions()
    elif action == "chapters":
        result = write_chapters(args[0], int(args[1]))
    else:
        raise SystemExit(f"unknown action {action!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
