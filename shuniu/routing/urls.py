from django.urls import path

from . import views

urlpatterns = [
    path("routing/", views.review_queue, name="routing-queue"),
    path("routing/<int:pk>/decide/", views.decide, name="routing-decide"),
]
