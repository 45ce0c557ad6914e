from django.urls import path

from . import views

urlpatterns = [
    path("organizations/export.<str:fmt>", views.export, {"kind": "organizations"}, name="organizations-export"),
    path("facilities/export.<str:fmt>", views.export, {"kind": "facilities"}, name="facilities-export"),
    path("activities/export.<str:fmt>", views.export, {"kind": "activities"}, name="activities-export"),
    path("exports/", views.export_list, name="exports"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/file", views.export_file, name="export-file"),
]
