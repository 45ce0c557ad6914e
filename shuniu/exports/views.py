"""Export job pages: one's own exports, a job's progress, and its file (for its user and the office only)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render

from shuniu.accounts.permissions import VIEW, get_visible_or_404, may, restrict

from .jobs import CONTENT_TYPES
from .models import ExportJob

SHOWN = 50


@login_required
def export_list(request):
    if not may(request.user, ExportJob, VIEW):
        raise PermissionDenied
    rows = restrict(ExportJob.objects.select_related("created_by"), request.user)[:SHOWN]
    return render(request, "exports/export_list.html", {"jobs": rows, "threshold": settings.EXPORT_JOB_ROWS})


@login_required
def export_detail(request, pk: int):
    job = get_visible_or_404(ExportJob.objects.select_related("created_by"), request.user, pk=pk)
    return render(request, "exports/export_detail.html", {"job": job})


def file_response(job: ExportJob) -> FileResponse:
    if not job.ready:
        raise Http404
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
    response["Content-Type"] = CONTENT_TYPES[job.format]
    return response


@login_required
def export_file(request, pk: int):
    """The file, to the user who asked for it (and the office); anyone else gets a 404."""
    return file_response(get_visible_or_404(ExportJob.objects.all(), request.user, pk=pk))
