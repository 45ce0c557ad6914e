from django.urls import path

from . import views

urlpatterns = [
    path("party/", views.dashboard, name="party-dashboard"),
    path("party/members/export.csv", views.members_export, name="party-members-export"),
    path("organizations/<int:pk>/party/", views.organization_party, name="organization-party"),
    path("organizations/<int:pk>/party/members/new/", views.member_add, name="party-member-add"),
    path("party/organizations/new/", views.party_organization_add, name="party-organization-add"),
    path("party/organizations/<int:pk>/edit/", views.party_organization_edit, name="party-organization-edit"),
    path("party/instructors/new/", views.instructor_add, name="party-instructor-add"),
    path("party/instructors/<int:pk>/edit/", views.instructor_edit, name="party-instructor-edit"),
    path("party/members/<int:pk>/edit/", views.member_edit, name="party-member-edit"),
    path("organizations/<int:pk>/party/meetings/new/", views.meeting_add, name="party-meeting-add"),
]
