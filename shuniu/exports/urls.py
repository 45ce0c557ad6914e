from django.urls import path

from . import views

urlpatterns = [
    path("exports/", views.export_list, name="exports"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/file", views.export_file, name="export-file"),
]
