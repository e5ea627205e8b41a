"""The audit of data imports (every run of import_report and import_tiers, newest first) and,
for admins, importing report chapters from the web: upload, preview, apply or discard."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from recommendations import web_import
from recommendations.forms import ChapterUploadForm
from tipwatch.core.models import ImportJob, ImportRun
from tipwatch.core.parsing import Paginator

RUNS_PER_PAGE = 25
JOBS_SHOWN = 10
IMPORT_PERMISSION = "recommendations.import_data"


@permission_required("tipwatch.view_importrun", raise_exception=True)
@require_safe
def import_run_list(request):
    return _log_page(request, ChapterUploadForm())


@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_POST
def upload(request):
    if problem := web_import.request_too_large(request.META.get("CONTENT_LENGTH")):
        messages.error(request, problem)  # said before reading (and spooling) the upload
        return _log_page(request, ChapterUploadForm(), status=413)
    form = ChapterUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = web_import.start_preview(
                files=form.cleaned_data["files"], year=form.cleaned_data["year"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("import_job", job_id=job.pk)
    return _log_page(request, form, status=400)


@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_safe
def import_job(request, job_id):
    job = get_object_or_404(ImportJob.objects.for_log(), pk=job_id)
    return render(request, "tipwatch/import_job.html", {"job": job})


@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_POST
def apply_job(request, job_id):
    return _decide(request, job_id, web_import.request_apply, "The import is queued.")


@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_POST
def discard_job(request, job_id):
    return _decide(
        request, job_id, web_import.discard, "The preview is discarded; nothing written."
    )


def _decide(request, job_id, service, done):
    job = get_object_or_404(ImportJob, pk=job_id)
    try:
        service(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("import_job", job_id=job_id)


def _log_page(request, form, status=200):
    runs = ImportRun.objects.for_log()
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    jobs = None
    if request.user.has_perm(IMPORT_PERMISSION):
        jobs = ImportJob.objects.for_log()[:JOBS_SHOWN]
    context = {
        "page": page,
        "jobs": jobs,
        "form": form,
        "max_mb": settings.IMPORT_MAX_UPLOAD_MB,
    }
    return render(request, "tipwatch/import_run_list.html", context, status=status)
