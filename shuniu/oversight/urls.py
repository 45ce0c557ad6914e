from django.urls import path

from .views import evaluation, projects, recognition, transfers

urlpatterns = [
    path("oversight/recognition/", recognition.application_list, name="recognition-applications"),
    path("oversight/recognition/new/", recognition.application_new, name="recognition-apply"),
    path("oversight/recognition/batch/", recognition.batch, name="recognition-batch"),
    path("oversight/recognition/<int:pk>/", recognition.application_detail, name="recognition-application"),
    path("oversight/recognition/<int:pk>/step/", recognition.application_step, name="recognition-step"),
    path("oversight/recognitions/<int:pk>/revoke/", recognition.revoke, name="recognition-revoke"),
    path("oversight/evaluation/", evaluation.evaluation_home, name="evaluation"),
    path("oversight/evaluation/indicators/", evaluation.indicators, name="evaluation-indicators"),
    path("oversight/evaluation/indicators/<int:pk>/", evaluation.indicator_edit, name="evaluation-indicator"),
    path("oversight/evaluation/<int:year>/", evaluation.ranking_page, name="evaluation-ranking"),
    path("oversight/evaluation/<int:year>/<slug:slug>/", evaluation.evaluation_detail, name="evaluation-hub"),
    path("oversight/projects/", projects.project_list, name="service-projects"),
    path("oversight/projects/new/", projects.project_new, name="service-project-apply"),
    path("oversight/projects/<int:pk>/", projects.project_detail, name="service-project"),
    path("oversight/projects/<int:pk>/step/", projects.project_step, name="service-project-step"),
    path("oversight/project-reports/<int:pk>/", projects.report_submit, name="project-report"),
    path("oversight/calls/", projects.call_list, name="service-calls"),
    path("oversight/transfers/", transfers.transfer_list, name="transfers"),
    path("oversight/transfers/new/", transfers.transfer_new, name="transfer-new"),
    path("oversight/transfers/<int:pk>/", transfers.transfer_detail, name="transfer"),
    path("oversight/transfers/<int:pk>/step/", transfers.transfer_step, name="transfer-step"),
    path("oversight/unit-changes/new/", transfers.unit_change_new, name="unit-change-new"),
    path("oversight/unit-changes/<int:pk>/", transfers.unit_change_detail, name="unit-change"),
    path("oversight/unit-changes/<int:pk>/step/", transfers.unit_change_step, name="unit-change-step"),
]
