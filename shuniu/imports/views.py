"""Import pages: upload (a background job), progress, the report, the kept file, templates."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import VIEW, get_visible_or_404, may, restrict

from . import jobs
from .forms import UploadForm, importable_kinds
from .models import ImportJob
from .report import report_csv
from .templates_files import template_csv, template_xlsx

SHOWN_ENTRIES = 200


@login_required
def import_list(request):
    if not may(request.user, ImportJob, VIEW):
        raise PermissionDenied
    kinds = importable_kinds(request.user)
    form = UploadForm(user=request.user)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not kinds or form.forbidden_kind:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = jobs.create_job(form.cleaned_data["kind"], upload, request.user,
                                  dry_run=form.cleaned_data["dry_run"], filename=upload.name)
            jobs.enqueue(job)
            messages.success(request, _("The file is queued; this page shows its progress."))
            return redirect("import", pk=job.pk)
    rows = restrict(ImportJob.objects.select_related("created_by"), request.user)[:50]
    return render(request, "imports/import_list.html", {
        "form": form, "jobs": rows, "may_import": bool(kinds), "kinds": kinds,
    })


@login_required
def import_detail(request, pk: int):
    job = get_visible_or_404(ImportJob.objects.select_related("created_by"), request.user, pk=pk)
    report = job.report()
    return render(request, "imports/import_detail.html", {
        "job": job, "report": report, "entries": report.entries[:SHOWN_ENTRIES],
        "more": max(0, len(report.entries) - SHOWN_ENTRIES) + report.omitted,
        "can_import_for_real": _passed_dry_run(job, request.user),
    })


@login_required
def import_for_real(request, pk: int):
    """The file of a dry run that passed, imported (a new job with its own copy): no second upload.

    The import checks every row again, as the registry may have changed since the dry run.
    """
    job = get_visible_or_404(ImportJob.objects.all(), request.user, pk=pk)
    if request.method != "POST":
        return redirect("import", pk=job.pk)
    if not _passed_dry_run(job, request.user):
        raise PermissionDenied(_("Only a dry run that passed, of a kind you may import, can be imported from here."))
    with job.file.open("rb") as handle:
        real = jobs.create_job(job.kind, handle, request.user, dry_run=False, filename=job.filename)
    jobs.enqueue(real)
    messages.success(request, _("The file of dry run #%(n)s is queued for import; this page shows its progress.")
                     % {"n": job.pk})
    return redirect("import", pk=real.pk)


def _passed_dry_run(job: ImportJob, user) -> bool:
    return (job.dry_run and job.state == ImportJob.State.DONE and bool(job.file)
            and job.kind in dict(importable_kinds(user)))


@login_required
def import_report(request, pk: int):
    job = get_visible_or_404(ImportJob.objects.all(), request.user, pk=pk)
    response = HttpResponse(report_csv(job.report()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.csv"'
    return response


@login_required
def import_file(request, pk: int):
    """The file as uploaded, kept with the import record."""
    job = get_visible_or_404(ImportJob.objects.all(), request.user, pk=pk)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@login_required
def import_template(request, kind: str, fmt: str):
    if fmt not in ("csv", "xlsx") or kind not in dict(importable_kinds(request.user)):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(template_xlsx(kind), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response
