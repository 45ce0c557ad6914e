from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..inbox import tasks_for
from ..views.common import as_of


class TaskSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    waiting_on = serializers.CharField()
    mine = serializers.BooleanField()
    overdue = serializers.BooleanField()


class InboxView(APIView):
    """The caller's task inbox: overdue first, then by deadline. `?on=YYYY-MM-DD` for another day."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("on", str, description="the day (YYYY-MM-DD); today if absent")],
                   responses=TaskSerializer(many=True))
    def get(self, request):
        today = as_of(request)
        rows = [{**task.__dict__, "overdue": task.overdue(today)} for task in tasks_for(request.user, today)]
        return Response(TaskSerializer(rows, many=True).data)
