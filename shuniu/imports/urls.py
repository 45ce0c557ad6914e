from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/import", views.import_for_real, name="import-for-real"),
    path("imports/<int:pk>/report.csv", views.import_report, name="import-report"),
    path("imports/<int:pk>/file", views.import_file, name="import-file"),
    path("imports/template/<str:kind>.<str:fmt>", views.import_template, name="import-template"),
]
