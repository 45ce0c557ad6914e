"""The office's scoring jobs (oversight/jobs.py): the ranking page polls one until it has finished."""
from rest_framework import serializers

from shuniu.accounts.api import RestrictedReadOnlyViewSet

from ..models import EvaluationJob


class EvaluationJobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    finished = serializers.BooleanField(read_only=True)
    hubs_scored = serializers.SerializerMethodField(help_text="so far, while running")
    hubs_total = serializers.SerializerMethodField(help_text="known once the worker has started")

    class Meta:
        model = EvaluationJob
        fields = ["id", "year", "created_by", "created_at", "started_at", "finished_at", "state", "hubs_scored",
                  "hubs_total", "finished", "error"]
        read_only_fields = fields

    def get_hubs_scored(self, job) -> int:
        return job.live["hubs_scored"]

    def get_hubs_total(self, job) -> int | None:
        return job.live["hubs_total"]


class EvaluationJobViewSet(RestrictedReadOnlyViewSet):
    """Scoring a year's hubs in the background (queued from the ranking page); the office's only."""

    queryset = EvaluationJob.objects.select_related("created_by")
    serializer_class = EvaluationJobSerializer
    filterset_fields = ["year", "state"]
