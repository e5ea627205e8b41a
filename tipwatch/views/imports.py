"""The audit of data imports: every run of import_report and import_tiers, newest first."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tipwatch.models import ImportRun

RUNS_PER_PAGE = 25


@permission_required("tipwatch.view_importrun", raise_exception=True)
@require_safe
def import_run_list(request):
    runs = ImportRun.objects.for_log()
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tipwatch/import_run_list.html", {"page": page})
