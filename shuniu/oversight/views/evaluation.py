"""考核 pages: the indicator system (office edits), the yearly ranking, one hub's breakdown."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import get_visible_or_404, restrict, scope_of
from shuniu.audit.versioning import VersionConflict, save_versioned

from .. import jobs
from ..forms.evaluation import IndicatorForm
from ..models import EvaluationJob, HubEvaluation, Indicator
from ..services.evaluation import ranking
from ..sources import SOURCES


@login_required
def indicators(request):
    rows = restrict(Indicator.objects.all(), request.user)
    form = None
    if scope_of(request.user).everything:
        form = IndicatorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("evaluation-indicators")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "oversight/indicators.html", {"indicators": rows, "form": form, "sources": SOURCES},
                  status=400 if form is not None and form.errors else 200)


@login_required
def indicator_edit(request, pk: int):
    if not scope_of(request.user).everything:
        raise PermissionDenied
    indicator = get_visible_or_404(Indicator.objects.all(), request.user, pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(indicator, form.cleaned_data["version"], form.save)
        except VersionConflict as error:
            conflict = error.current
        else:
            messages.success(request, _("Saved."))
            return redirect("evaluation-indicators")
    note = (_("Someone saved this indicator first (now: weight %(w)s, target %(t)s). Nothing was saved; "
              "submit again to keep yours.") % {"w": conflict.weight, "t": conflict.target}) if conflict else ""
    if conflict:
        form.data = form.data.copy()
        form.data["version"] = conflict.version
    return render(request, "oversight/form.html", {"form": form, "title": indicator.name, "note": note},
                  status=409 if conflict else 400 if form.errors else 200)


@login_required
def ranking_page(request, year: int):
    """The year's ranking; a hub sees its own (and its sub-hubs'), the office all and may have it recomputed.

    Recomputing is a background job (oversight/jobs.py): the page follows it, then shows the new ranking.
    """
    if request.method == "POST":
        job, queued = jobs.create_job(request.user, year)  # the office's only: PermissionDenied for anyone else
        note = (_("The hubs are being scored for %(year)s in the background; the ranking follows when they are done.")
                if queued else _("The hubs are already being scored for %(year)s (job #%(job)s); the ranking "
                                 "follows when they are done."))
        messages.success(request, note % {"year": year, "job": job.pk})
        return redirect("evaluation-ranking", year=year)
    # A hub sees its own rows, ranked among all the hubs scored that year (its rank, not the others' scores).
    everyone = ranking(HubEvaluation.objects.filter(year=year).select_related("hub"))
    visible = set(restrict(HubEvaluation.objects.filter(year=year), request.user).values_list("pk", flat=True))
    rows = [e for e in everyone if e.pk in visible]
    return render(request, "oversight/ranking.html", {
        "year": year, "rows": rows, "ranked": len(everyone), "is_office": scope_of(request.user).everything,
        "job": restrict(EvaluationJob.objects.filter(year=year).select_related("created_by"), request.user).first(),
        "pending": sorted({name for e in rows for name in e.pending.splitlines() if name})})


@login_required
def evaluation_detail(request, year: int, slug: str):
    evaluation = get_visible_or_404(HubEvaluation.objects.select_related("hub"), request.user, year=year,
                                    hub__slug=slug)
    lines = list(evaluation.lines.all())
    for line in lines:  # its label, and whether value and target are shares (shown as %) or counts
        line.source_info = SOURCES.get(line.source)
        line.is_share = line.source_info is not None and line.source_info.unit == "share"
    return render(request, "oversight/evaluation_detail.html", {
        "evaluation": evaluation, "lines": lines,
        "pending": [p for p in evaluation.pending.splitlines() if p]})


@login_required
def evaluation_home(request):
    latest = restrict(HubEvaluation.objects.all(), request.user).order_by("-year").values_list("year", flat=True)
    return redirect("evaluation-ranking", year=latest.first() or timezone.localdate().year - 1)
