from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from shuniu.accounts.models import Role

from . import figures


def _is_office(user) -> bool:
    return user.is_superuser or user.grants.filter(role=Role.OFFICE).exists()


@login_required
def home(request):
    """The office's home: the headline figures, by district and by hub."""
    if not _is_office(request.user):
        raise PermissionDenied("只有市社会建设工作领导小组办公室可以查看全市数据。")
    day = figures.today()
    return render(request, "analytics/home.html", {
        "summary": figures.summary(day),
        "districts": figures.districts(day),
        "city_hubs": figures.city_hubs(day),
    })
