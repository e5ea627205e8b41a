from django import template

from recommendations.models import Follow

register = template.Library()


@register.inclusion_tag("recommendations/_follow_button.html", takes_context=True)
def follow_button(context, country):
    """Follow or Unfollow country, for a logged-in user (one query); nothing for visitors."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "country": country,
        "following": Follow.objects.following(user, country),
        "csrf_token": context.get("csrf_token"),
    }
