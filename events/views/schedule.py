"""The event itself: list, details, agenda, invitations, publishing and cancelling.

Load through ``events.selectors`` (404 for what is out of sight), ask the access rules (403),
call a service from ``events.services``, redirect with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agreements.selectors import linkable_agreements, linkable_scope_items
from audit.selectors import timeline
from common.web import filtered_page, posted, require, safe_next

from .. import selectors, services
from ..filters import EventFilter, InvitationFilter
from ..forms import CancelForm, EventForm, InviteForm, SessionForm, SpeakerFormSet, speakers_of
from ..models import Event
from ..selectors import Tab
from . import refused

LIST_PAGE_SIZE = 25
INVITATIONS_PAGE_SIZE = 50


def _event(request, pk) -> Event:
    """An event the user may see, else 404: foreign ids are not confirmed."""
    event = selectors.visible_event(request.user, pk)
    if event is None:
        raise Http404
    return event


def _managed(request, pk) -> Event:
    event = _event(request, pk)
    require(request.user, "events.change_event", event)
    return event


@login_required
def event_list(request):
    tab = Tab.PAST if request.GET.get("tab") == Tab.PAST else Tab.UPCOMING
    filterset = EventFilter(
        request.GET, queryset=selectors.event_list(request.user, tab=tab), request=request
    )
    page = Paginator(filterset.qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    tab_query = query.copy()
    tab_query.pop("tab", None)
    return render(
        request,
        "events/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "tab": tab,
            "tab_query": tab_query.urlencode(),
            "can_add": request.user.has_perm("events.add_event"),
        },
    )


@login_required
def event_detail(request, pk):
    event = selectors.event_for_page(request.user, pk)
    if event is None:
        raise Http404
    user = request.user
    require(user, "events.view_event", event)
    manages = user.has_perm("events.change_event", event)
    sees_history = user.has_perm("events.view_event_history", event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "seats": selectors.seats(event),
            "can_change": manages,
            "moves": services.allowed_transitions(user, event) if manages else [],
            "invitations": selectors.invitation_summary(event) if manages else None,
            "public_url": event.get_public_url() if manages else "",
            "history": timeline(event, page=request.GET.get("history")) if sees_history else None,
            "history_url": reverse("events:history", args=[event.pk]),
            "now": timezone.now(),
        },
    )


@login_required
def event_history(request, pk):
    """One more page of the event page's history, appended by "show older entries"."""
    event = _event(request, pk)
    require(request.user, "events.view_event_history", event)
    return render(
        request,
        "audit/timeline_items.html",
        {
            "history": timeline(event, page=request.GET.get("history")),
            "history_url": reverse("events:history", args=[event.pk]),
            "fragment": True,
        },
    )


@login_required
def event_create(request):
    require(request.user, "events.add_event")
    return _event_form(request, None)


@login_required
def event_update(request, pk):
    event = _managed(request, pk)
    if event.is_cancelled:
        messages.error(request, _("A cancelled event can no longer be changed."))
        return redirect(event)
    return _event_form(request, event)


def _event_form(request, event):
    user = request.user
    agreements = linkable_agreements(user, kept=event.agreement_id if event else None)
    form = EventForm(
        posted(request),
        instance=event or Event(),
        initial={"organisers": selectors.default_organisers(user)} if event is None else None,
        organisers=selectors.organiser_choices(user, event),
        picker=user.has_perm("events.organise_with_anyone"),
        agreements=agreements,
        scope_items=linkable_scope_items(agreements),
    )
    if form.is_valid():
        organisers = form.cleaned_data["organisers"]
        try:
            if event is None:
                event = services.create_event(by=user, organisers=organisers, **form.details())
            else:
                event = services.update_event(
                    event, by=user, organisers=organisers, **form.details()
                )
        except ValidationError as error:
            form.add_problems(error)
        else:
            messages.success(request, _("Event saved."))
            return redirect(event)
    return render(request, "events/schedule_form.html", {"event": event, "form": form})


# Status.


@login_required
@require_POST
def event_publish(request, pk):
    event = _managed(request, pk)
    try:
        services.transition(event, Event.Status.PUBLISHED, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The event is published; the invited organisations are told."))
    return redirect(event)


@login_required
def event_cancel(request, pk):
    event = _managed(request, pk)
    form = CancelForm(posted(request))
    if form.is_valid():
        try:
            services.transition(
                event, Event.Status.CANCELLED, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("The event is cancelled; everyone concerned is told."))
        return redirect(event)
    return render(request, "events/schedule_cancel.html", {"event": event, "form": form})


# The agenda.


@login_required
def event_agenda(request, pk):
    """The agenda: its sessions, each with its buttons, and a form that adds one."""
    event = _managed(request, pk)
    return _session_form(request, event, None)


@login_required
def session_update(request, pk, session_pk):
    event = _managed(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk)
    return _session_form(request, event, session)


def _session_form(request, event, session):
    data = posted(request)
    initial_speakers = (
        [
            {"name": s.name, "position": s.position, "institution": s.institution}
            for s in session.speakers.all()
        ]
        if session
        else None
    )
    form = SessionForm(data, instance=session, event=event)
    speakers = SpeakerFormSet(data, initial=initial_speakers, prefix="speakers")
    if data is not None and event.is_cancelled:
        messages.error(request, _("A cancelled event can no longer be changed."))
        return redirect(event)
    if data is not None and form.is_valid() and speakers.is_valid():
        fields = {
            "title": form.cleaned_data["title"],
            "starts_at": form.cleaned_data["starts_at"],
            "ends_at": form.cleaned_data["ends_at"],
            "description": form.cleaned_data["description"],
            "speakers": speakers_of(speakers),
        }
        try:
            if session is None:
                services.add_session(event, by=request.user, **fields)
            else:
                services.update_session(session, by=request.user, **fields)
        except ValidationError as error:
            form.add_problems(error)
        else:
            messages.success(request, _("Agenda saved."))
            return redirect("events:agenda", event.pk)
    sessions = event.sessions.prefetch_related("speakers") if session is None else None
    return render(
        request,
        "events/schedule_agenda.html",
        {
            "event": event,
            "session": session,
            "sessions": sessions,
            "form": form,
            "speakers": speakers,
        },
    )


@login_required
@require_POST
def session_remove(request, pk, session_pk):
    event = _managed(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk)
    try:
        services.remove_session(session, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Session removed from the agenda."))
    return redirect("events:agenda", event.pk)


# Invitations.


@login_required
def invitations(request, pk):
    """The event's invitations, for its organisers: filtered, searched, a page at a time."""
    event = _managed(request, pk)
    filterset = InvitationFilter(request.GET, queryset=selectors.invitations_of(event))
    return render(
        request,
        "events/schedule_invitations.html",
        {
            **filtered_page(request, filterset, page_size=INVITATIONS_PAGE_SIZE),
            "event": event,
            "counts": selectors.invitation_counts(event),
            "can_change": request.user.has_perm("events.change_event", event),
        },
    )


@login_required
def event_invite(request, pk):
    event = _managed(request, pk)
    form = InviteForm(posted(request))
    if form.is_valid():
        try:
            invited = services.invite(event, by=request.user, **form.choice())
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            if invited:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d organisation invited.",
                        "%(count)d organisations invited.",
                        len(invited),
                    )
                    % {"count": len(invited)},
                )
            else:
                messages.info(request, _("Every organisation chosen was already invited."))
            return redirect("events:invitations", event.pk)
    return render(request, "events/schedule_invite.html", {"event": event, "form": form})


@login_required
@require_POST
def invitation_remove(request, pk, invitation_pk):
    event = _managed(request, pk)
    invitation = get_object_or_404(event.invitations, pk=invitation_pk)
    try:
        services.remove_invitation(invitation, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Invitation withdrawn."))
    # Back to the list as it was (its filters and page), else to its first page.
    return redirect(safe_next(request, reverse("events:invitations", args=[event.pk])))
