"""Exports over the API: POST asks for one (a queued job, 202, with its URL), GET follows it, then download.

The API always queues: a client that wants a small export streamed uses the page's export link.
"""
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from shuniu.accounts.api import RestrictedViewSetMixin

from . import jobs
from .models import ExportJob
from .views import file_response
from .writers import BadFilter


class ExportJobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    finished = serializers.BooleanField(read_only=True)
    rows_written = serializers.IntegerField(source="live_rows_written", read_only=True)
    url = serializers.SerializerMethodField(help_text="this job: poll it until finished")
    download_url = serializers.SerializerMethodField(help_text="the file, once the job is done")

    class Meta:
        model = ExportJob
        fields = ["id", "url", "kind", "format", "query", "created_by", "created_at", "started_at", "finished_at",
                  "state", "rows_total", "rows_written", "finished", "error", "download_url"]
        read_only_fields = fields

    def get_url(self, job) -> str:
        return reverse("exportjob-detail", args=[job.pk], request=self.context.get("request"))

    def get_download_url(self, job) -> str | None:
        if not job.ready:
            return None
        return reverse("exportjob-download", args=[job.pk], request=self.context.get("request"))


class ExportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExportJob.Kind.choices, default=ExportJob.Kind.ORGANIZATIONS,
                                   help_text="the list: organizations, facilities or activities")
    format = serializers.ChoiceField(choices=ExportJob.Format.choices)
    query = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="the list's filters as a query string, e.g. org_type=foundation "
                                  "(facilities: hub=<slug>, kind=<kind>)")


class ExportJobViewSet(RestrictedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Your exports of organisations, facilities and activities (the office sees all)."""

    queryset = ExportJob.objects.select_related("created_by")
    serializer_class = ExportJobSerializer

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportJobSerializer})
    def create(self, request, *args, **kwargs):
        asked = ExportRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            job = jobs.create_job(request.user, asked.validated_data["format"], asked.validated_data["query"],
                                  asked.validated_data["kind"])
        except BadFilter as error:
            return Response({"query": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied:
            return Response(status=status.HTTP_403_FORBIDDEN)
        job.refresh_from_db()
        data = self.get_serializer(job).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return file_response(self.get_object())
