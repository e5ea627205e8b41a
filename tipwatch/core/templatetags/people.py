from django import template

from tipwatch.core.people import names_shown, recorder_name

register = template.Library()


@register.simple_tag(takes_context=True)
def recorder(context, user, nobody=""):
    """{% recorder change.recorded_by "a command" %}: the name, or "an admin" for visitors
    who may not see account names."""
    username = user.get_username() if user else ""
    return recorder_name(username, shown=names_shown(context.get("request")), nobody=nobody)
