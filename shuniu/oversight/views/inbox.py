"""The task inbox: what waits on the user, and the overdue steps of those below."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..inbox import tasks_for
from .common import as_of


@login_required
def inbox(request):
    today = as_of(request)
    tasks = tasks_for(request.user, today)
    return render(request, "oversight/inbox.html", {
        "today": today, "tasks": [(task, task.overdue(today)) for task in tasks]})
