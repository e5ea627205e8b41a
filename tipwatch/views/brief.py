"""A country brief: one report year of one country on two printed pages at most, as a page
(`/countries/<slug>/brief/?year=`) and as a PDF (`?format=pdf&paper=a4|letter`).

What is cut when it would not fit: the summary after SUMMARY_CHARS characters and each ask
after ASK_CHARS (at a word, with "…"), and the asks after the first MAX_ASKS in priority order
("and K more — see the site"). If a PDF still runs past MAX_PAGES (a long tier history with
many sources, asks near the cut), it keeps the most asks, in priority order, with which it
fits, and says how many more there are the same way.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from countries.models import Country, TierRating
from countries.sources import cite, cited_spans
from countries.svg_charts import tier_history_svg
from countries.tiers import downgrade_clock
from recommendations.models import Recommendation
from tipwatch.core.pagecache import (
    CACHE_SECONDS,
    cache_whole_response,
    page_key,
    render_cached_parts,
)
from tipwatch.core.parsing import parse_year
from tipwatch.core.pdf import pdf_document
from tipwatch.core.refused import refused

logger = logging.getLogger(__name__)

MAX_ASKS = 10
ASK_CHARS = 420
SUMMARY_CHARS = 2400
MAX_PAGES = 2
MAX_PDF_BYTES = 2 * 1024 * 1024  # a larger PDF is served but not cached
FORMATS = ("html", "pdf")
PAPERS = ("a4", "letter")  # each a named page of static/css/brief.css
NO_BRIEF = "No brief for that address"


class BadRequest(ValueError):
    """A query parameter the brief cannot take; its message is shown with a 400."""


def _choice(request, name, choices, default):
    value = request.GET.get(name, default).strip().lower() or default
    if value not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)}, not {value[:40]!r}.")
    return value


def _asked_year(request):
    text = request.GET.get("year", "").strip()
    if not text:
        return None
    try:
        return parse_year(text, label="year")
    except ValueError as error:
        raise BadRequest(f"{str(error).capitalize()}.") from error


@require_safe
@cache_whole_response
def country_brief(request, slug):
    country = get_object_or_404(Country, slug=slug)
    try:
        year = _asked_year(request)
        output = _choice(request, "format", FORMATS, "html")
        paper = _choice(request, "paper", PAPERS, "a4")
    except BadRequest as error:
        return refused(request, title=NO_BRIEF, problem=str(error), back=country)
    today = timezone.localdate()  # what is due for review changes with the day
    if output == "pdf":
        return _pdf_response(request, country, year, paper, today)
    return render_cached_parts(
        request,
        "countries/brief.html",
        {"body": "countries/_brief_body.html"},
        lambda: brief_context(country, year, today),
        today,
        texts=("title",),
        scope=country,
        params=("year",),
    )


def _pdf_response(request, country, year, paper, today):
    """The brief as a PDF, made once per country version, paper and day, then cached."""
    host = request.get_host()
    key = page_key(request, "brief_pdf", paper, host, today, scope=country, params=("year",))
    pdf = cache.get(key)
    if pdf is None:
        context = brief_context(country, year, today)
        if context.get("status"):
            return refused(request, title=NO_BRIEF, problem=context["problem"], back=country)
        pdf = _render_pdf(request, context, paper)
        if len(pdf) <= MAX_PDF_BYTES:
            cache.set(key, pdf, CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"tipwatch-{country.slug}-{year or 'latest'}-brief-{paper}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _render_pdf(request, context, paper):
    """The PDF of the brief; when it runs past MAX_PAGES, the most asks (in priority order)
    with which it fits, found by halving."""
    site = f"{request.scheme}://{request.get_host()}"
    asks = context["asks"]

    def layout(shown):
        more = context["more_asks"] + len(asks) - shown
        shown_context = {"asks": asks[:shown], "more_asks": more, "site": site, "paper": paper}
        html = render_to_string(
            "countries/brief_pdf.html", {**context, **shown_context, "for_pdf": True}
        )
        return pdf_document(html)

    document = layout(len(asks))
    if len(document.pages) <= MAX_PAGES:
        return document.write_pdf()
    logger.info("The brief %r runs to %d pages: fewer asks", context["title"], len(document.pages))
    fits, too_many = 0, len(asks)
    best = None
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        candidate = layout(middle)
        if len(candidate.pages) <= MAX_PAGES:
            fits, best = middle, candidate
        else:
            too_many = middle
    return (best or layout(fits)).write_pdf()


def shorten(text, limit):
    """text cut at a word before `limit` characters, with "…", or whole when it fits."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def brief_context(country, year, today):
    """What the brief shows; {"status": 400, "problem": ...} for a year not on record."""
    ratings = list(country.ratings.order_by("year"))
    rated_years = [rating.year for rating in ratings]
    if year is None:
        year = (
            rated_years[-1]
            if rated_years
            else Recommendation.objects.filter(country=country)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
    if year is None:
        return _refusal(country, f"{country.name} has no report year on record yet.")
    asks = list(_asks_of(country, year))
    rating = next((r for r in ratings if r.year == year), None)
    if rating is None and not asks:
        on_record = f" (tiers on record: {rated_years[0]}–{rated_years[-1]})" if ratings else ""
        return _refusal(country, f"{country.name} has nothing on record for {year}{on_record}.")
    due = country.recommendations.due_for_review(today)
    due_ids = set(due.filter(year=year).values_list("pk", flat=True))
    first_year, _ = TierRating.objects.span()
    history = [r for r in ratings if r.year <= year]
    start = min([*country.years_within(first_year, year)[:1], *rated_years[:1], year])
    citations = {r.year: cite(r.source, r.basis) for r in history}
    shown = asks[:MAX_ASKS]
    return {
        "title": f"{country.name}: country brief, {year} report",
        "country": country,
        "year": year,
        "years": sorted({*rated_years, year}, reverse=True),
        "rating": rating,
        "citation": citations.get(year),
        "clock": downgrade_clock(rating),
        "chart": mark_safe(  # built from numbers and escaped labels (countries/svg_charts.py)
            tier_history_svg(
                [(r.year, r.tier) for r in history],
                start,
                year,
                highlight=year,
                title=f"{country.name}: tier per report year, {start} to {year}",
            )
        ),
        "spans": cited_spans([(r.year, r.tier, citations[r.year]) for r in history], start, year),
        "summary": shorten(rating.summary, SUMMARY_CHARS) if rating else "",
        "summary_cut": bool(rating) and len(" ".join(rating.summary.split())) > SUMMARY_CHARS,
        "asks": [_ask(rec, rec.pk in due_ids) for rec in shown],
        "more_asks": len(asks) - len(shown),
        "ask_count": len(asks),
        "due_count": len(due_ids),
        "due_other_years": due.exclude(year=year).count(),
        "ask_sources": sorted({rec.source for rec in asks if rec.source}),
        "review_days": settings.REVIEW_AFTER_DAYS,
    }


def _refusal(country, problem):
    return {"status": 400, "problem": problem, "title": NO_BRIEF, "country": country}


def _asks_of(country, year):
    return country.recommendations.for_year(year).in_report().in_page_order().with_themes()


def _ask(rec, due):
    return {
        "position": rec.position,
        "text": shorten(rec.text, ASK_CHARS),
        "url": reverse("recommendations:detail", args=[rec.pk]),
        "pillar": rec.get_pillar_display(),
        "status": rec.status,
        "status_label": rec.get_status_display(),
        "status_as_of": rec.status_as_of,
        "recurrence_years": rec.recurrence_years,
        "due": due,
        "themes": [str(theme) for theme in rec.themes.all()],
    }
