from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/yearly/", views.yearly_report, name="yearly-report"),
]
