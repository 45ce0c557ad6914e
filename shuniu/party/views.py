"""Party pages: the coverage dashboard of the user's scope, an organisation's party tab, entry forms, export."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import (
    ADD,
    CHANGE,
    VIEW,
    get_visible_or_404,
    may,
    restrict,
    save_restricted,
    scope_of,
)
from shuniu.analytics.cache import cached, scope_key
from shuniu.audit.versioning import VersionConflict, conflict_of, save_versioned
from shuniu.divisions.models import Division
from shuniu.exports.writers import csv_chunks
from shuniu.hubs.models import Hub
from shuniu.hubs.queries import attach_current_hubs
from shuniu.paginator import page_of
from shuniu.registry.models import Organization

from . import figures
from .forms import InstructorForm, PartyMeetingForm, PartyMemberForm, PartyOrganizationForm
from .models import Instructor, PartyMeeting, PartyMember, PartyOrganization
from .privacy import NAME, PHONE, personal_data
from .services import create_restricted

PAGE_SIZE = 50


def _party_viewer(user) -> None:
    if not may(user, PartyOrganization, VIEW):
        raise PermissionDenied(_("Party-building records are for the office, district offices, hubs and "
                                 "organisations."))


def as_of(request) -> tuple[datetime.date, str | None]:
    """The day figures are computed for: ?as_of=YYYY-MM-DD, today by default; a bad date says so."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return timezone.localdate(), None
    try:
        return datetime.date.fromisoformat(raw), None
    except ValueError:
        return timezone.localdate(), _("“%(value)s” is not a date (YYYY-MM-DD); showing today.") % {"value": raw}


@login_required
def dashboard(request):
    """两个覆盖 for the user's scope, broken down by district or sub-hub, with the organisations due."""
    _party_viewer(request.user)
    day, bad_date = as_of(request)
    base = Organization.objects.restrict(request.user)
    scope = scope_of(request.user)
    numbers = cached("party-dashboard", lambda: _numbers(request.user, day), scope_key(scope), day)
    due = figures.due(figures.counted(base, day), day).select_related("registering_division").order_by("name", "pk")
    page = page_of(request, due, PAGE_SIZE, "party-due")
    page.object_list = attach_current_hubs(page.object_list)
    return render(request, "party/dashboard.html", {
        **numbers, "day": day, "bad_date": bad_date, "page": page, "quarter_days": figures.QUARTER.days,
        "due_at": figures.DUE_AT, "personal": personal_data(request).sees_any,
        "can_add_party": may(request.user, PartyOrganization, ADD),
        "can_add_instructor": may(request.user, Instructor, ADD) and personal_data(request).sees_any,
    })


def _last_meeting_if_long_before(user, day: datetime.date) -> datetime.date | None:
    """The last meeting recorded, when it is more than a quarter before `day`: the figures then count no
    meetings, and the page offers them as of that day (a registry migrated from its records, or the demo
    of 2010 viewed today), instead of a bare 0."""
    last = restrict(PartyMeeting.objects.filter(date__lte=day), user).aggregate(last=Max("date"))["last"]
    return last if last is not None and last < day - figures.QUARTER else None


def _numbers(user, day) -> dict:
    """The scope's totals and its breakdown.

    Office: each district and each city hub; district office: the hubs of its district; hub: its network.
    """
    scope = scope_of(user)
    facts = figures.Facts(Organization.objects.restrict(user), day)
    totals = facts.figures(facts.ids)
    rows = []
    if scope.everything:
        districts = list(Division.objects.districts().current().order_by("code"))
        by_district = facts.by_district(districts)
        rows += [{"label": d.name, "kind": "district", "code": d.code, **by_district[d.pk]} for d in districts]
    hubs = Hub.objects.restrict(user).order_by("level", "slug")
    if scope.everything:
        hubs = hubs.filter(level="city")
    elif Role.HUB in scope.roles:
        hubs = hubs.filter(pk__in=scope.hub_ids)
    hubs = list(hubs.filter(level__in=["city", "district"])[:60])
    by_hub = facts.by_hub(hubs)
    rows += [{"label": h.short_name, "kind": "hub", "slug": h.slug, **by_hub[h.pk]} for h in hubs]
    return {"totals": totals, "rows": rows, "last_meeting": _last_meeting_if_long_before(user, day)}


@login_required
def organization_party(request, pk: int):
    """An organisation's party tab: who covers it, its members (masked as the viewer must see them), meetings."""
    _party_viewer(request.user)
    org = get_visible_or_404(Organization.objects.select_related("registering_division"), request.user, pk=pk)
    day, bad_date = as_of(request)
    one = Organization.objects.filter(pk=org.pk)
    parties = list(restrict(PartyOrganization.objects.filter(coverage__organization=org), request.user)
                   .select_related("hub", "parent").order_by("name"))
    members = (restrict(PartyMember.objects.filter(organization=org), request.user)
               .select_related("branch").order_by("status", "pk"))
    instructors = list(restrict(Instructor.objects.filter(assignments__organization=org), request.user)
                       .select_related("hub"))
    return render(request, "party/organization_party.html", {
        "org": org, "parties": parties, "members": members,
        "meetings": restrict(PartyMeeting.objects.filter(party_organization__in=[p.pk for p in parties]),
                             request.user).select_related("party_organization")[:30],
        "instructors": instructors,
        "editable_instructors": {i.pk for i in instructors if personal_data(request).reveals(i)}
        if may(request.user, Instructor, CHANGE) else set(),
        "flags": figures.counted(one, day).aggregate(
            covered=_exists(figures.organization_covered(day)), working=_exists(figures.work_covered(day))),
        "is_due": figures.due(figures.counted(one, day), day).exists(),
        "full_members": sum(1 for m in members if m.status == PartyMember.Status.FORMAL),
        "can_add_member": may(request.user, PartyMember, ADD) and personal_data(request).sees_any,
        "editable_members": {m.pk for m in members if personal_data(request).reveals(m)}
        if may(request.user, PartyMember, CHANGE) else set(),
        "can_add_meeting": may(request.user, PartyMeeting, ADD) and bool(parties),
        "can_add_party": may(request.user, PartyOrganization, ADD),
        "can_change_party": may(request.user, PartyOrganization, CHANGE),
        "can_add_instructor": may(request.user, Instructor, ADD) and personal_data(request).sees_any,
        "due_at": figures.DUE_AT, "day": day, "bad_date": bad_date,
    })


def _exists(condition):
    return Count("pk", filter=Q(condition))


@login_required
def member_add(request, pk: int):
    org = _writable_org(request, pk, PartyMember)
    viewer = personal_data(request)
    if not viewer.sees_any:  # who may not read members' personal data does not record it either
        raise PermissionDenied(_("Members are recorded by the office and the hub's party-work staff."))
    form = PartyMemberForm(request.POST or None, user=request.user, organization=org)
    if request.method == "POST" and form.is_valid():
        create_restricted(PartyMember, request.user, lambda: _revealed(viewer, form.save()))
        messages.success(request, _("Member recorded."))
        return redirect("organization-party", pk=org.pk)
    return render(request, "party/form.html", {"org": org, "form": form, "title": _("Record a party member")})


@login_required
def member_edit(request, pk: int):
    """Edit a member: out of sight 404; seen (masked) or not changeable 403; a stale save shows the
    differences."""
    member = get_visible_or_404(PartyMember.objects.select_related("organization", "branch"), request.user, pk=pk)
    viewer = personal_data(request)
    if (member.organization is None or not viewer.reveals(member)
            or not restrict(PartyMember.objects.filter(pk=pk), request.user, CHANGE).exists()):
        raise PermissionDenied(_("Members are changed by the office and the hub's party-work staff."))
    org = member.organization
    form = PartyMemberForm(request.POST or None, instance=member, user=request.user, organization=org)
    conflict = None
    if request.method == "POST" and not form.is_valid():
        conflict = form.conflict
    elif request.method == "POST":
        try:
            save_restricted(member, request.user, CHANGE, save=lambda: save_versioned(
                member, form.cleaned_data["version"], lambda: _revealed(viewer, form.save())))
        except VersionConflict as error:
            conflict = conflict_of(form, error.current)
        else:
            messages.success(request, _("Saved."))
            return redirect("organization-party", pk=org.pk)
    return render(request, "party/form.html", {"org": org, "form": form, "conflict": conflict,
                                               "title": _("Edit party member")})


def _revealed(viewer, member: PartyMember) -> PartyMember:
    if not viewer.reveals(member):
        raise PermissionDenied
    return member


@login_required
def meeting_add(request, pk: int):
    org = _writable_org(request, pk, PartyMeeting)
    form = PartyMeetingForm(request.POST or None, user=request.user, organization=org)
    if request.method == "POST" and form.is_valid():
        create_restricted(PartyMeeting, request.user, form.save)
        messages.success(request, _("Meeting recorded."))
        return redirect("organization-party", pk=org.pk)
    return render(request, "party/form.html", {"org": org, "form": form, "title": _("Record a meeting (三会一课)")})


def _writable_org(request, pk: int, model) -> Organization:
    """The organisation, if the user may add `model` records and sees it; 403 otherwise, existing or not."""
    if not may(request.user, model, ADD):
        raise PermissionDenied
    org = Organization.objects.restrict(request.user).filter(pk=pk).first()
    if org is None:
        raise PermissionDenied
    return org


@login_required
def party_organization_add(request):
    """Set up a party organisation; ?organization=<id> opens it for that organisation (404 if not seen)."""
    if not may(request.user, PartyOrganization, ADD):
        raise PermissionDenied(_("Party organisations are set up by the office and the hubs."))
    initial, org = {}, None
    if request.GET.get("organization", "").isdigit():
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=request.GET["organization"])
        initial = {"covered": [org], "name": f"{org.name}党支部", "kind": PartyOrganization.Kind.BRANCH}
    form = PartyOrganizationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        party = create_restricted(PartyOrganization, request.user, form.save)
        messages.success(request, _("Party organisation set up."))
        return _back_to(party.organizations.order_by("pk").first())
    return render(request, "party/form.html", {"org": org, "form": form, "title": _("Set up a party organisation"),
                                               "back": _back_url(org)})


@login_required
def party_organization_edit(request, pk: int):
    party = get_visible_or_404(PartyOrganization.objects.select_related("parent"), request.user, pk=pk)
    if not restrict(PartyOrganization.objects.filter(pk=pk), request.user, CHANGE).exists():
        raise PermissionDenied(_("Party organisations are changed by the office and the hubs."))
    form = PartyOrganizationForm(request.POST or None, instance=party, user=request.user)
    org = party.organizations.order_by("pk").first()
    return _versioned_edit(request, party, form, {"org": org, "title": _("Edit party organisation"),
                                                  "back": _back_url(org)}, lambda: _back_to(org))


def _instructor_hubs(request):
    """Hubs whose instructors the user records: the office any; party-work staff their hubs and sub-hubs."""
    viewer = personal_data(request)
    hubs = Hub.objects.restrict(request.user).order_by("level", "slug")
    return hubs if viewer.scope.everything else hubs.filter(pk__in=viewer.party_hub_ids)


@login_required
def instructor_add(request):
    viewer = personal_data(request)
    if not may(request.user, Instructor, ADD) or not viewer.sees_any:
        raise PermissionDenied(_("Instructors are recorded by the office and the hub's party-work staff."))
    org = None
    if request.GET.get("organization", "").isdigit():
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=request.GET["organization"])
    form = InstructorForm(request.POST or None, user=request.user, hubs=_instructor_hubs(request),
                          initial={"guided": [org]} if org else {})
    if request.method == "POST" and form.is_valid():
        instructor = create_restricted(Instructor, request.user, lambda: _revealed(viewer, form.save()))
        messages.success(request, _("Instructor recorded."))
        return _back_to(instructor.organizations.order_by("pk").first())
    return render(request, "party/form.html", {"org": org, "form": form, "title": _("Record an instructor"),
                                               "back": _back_url(org)})


@login_required
def instructor_edit(request, pk: int):
    instructor = get_visible_or_404(Instructor.objects.all(), request.user, pk=pk)
    viewer = personal_data(request)
    if not viewer.reveals(instructor) or not restrict(Instructor.objects.filter(pk=pk), request.user,
                                                      CHANGE).exists():
        raise PermissionDenied(_("Instructors are changed by the office and the hub's party-work staff."))
    form = InstructorForm(request.POST or None, instance=instructor, user=request.user,
                          hubs=_instructor_hubs(request))
    org = instructor.organizations.order_by("pk").first()
    return _versioned_edit(request, instructor, form, {"org": org, "title": _("Edit instructor"),
                                                       "back": _back_url(org)},
                           lambda: _back_to(org), check=lambda: _revealed(viewer, instructor))


def _versioned_edit(request, obj, form, context: dict, done, check=None):
    """Save `form` over `obj` if it is valid, still at the version the user opened and still in scope;
    otherwise the page again, with the conflict and its differences when someone saved in between."""
    conflict = None
    if request.method == "POST" and not form.is_valid():
        conflict = form.conflict
    elif request.method == "POST":
        def save():
            form.save()
            if check is not None:
                check()
        try:
            save_restricted(obj, request.user, CHANGE,
                            save=lambda: save_versioned(obj, form.cleaned_data["version"], save))
        except VersionConflict as error:
            conflict = conflict_of(form, error.current)
        else:
            messages.success(request, _("Saved."))
            return done()
    return render(request, "party/form.html", {**context, "form": form, "conflict": conflict})


def _back_url(org) -> str:
    return reverse("organization-party", args=[org.pk]) if org is not None else reverse("party-dashboard")


def _back_to(org):
    return redirect(_back_url(org))


EXPORT_COLUMNS = ["姓名", "手机号", "身份证号", "状态", "工作单位", "组织关系所在党组织", "组织关系在外登记",
                  "口袋党员"]


@login_required
def members_export(request):
    """The members the user may see, as CSV; personal data masked exactly as on the pages."""
    _party_viewer(request.user)
    viewer = personal_data(request)
    rows = (restrict(PartyMember.objects.all(), request.user)
            .select_related("organization", "branch").order_by("pk"))
    response = StreamingHttpResponse(_csv(rows, viewer), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="party-members-{timezone.localdate():%Y%m%d}.csv"'
    return response


def _csv(rows, viewer):
    """The shared CSV writer (exports.writers: BOM, chunks, formulas neutralised) over the masked cells."""
    return csv_chunks(EXPORT_COLUMNS, (
        [viewer.show(m, NAME), viewer.show(m, PHONE), viewer.show(m, "id_number"), m.get_status_display(),
         m.organization, m.branch, m.registered_elsewhere, "是" if m.is_pocket else ""]
        for m in rows.iterator(chunk_size=2000)))
