from django.urls import path

from . import views

urlpatterns = [
    path("hubs/<slug:slug>/", views.hub_detail, name="hub"),
    path("hubs/<slug:slug>/history/", views.hub_history, name="hub-history"),
    path("hubs/<slug:slug>/history/<int:history_id>/restore/", views.hub_restore, name="hub-restore"),
    path("network/", views.network, name="network"),
]
