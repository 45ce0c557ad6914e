from django.urls import path

from . import views

urlpatterns = [
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("organizations/<int:pk>/history/", views.organization_history, name="organization-history"),
    path("organizations/<int:pk>/history/<int:history_id>/restore/", views.organization_restore,
         name="organization-restore"),
    path("public/", views.public_search, name="public-search"),
    path("public/organizations/<int:pk>/", views.public_detail, name="public-organization"),
]
