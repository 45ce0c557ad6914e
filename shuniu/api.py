"""The REST API: one router over every app's api.py; schema and docs served by the app."""
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from shuniu.divisions.api import DivisionViewSet
from shuniu.exports.api import ExportJobViewSet
from shuniu.hubs.api import AffiliationViewSet, HubViewSet
from shuniu.imports.api import ImportJobViewSet
from shuniu.oversight.api.annual import AnnualReportViewSet
from shuniu.oversight.api.evaluation import EvaluationJobViewSet
from shuniu.oversight.api.inbox import InboxView
from shuniu.oversight.api.lists import CreditListEntryViewSet, GradingViewSet
from shuniu.oversight.api.workflows import (
    HubEvaluationViewSet,
    IndicatorViewSet,
    RecognitionApplicationViewSet,
    ServiceCallViewSet,
    ServiceProjectViewSet,
    SupervisoryUnitChangeViewSet,
    TransferRequestViewSet,
)
from shuniu.party.api import InstructorViewSet, PartyMeetingViewSet, PartyMemberViewSet, PartyOrganizationViewSet
from shuniu.registry.api import OrganizationViewSet
from shuniu.services.api import ActivityViewSet, ContactRecordViewSet, FacilityViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet)
router.register("hubs", HubViewSet)
router.register("affiliations", AffiliationViewSet)
router.register("divisions", DivisionViewSet)
router.register("annual-reports", AnnualReportViewSet)
router.register("credit-entries", CreditListEntryViewSet)
router.register("gradings", GradingViewSet)
router.register("party-organizations", PartyOrganizationViewSet)
router.register("party-members", PartyMemberViewSet)
router.register("party-meetings", PartyMeetingViewSet)
router.register("party-instructors", InstructorViewSet)
router.register("facilities", FacilityViewSet)
router.register("activities", ActivityViewSet)
router.register("contact-records", ContactRecordViewSet)
router.register("recognition-applications", RecognitionApplicationViewSet)
router.register("service-projects", ServiceProjectViewSet)
router.register("service-calls", ServiceCallViewSet)
router.register("transfers", TransferRequestViewSet)
router.register("supervisor-changes", SupervisoryUnitChangeViewSet)
router.register("evaluation-indicators", IndicatorViewSet)
router.register("hub-evaluations", HubEvaluationViewSet)
router.register("evaluation-jobs", EvaluationJobViewSet)
router.register("imports", ImportJobViewSet)
router.register("exports", ExportJobViewSet)

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("inbox/", InboxView.as_view(), name="api-inbox"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="api-schema"),
    # The docs' own libraries inject <style> elements: allowed on these two pages only.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[])), name="api-docs"),
    path("redoc/", csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
        SpectacularRedocView.as_view(url_name="api-schema", permission_classes=[])), name="api-redoc"),
    path("", include(router.urls)),
]
