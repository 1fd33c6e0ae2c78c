"""Attendance: the registration list, check-in (search, tap, QR), walk-ins, daftar hadir.

Every page loads the event through ``visible_events`` (404 for an event out of sight), asks the
access rules (403: ``events.view_registrations`` for the lists and exports, ``events.check_in``
for the check-in pages), and leaves the change to ``events.attendance``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from common.web import PAGE_SIZE, filtered_page, posted, require, safe_next

from .. import attendance, exports
from ..forms import RegistrationFilter, TicketForm, WalkInForm
from ..models import Event, Registration
from ..rules import visible_events
from ..times import local
from . import refused


def _event(request, pk) -> Event:
    """An event the user may see (organisers read once), else 404."""
    event = (
        visible_events(request.user)
        .select_related("venue_regency")
        .prefetch_related("organisers")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def _checked_in_time(registration: Registration, event: Event) -> str:
    return local(registration.checked_in_at, event, "H.i")


@login_required
def registrations(request, pk):
    event = _event(request, pk)
    require(request.user, "events.view_registrations", event)
    filterset = RegistrationFilter(request.GET, queryset=attendance.registration_list(event))
    context = filtered_page(request, filterset)
    return render(
        request,
        "events/attendance_registrations.html",
        {
            **context,
            "event": event,
            "counts": attendance.attendance_counts(event),
            "can_check_in": request.user.has_perm("events.check_in", event),
        },
    )


@login_required
@vary_on_headers("HX-Request")
def checkin(request, pk):
    """The phone page: counts, a search over confirmed registrations, a tap to check in, and the
    QR scanner. An htmx search gets only the results."""
    event = _event(request, pk)
    require(request.user, "events.check_in", event)
    words = request.GET.get("q", "").strip()[:100]
    page = Paginator(attendance.check_in_list(event, words), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "event": event,
        "page": page,
        "q": words,
        "query": urlencode({"q": words}) if words else "",
        "counts": attendance.attendance_counts(event),
        "ticket_form": TicketForm(),
        "scan": request.GET.get("scan") == "1",
        "back": request.get_full_path(),
        "can_view_registrations": request.user.has_perm("events.view_registrations", event),
    }
    if request.htmx:
        return render(request, "events/attendance_checkin_results.html", context)
    return render(request, "events/attendance_checkin.html", context)


@login_required
@require_POST
def checkin_mark(request, pk, registration_pk):
    """One tap: check in (or, with ``undo``, take the check-in back). An htmx tap gets the row
    and the counts back; a plain form goes back to the page it came from."""
    event = _event(request, pk)
    require(request.user, "events.check_in", event)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    registration.event = event
    undo = request.POST.get("undo") == "1"
    back = safe_next(request, reverse("events:checkin", args=[event.pk]))
    problem = None
    try:
        if undo:
            attendance.undo_check_in(registration, by=request.user)
        else:
            attendance.check_in(registration, by=request.user)
    except ValidationError as error:
        problem = " ".join(error.messages)
    if request.htmx:
        return render(
            request,
            "events/attendance_checkin_tapped.html",
            {
                "event": event,
                "registration": registration,
                "problem": problem,
                "back": back,
                "counts": attendance.attendance_counts(event),
            },
        )
    if problem:
        messages.error(request, problem)
    elif undo:
        messages.success(
            request, _("%(name)s's check-in is taken back.") % {"name": registration.name}
        )
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    return redirect(back)


@login_required
@require_POST
def checkin_token(request, pk):
    """A scanned personal QR code (or a typed ticket code): checks in this event's ticket only."""
    event = _event(request, pk)
    require(request.user, "events.check_in", event)
    back = reverse("events:checkin", args=[event.pk])
    if request.POST.get("scan") == "1":
        back += "?scan=1"  # the scanner starts again for the next person
    form = TicketForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scan a ticket's QR code or type its code."))
        return redirect(back)
    try:
        registration, done = attendance.check_in_by_token(
            event, form.cleaned_data["code"], by=request.user
        )
    except ValidationError as error:
        refused(request, error)
        return redirect(back)
    details = {"name": registration.name, "time": _checked_in_time(registration, event)}
    if done:
        messages.success(request, _("%(name)s is checked in (%(time)s).") % details)
    else:
        messages.info(request, _("%(name)s was already checked in at %(time)s.") % details)
    return redirect(back)


@login_required
def walk_in(request, pk):
    event = _event(request, pk)
    require(request.user, "events.check_in", event)
    form = WalkInForm(posted(request))
    if form.is_valid():
        try:
            registration = attendance.add_walk_in(event, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_problems(error)
        else:
            messages.success(
                request,
                _("%(name)s is added and checked in.") % {"name": registration.name},
            )
            return redirect("events:checkin", event.pk)
    return render(request, "events/attendance_walk_in.html", {"event": event, "form": form})


def _export(request, pk, respond):
    event = _event(request, pk)
    require(request.user, "events.view_registrations", event)
    everyone = request.GET.get("all") == "1"
    rows = attendance.attendance_rows(event, everyone=everyone)
    return respond(event, rows, everyone=everyone)


@login_required
def attendance_pdf(request, pk):
    """The daftar hadir to print: those checked in, or with ``?all=1`` every confirmed
    registration (a blank sheet for the day)."""
    return _export(request, pk, exports.pdf_response)


@login_required
def attendance_xlsx(request, pk):
    return _export(request, pk, exports.xlsx_response)
