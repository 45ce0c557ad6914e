from django.urls import path

from . import views

urlpatterns = [
    path("hubs/<slug:slug>/", views.hub_detail, name="hub"),
    path("network/", views.network, name="network"),
]
