"""A country's recommendations of one report year as list items, built in Python.

The country page lists every recommendation of the country's history (2,500 at scale 10):
one template loop per item cost more than the rest of the page, so the items are made here,
with the markup the template had. Every value is escaped (html.escape, as Django's escape).
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from recommendations.templatetags.statuses import status_badge

register = template.Library()


@register.simple_tag
def recommendation_items(recommendations):
    """The items; each recommendation's themes must be prefetched (with_themes)."""
    list_url = reverse("recommendations:list")
    return mark_safe("\n".join(_item(rec, list_url) for rec in recommendations))


def theme_tags(themes, list_url):
    """Each theme's label linking to the list filtered by it, or "No theme"."""
    if not themes:
        return '<span class="muted">No theme</span>'
    return " ".join(
        f'<a class="theme-tag" href="{escape(list_url)}?theme={escape(theme.slug)}">'
        f"{escape(theme.label)}</a>"
        for theme in themes
    )


def _item(rec, list_url):
    parts = [
        f'<li value="{rec.position:d}"><a href="{escape(rec.get_absolute_url())}">',
        f"{escape(rec.text)}</a> {status_badge(rec.status)}",
    ]
    if rec.recurrence_years > 1:
        parts.append(
            f' <span class="recurrence">recommended {rec.recurrence_years:d} years running</span>'
        )
    if rec.removed_from_report:
        parts.append(' <span class="note">(no longer in the chapter)</span>')
    if rec.is_synthetic:
        parts.append(' <span class="note synthetic">(synthetic)</span>')
    parts.append(f' <span class="themes">{theme_tags(rec.themes.all(), list_url)}</span>')
    parts.append("</li>")
    return "".join(parts)
