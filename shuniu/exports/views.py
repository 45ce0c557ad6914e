"""Exports: a list as a file (streamed, or a job when large), one's own export jobs, their progress and files.

The file holds what the list shows its user: each Table's rows_for goes through
restrict() and the list's own filters. Job files are for their user and the office only.
"""
from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from shuniu.accounts.permissions import VIEW, get_visible_or_404, may, restrict

from . import jobs
from .jobs import CONTENT_TYPES
from .models import ExportJob
from .tables import TABLES
from .writers import BadFilter, text_chunks, write

SPOOLED = 8 * 1024 * 1024  # an XLSX written in a request stays in memory up to this, then goes to disk


@login_required
def export(request, kind: str, fmt: str):
    """The list as a file: the same scope and filters as the page, streamed; a large one becomes a job.

    Following the link never queues anything: a large list shows what will be written and a button
    (POST) that queues it, so a prefetch or a reloaded tab cannot start work behind the user's back.
    """
    table = TABLES[kind]
    if fmt not in table.formats:
        raise Http404
    params = request.GET.copy()
    params.pop("page", None)
    try:
        rows = table.rows_for(request.user, params)
    except BadFilter as error:  # a hand-edited link, or a hub or field gone since: say which, write nothing
        return render(request, "exports/export_refused.html", {
            "list_label": ExportJob.Kind(kind).label, "error": error, "back": table.list_url(QueryDict())},
            status=400)
    if request.method == "POST":
        return redirect("export", pk=jobs.create_job(request.user, fmt, params.urlencode(), kind).pk)
    if jobs.is_large(rows):
        return render(request, "exports/export_confirm.html", {
            "format_label": dict(ExportJob.Format.choices)[fmt], "list_label": ExportJob.Kind(kind).label,
            "query": params.urlencode(), "back": table.list_url(params), "threshold": settings.EXPORT_JOB_ROWS})
    response = _file(table, fmt, rows)
    response["Content-Type"] = CONTENT_TYPES[fmt]
    response["Content-Disposition"] = content_disposition_header(True, jobs.filename_for(kind, fmt))
    return response


def _file(table, fmt: str, rows):
    if fmt != "xlsx":
        return StreamingHttpResponse(text_chunks(table, fmt, rows))
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOLED)  # a workbook is a zip: written whole, then sent
    write(table, fmt, rows, spool)
    spool.seek(0)
    return FileResponse(spool)

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
