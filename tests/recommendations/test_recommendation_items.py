"""The country page's recommendation items, built in Python: the template's markup, escaped."""

import pytest

from recommendations.models import Recommendation
from recommendations.templatetags.recommendation_items import recommendation_items
from tests.factories import get_country, make_recommendation

pytestmark = pytest.mark.django_db

NO_THEME = ' <span class="themes"><span class="muted">No theme</span></span>'


def test_items_carry_position_link_text_status_recurrence_and_removal():
    norway = get_country("NOR")
    plain = make_recommendation(norway, 2023, position=2, text="Train <b>judges</b> & clerks.")
    repeated = make_recommendation(norway, 2023, position=3, text="Fund shelters.")
    Recommendation.objects.filter(pk=repeated.pk).update(
        recurrence_years=4, removed_from_report=True, status="partial"
    )
    repeated.refresh_from_db()
    html = recommendation_items([plain, repeated])
    first, second = html.split("\n")
    assert first == (
        f'<li value="2"><a href="/recommendations/{plain.pk}/">Train &lt;b&gt;judges&lt;/b&gt; '
        '&amp; clerks.</a> <span class="status status-not-assessed">Not assessed</span>'
        f"{NO_THEME}</li>"
    )
    assert second == (
        f'<li value="3"><a href="/recommendations/{repeated.pk}/">Fund shelters.</a> '
        '<span class="status status-partial">Partially implemented</span> '
        '<span class="recurrence">recommended 4 years running</span> '
        f'<span class="note">(no longer in the chapter)</span>{NO_THEME}</li>'
    )
    assert recommendation_items([]) == ""
