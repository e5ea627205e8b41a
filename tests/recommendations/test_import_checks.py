"""A chapter import that checks itself and shows every overwrite: the heading's tier against the
summary's, "for the second consecutive year" against the Watch List years on record, the
preview against the same year on record with where each stored value came from (the bundled
data, an earlier import, an admin's edit), and the confirmation that applying an overwrite
needs, on the command line and on the web."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from countries.models import TierRating
from countries.tiers import Tier
from recommendations.models import Recommendation
from tests.factories import get_country
from tests.recommendations.chapter_files import SEED
from tests.recommendations.importing import failing_import, import_report
from tipwatch.core.models import ImportJob, ImportRun

pytestmark = pytest.mark.django_db

SOURCE = "https://www.state.gov/reports/2023-trafficking-in-persons-report/congo"
SUMMARY = (
    "The Government of the Republic of the Congo does not fully meet the minimum standards for "
    "the elimination of trafficking but is making significant efforts to do so. Therefore the "
    "Republic of the Congo remained on Tier 2 Watch List for the {ordinal} consecutive year."
)
ASKS = [
    "Increase efforts to investigate and prosecute traffickers.",
    "Train officials to identify victims among vulnerable groups.",
]


def congo(heading="CONGO, REPUBLIC OF THE: TIER 2\nWATCH LIST", ordinal="second"):
    return (
        f"2023 Trafficking in Persons Report\n\n{heading}\n\n{SUMMARY.format(ordinal=ordinal)}"
        "\n\nPRIORITIZED RECOMMENDATIONS:\n" + "\n".join(ASKS) + "\n"
    )


@pytest.fixture
def bundled_congo():
    """Congo's ratings as the bundled data has them: Tier 2 in 2021, Watch List 2022 and 2023."""
    country = get_country("COG")
    for year, tier in {2021: Tier.TIER_2, 2022: Tier.WATCH_LIST, 2023: Tier.WATCH_LIST}.items():
        TierRating.objects.create(
            country=country, year=year, tier=tier, source=SOURCE, basis="stated", bundled=True
        )
    return country


def command(*paths, **options):
    return import_report(*paths, **options)


def refused(*paths, **options):
    return "\n".join(failing_import(*paths, **options))


def write(tmp_path, text, name="congo.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def congo_2023():
    return TierRating.objects.get(country__iso3="COG", year=2023)


# The heading's tier against the summary's ------------------------------------------------------


def test_wrapped_heading_agrees_with_its_summary_and_keeps_the_bundled_rating(
    tmp_path, bundled_congo
):
    path = write(tmp_path, congo())
    out, _ = command(path, dry_run=True)
    assert "To settle" not in out and "Values on record this import would change" not in out
    assert (
        f"2023 rating on record from the bundled data, source: {SOURCE}: tier kept, summary new"
        in out
    )
    command(path, quiet=True)
    rating = congo_2023()
    assert (rating.tier, rating.watch_list_years) == (Tier.WATCH_LIST, 2)
    assert rating.summary.startswith("The Government of the Republic of the Congo")


def test_a_heading_that_disagrees_with_its_summary_stops_the_import_until_a_tier_is_chosen(
    tmp_path, bundled_congo
):
    path = write(tmp_path, congo(heading="CONGO, REPUBLIC OF THE: TIER 2"))
    out, _ = command(path, dry_run=True)
    assert out.index("To settle before applying (1):") < out.index("Republic of the Congo 2023:")
    assert (
        "Republic of the Congo 2023: the heading says Tier 2 but the summary says 'remained on "
        "Tier 2 Watch List for the second consecutive year'; choose the tier (--tier COG=TIER "
        "on the command line)" in out
    )
    before = list(TierRating.objects.values_list("pk", "tier", "summary", "source"))
    err = refused(path)
    assert "choose the tier (--tier COG=TIER" in err
    assert list(TierRating.objects.values_list("pk", "tier", "summary", "source")) == before
    assert not Recommendation.objects.filter(country__iso3="COG").exists()

    out, _ = command(path, tier=["COG=2WL"])
    assert congo_2023().tier == Tier.WATCH_LIST
    run = ImportRun.objects.filter(succeeded=True).get()
    assert run.decisions == [
        "Republic of the Congo 2023: Tier 2 Watch List chosen by the admin (the heading says "
        "Tier 2, the summary 'remained on Tier 2 Watch List for the second consecutive year')"
    ]
    assert "decided: Republic of the Congo 2023: Tier 2 Watch List chosen" in out


def test_choosing_the_headings_tier_over_a_bundled_rating_needs_the_overwrite_confirmed(
    tmp_path, bundled_congo
):
    path = write(tmp_path, congo(heading="CONGO, REPUBLIC OF THE: TIER 2", ordinal="second"))
    out, _ = command(path, dry_run=True, tier=["COG=2"])
    assert out.index("Values on record this import would change (1):") < out.index(
        "Republic of the Congo 2023: Tier 2 ("
    )
    assert (
        "  ! Republic of the Congo 2023: tier Tier 2 Watch List -> Tier 2 (on record from the "
        f"bundled data, source: {SOURCE})" in out
    )
    err = refused(path, tier=["COG=2"])
    assert "would change 1 value(s) on record" in err and "--overwrite" in err
    assert congo_2023().tier == Tier.WATCH_LIST
    command(path, tier=["COG=2"], overwrite=True, quiet=True)
    rating = congo_2023()
    assert (rating.tier, rating.bundled, rating.source) == (Tier.TIER_2, False, "congo.txt")


@pytest.mark.parametrize("choice", ["COG", "COG=9", "=2WL", "CONGO=2WL"])
def test_a_bad_tier_choice_is_refused_clearly(tmp_path, choice):
    with pytest.raises(CommandError, match="--tier"):
        call_command("import_report", str(write(tmp_path, congo())), tier=[choice])


def test_consecutive_years_against_the_watch_list_years_on_record(tmp_path, bundled_congo):
    path = write(tmp_path, congo(ordinal="third"))
    out, _ = command(path, dry_run=True)
    assert (
        "Republic of the Congo 2023: the summary says 'remained on Tier 2 Watch List for the "
        "third consecutive year', but the Watch List years on record before it are 2022, which "
        "makes 2023 Watch List year 2; is 2023 the right report year? (--confirm-year COG on "
        "the command line)" in out
    )
    assert "is 2023 the right report year?" in refused(path)
    command(path, confirm_year=["COG"], quiet=True)
    assert ImportRun.objects.filter(succeeded=True).get().decisions == [
        "Republic of the Congo 2023: the report year confirmed by the admin"
    ]


def test_consecutive_years_that_cannot_be_checked_are_not_a_problem(tmp_path):
    """No rating on record before 2023: nothing to check the "fifth year" against."""
    out, _ = command(write(tmp_path, congo(ordinal="fifth")), dry_run=True)
    assert "To settle" not in out


# The preview against the same year on record, by where each value came from --------------------


def edited_seed(tmp_path):
    """The seed with its tier changed to Tier 1 (and the summary saying so), its first
    recommendation reworded and its last one gone."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("NORWAY (Tier 2)", "NORWAY (Tier 1)")
    text = text.replace(
        "therefore Norway remained on Tier 2", "therefore Norway was upgraded to Tier 1"
    )
    lines = text.split("\n")
    recs = [index for index, line in enumerate(lines) if line.strip()][-10:]
    lines[recs[0]] = lines[recs[0]].replace("Expand efforts", "Expand all efforts")
    lines[recs[-1]] = ""
    return write(tmp_path, "\n".join(lines), name="NOR_2023.txt")


def test_preview_over_an_earlier_import(tmp_path):
    command(SEED, quiet=True)
    run = ImportRun.objects.get()
    out, _ = command(edited_seed(tmp_path), dry_run=True)
    origin = f"import run {run.pk} (NOR_2023.txt, {run.started_at:%Y-%m-%d})"
    assert f"Norway 2023: tier Tier 2 -> Tier 1 (on record from {origin})" in out
    assert (
        f"Norway 2023: recommendation #1 reworded (on record from {origin}): Expand efforts" in out
    )
    assert (
        "Norway 2023: recommendation #10 no longer in the report, deleted (on record from "
        f"{origin})" in out
    )
    assert (
        "recommendations against 2023 on record: 0 new, 8 unchanged, 1 reworded, 1 no longer" in out
    )
    assert "      was #1: Expand efforts" in out
    assert (
        f"Norway 2023: summary reworded (on record from {origin}): …anti-trafficking capacity; "
        "therefore Norway remained on Tier 2. These efforts included investigating… -> "
        "…anti-trafficking capacity; therefore Norway was upgraded to Tier 1. These efforts "
        "included investigating…" in out
    )
    # The overwrites come first, before the chapter itself.
    assert out.index("Values on record this import would change (4):") < out.index(
        "Norway 2023: Tier 1 ("
    )


def test_preview_over_an_admins_edit(tmp_path, admin_user, client):
    command(SEED, quiet=True)
    rating = TierRating.objects.get(country__iso3="NOR", year=2023)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:countries_tierrating_change", args=[rating.pk]),
        {
            "country": rating.country_id,
            "year": 2023,
            "tier": Tier.TIER_2,
            "summary": "Corrected by hand.",
            "source": "NOR_2023.txt",
            "basis": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    out, _ = command(edited_seed(tmp_path), dry_run=True)
    origin = f"an admin's edit ({admin_user.get_username()}, "
    assert f"Norway 2023: tier Tier 2 -> Tier 1 (on record from {origin}" in out
    assert f"Norway 2023: summary reworded (on record from {origin}" in out


# On the web ----------------------------------------------------------------------------------


def upload(client, name, text):
    response = client.post(
        reverse("import_upload"),
        {"files": [SimpleUploadedFile(name, text.encode(), "text/plain")], "year": ""},
    )
    assert response.status_code == 302
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def test_web_preview_lists_problems_and_overwrites_first_and_apply_needs_both_settled(
    client, admin_user, bundled_congo
):
    client.force_login(admin_user)
    job = upload(client, "congo.txt", congo(heading="CONGO, REPUBLIC OF THE: TIER 2"))
    assert job.state == ImportJob.State.PREVIEWED
    [question] = job.preview["questions"]
    assert (question["key"], question["kind"], question["options"]) == (
        "COG-2023",
        "tier",
        [["2", "Tier 2"], ["2WL", "Tier 2 Watch List"]],
    )
    page = BeautifulSoup(client.get(reverse("import_job", args=[job.pk])).content, "html.parser")
    headings = [h.get_text(" ", strip=True) for h in page.find_all(["h2"])]
    assert (
        headings.index("To settle before applying (1)")
        < headings.index("Preview: what applying would write")
        < headings.index("Apply or discard")
    )
    assert "congo.txt:3: Republic of the Congo 2023: the heading says Tier 2" in page.get_text()
    apply_form = page.find("form", action=reverse("import_apply", args=[job.pk]))
    assert [i["value"] for i in apply_form.find_all("input", attrs={"name": "tier-COG-2023"})] == [
        "2",
        "2WL",
    ]
    # Until a tier is chosen the plan holds the heading's, which changes the bundled rating.
    assert (
        "Applying writes 1 chapter(s): tier ratings 0 new, 1 updated (1 with another tier), 0 "
        "unchanged" in page.get_text()
    )

    # Unanswered: refused with the reason, the job still waits.
    response = client.post(reverse("import_apply", args=[job.pk]), follow=True)
    assert "Settle first: congo.txt:3: Republic of the Congo 2023" in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.PREVIEWED

    # Tier 2 chosen: that overwrites the bundled rating, which must be confirmed too.
    response = client.post(
        reverse("import_apply", args=[job.pk]), {"tier-COG-2023": "2"}, follow=True
    )
    assert "Confirm the 1 value(s) on record this import changes" in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.PREVIEWED and congo_2023().tier == Tier.WATCH_LIST

    client.post(
        reverse("import_apply", args=[job.pk]),
        {"tier-COG-2023": "2", "confirm_overwrite": "on"},
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED, job.problems
    assert job.choices == {"tiers": {"COG-2023": "2"}, "years": [], "overwrite": True}
    assert congo_2023().tier == Tier.TIER_2
    assert job.import_run.decisions == [
        "Republic of the Congo 2023: Tier 2 chosen by the admin (the heading says Tier 2, the "
        "summary 'remained on Tier 2 Watch List for the second consecutive year')"
    ]
    log = BeautifulSoup(client.get(reverse("imports")).content, "html.parser").get_text()
    assert "Decided: Republic of the Congo 2023: Tier 2 chosen by the admin" in log


def test_web_preview_shows_the_overwrite_of_a_bundled_rating(client, admin_user, bundled_congo):
    client.force_login(admin_user)
    text = congo(heading="CONGO, REPUBLIC OF THE: TIER 2").replace(
        "remained on Tier 2 Watch List for the second consecutive year",
        "was upgraded to Tier 2",
    )
    job = upload(client, "congo.txt", text)
    assert job.preview["questions"] == []
    assert job.preview["overwrites"] == [
        "Republic of the Congo 2023: tier Tier 2 Watch List -> Tier 2 (on record from the bundled "
        f"data, source: {SOURCE})"
    ]
    page = BeautifulSoup(client.get(reverse("import_job", args=[job.pk])).content, "html.parser")
    box = page.find("section", class_="import-overwrites")
    assert "Values on record this import would change (1)" in box.get_text()
    checkbox = page.find("input", attrs={"name": "confirm_overwrite"})
    assert checkbox is not None and checkbox.has_attr("required")


def test_warnings_name_the_uploaded_file_and_the_chapter_never_a_server_path(
    client, admin_user, settings
):
    client.force_login(admin_user)
    text = (
        "NORWAY (Tier 1) Extracted in part from the U.S. State Dept 2015 TIP Report\n\nSome text.\n"
    )
    job = upload(client, "my chapter.txt", text)
    assert job.preview["warnings"] == [
        "my_chapter.txt:3: Norway 2015: no 'The Government of ...' paragraph; the first paragraph "
        "is the summary",
        "my_chapter.txt:1: Norway 2015: no recommendations section found",
    ]
    client.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    assert all(str(settings.IMPORT_UPLOAD_ROOT) not in w for w in job.import_run.warnings)
    assert job.import_run.warnings[1] == (
        "my_chapter.txt:1: Norway 2015: no recommendations section found"
    )
