from django.urls import path

from . import views

urlpatterns = [
    path("hubs/<slug:slug>/facilities/", views.hub_facilities, name="hub-facilities"),
    path("hubs/<slug:slug>/facilities/new/", views.facility_add, name="facility-add"),
    path("facilities/<int:pk>/edit/", views.facility_edit, name="facility-edit"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_add, name="activity-add"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("contacts/new/", views.contact_add, name="contact-add"),
]
