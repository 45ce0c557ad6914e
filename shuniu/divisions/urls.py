from django.urls import path

from . import views

urlpatterns = [
    path("districts/<str:code>/", views.district_detail, name="district"),
]
