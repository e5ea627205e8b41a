from django import template
from django.utils.html import format_html

from recommendations.vocabulary import Status

register = template.Library()


# A simple tag, not an inclusion tag: a country page shows hundreds of them.
@register.simple_tag
def status_badge(status):
    """A status label with its colour and pattern."""
    return format_html(
        '<span class="status status-{}">{}</span>',
        status.replace("_", "-"),
        Status(status).label,
    )
