from django import template

from countries.tiers import Tier

register = template.Library()

TIER_CSS = {
    Tier.TIER_1: "t1",
    Tier.TIER_2: "t2",
    Tier.WATCH_LIST: "t2wl",
    Tier.TIER_3: "t3",
    Tier.SPECIAL_CASE: "sc",
}


@register.inclusion_tag("partials/_tier.html")
def tier_badge(tier):
    """A tier label with its colour and pattern; 'No data' when there is no rating."""
    if not tier:
        return {"tier": None}
    return {"tier": TIER_CSS[tier], "label": Tier(tier).label}


@register.inclusion_tag("partials/_status.html")
def status_badge(status):
    """A status label with its colour and pattern."""
    from recommendations.models import Status

    return {"status": status.replace("_", "-"), "label": Status(status).label}
