"""Imports over the API: upload a file (a queued job, 202), then poll the job for progress and the report."""
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from shuniu.accounts.api import RestrictedViewSetMixin
from shuniu.parsers import Form, MultiPart

from . import jobs
from .forms import UploadForm
from .models import ImportJob


class ImportJobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    finished = serializers.BooleanField(read_only=True)
    phase = serializers.CharField(source="live_phase", read_only=True)
    rows_read = serializers.IntegerField(source="live_rows_read", read_only=True)
    report = serializers.SerializerMethodField(help_text="row, column, value, reason, severity (first 10,000)")

    class Meta:
        model = ImportJob
        fields = ["id", "kind", "filename", "dry_run", "created_by", "created_at", "started_at", "finished_at",
                  "state", "phase", "rows_read", "created", "updated", "unchanged", "invalid", "duplicates",
                  "finished", "report"]
        read_only_fields = fields

    def get_report(self, job) -> list[dict] | None:
        if self.context.get("view") and self.context["view"].action == "list":
            return None  # the list stays small; the report is on the job itself
        return [{"row": e.row, "column": e.column, "value": e.value, "reason": e.reason, "severity": e.severity}
                for e in job.report().entries]


class ImportJobViewSet(RestrictedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Your imports (the office sees all). POST multipart: kind, file, dry_run."""

    queryset = ImportJob.objects.select_related("created_by")
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPart, Form]

    def create(self, request, *args, **kwargs):
        form = UploadForm(request.data, request.FILES, user=request.user)
        if form.forbidden_kind:
            raise PermissionDenied
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        upload = form.cleaned_data["file"]
        job = jobs.create_job(form.cleaned_data["kind"], upload, request.user,
                              dry_run=form.cleaned_data["dry_run"], filename=upload.name)
        jobs.enqueue(job)
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)
