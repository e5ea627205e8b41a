"""The one page that refuses a write with a message (HTTP 400), for every app's forms."""

from django.shortcuts import render


def refused(request, *, title, problem, back):
    """Say what was wrong (`problem`) under `title`, with a link back to `back` (a model)."""
    context = {"title": title, "problem": problem, "back": back}
    return render(request, "refused.html", context, status=400)
