from django.urls import path

from .views import annual, credit, grading, inbox

urlpatterns = [
    path("inbox/", inbox.inbox, name="inbox"),
    path("oversight/reports/", annual.report_list, name="annual-reports"),
    path("oversight/reports/<int:pk>/", annual.report_detail, name="annual-report"),
    path("oversight/reports/file/<int:org_pk>/<int:year>/", annual.report_file, name="annual-report-file"),
    path("oversight/credit/", credit.entry_list, name="credit-entries"),
    path("oversight/credit/<int:pk>/", credit.entry_detail, name="credit-entry"),
    path("oversight/credit/new/<int:org_pk>/", credit.entry_new, name="credit-entry-new"),
    path("public/credit-lists/", credit.public_list, name="public-credit-lists"),
    path("oversight/gradings/", grading.grading_list, name="gradings"),
    path("oversight/gradings/<int:pk>/", grading.grading_detail, name="grading"),
    path("oversight/gradings/apply/<int:org_pk>/", grading.grading_apply, name="grading-apply"),
]
