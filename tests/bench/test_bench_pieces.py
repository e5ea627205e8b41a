"""Fast checks of the benchmark's pieces; the load itself runs only from bench/run.py."""

import datetime

import pytest

from bench import report, tasks
from bench.run import PAGES, connection_reuse
from recommendations.demo_data import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


def test_bare_reference_needs_a_login_and_the_open_one_does_not(client, analyst, bench_urls):
    assert client.get("/bench/bare/").status_code == 302
    assert client.get("/bench/bare-open/").content == b"ok\n"
    client.force_login(analyst)
    assert client.get("/bench/bare/").content == b"ok\n"


def test_prepare_and_query_counts_cover_every_page(bench_urls):
    generate(scale=0.02, seed=1, today=datetime.date(2026, 6, 30))
    targets = tasks.prepare("a-long-bench-password")
    assert targets["country_years"] >= 20
    pages = [
        {"name": name, "path": path.format(**targets), "user": targets[who] if who else None}
        for name, _, path, who in PAGES
    ]
    counts = tasks.count_queries(pages)
    assert counts["ref_bare"] == {"status": 200, "cold": 2, "warm": 2}  # session, user
    assert counts["ref_bare_open"]["warm"] == 0
    assert counts["ref_admin"]["status"] == 200
    assert counts["recommendation"]["status"] == 200


def test_chapters_follow_the_seed_layout(tmp_path):
    files = tasks.write_chapters(tmp_path, 190)
    assert len(set(files)) == 190
    text = open(files[0], encoding="utf-8").read()
    blocks = text.split("\n\n")
    assert blocks[0] == "[ Human Trafficking, Country-by-Country ]"
    assert "(Tier " in blocks[1] and "TIP Report" in blocks[1]
    assert blocks[3] == "Prioritized Recommendations"
    assert len(blocks[4:]) == 10
    assert not [name for name in files if "/SCG_" in name or "/ANT_" in name]  # ended by 2024


def test_connection_reuse_compares_sessions_with_requests():
    pages = {"a": {"requests": 5000}, "b": {"missing": "404"}}
    kept = connection_reuse({"sessions": 10, "open": 2}, {"sessions": 13, "open": 2}, pages)
    assert kept["sessions_opened"] == 2 and kept["reused"]
    each = connection_reuse({"sessions": 10, "open": 2}, {"sessions": 5011, "open": 2}, pages)
    assert not each["reused"]


def test_rss_summary_follows_the_worker_that_streamed():
    samples = [(0, {1: 60_000, 2: 61_000}), (1, {1: 90_000, 2: 61_000}), (2, {1: 70_000})]
    summary = report.rss_summary(samples)
    assert (summary["rss_start_mb"], summary["rss_peak_mb"]) == (58.6, 87.9)


def test_table_shows_ratios_and_missing_pages():
    def run(rps_page):
        return {
            "build": {"generated": "Synthetic data"},
            "queries": {"recommendations": {"status": 200, "cold": 5, "warm": 4}},
            "pages": {
                "recommendations": {
                    "label": "recommendations list",
                    "rps": rps_page,
                    "p50_ms": 10.0,
                    "p95_ms": 20.0,
                },
                "trends": {"label": "trends", "missing": "404"},
                "ref_bare": {"label": "bare", "rps": 1000.0, "p50_ms": 5.0, "p95_ms": 8.0},
                "ref_admin": {"label": "admin", "rps": 100.0, "p50_ms": 50.0, "p95_ms": 90.0},
            },
        }

    results = {
        "runs": {"postgresql": {"0.1": run(600.0), "1": run(500.0)}},
        "settings": {"concurrency": 8, "duration_s": 8, "workers": 2, "cache": "redis"},
        "machine": {"nproc": 2},
    }
    table = report.render(results)
    row = next(line for line in table.splitlines() if line.startswith("recommendations list"))
    assert row.split() == [
        "recommendations",
        "list",
        "600",
        "10.0",
        "20.0",
        "0.60",
        "5/4",
        "500",
        "10.0",
        "20.0",
        "0.50",
        "5/4",
        "1.00",
    ]
    assert "recommendations list / admin changelist = 5.00" in table
    assert "missing" in next(line for line in table.splitlines() if line.startswith("trends"))
