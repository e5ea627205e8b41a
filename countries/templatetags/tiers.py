from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from countries.tiers import Tier

register = template.Library()

TIER_CSS = {
    Tier.TIER_1: "t1",
    Tier.TIER_2: "t2",
    Tier.WATCH_LIST: "t2wl",
    Tier.TIER_3: "t3",
    Tier.SPECIAL_CASE: "sc",
}


# Badges are simple tags, not inclusion tags: a country page shows hundreds of them, and each
# inclusion tag copies the context and renders a template.
@register.simple_tag
def tier_badge(tier):
    """A tier label with its colour and pattern; 'No data' when there is no rating."""
    if not tier:
        return mark_safe('<span class="tier tier-none">No data</span>')
    return format_html('<span class="tier tier-{}">{}</span>', TIER_CSS[tier], Tier(tier).label)
