from django import template

from recommendations.forms import StatusForm

register = template.Library()

MAX_PREFILLED_NOTE = 500


@register.simple_tag(takes_context=True)
def status_form_for(context, recommendation):
    """The form to record a status: the submitted one after an error, else a fresh one.

    A refused submit re-renders the recommendation page with the bound form as status_form
    (recommendations/views/recommendation_page.py).
    A ?note= in the page's address (the dropped list's "Record status" link) prefills the note.
    No query: the form is made from the recommendation already on the page.
    """
    request = context.get("request")
    submitted = context.get("status_form")
    if submitted is not None and submitted.recommendation.pk == recommendation.pk:
        return submitted
    note = request.GET.get("note", "")[:MAX_PREFILLED_NOTE] if request else ""
    return StatusForm(recommendation=recommendation, initial={"note": note})
