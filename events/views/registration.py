"""Registration: members, nominations, guests through the public link, tickets, calendars.

Members' pages load the event through ``visible_events`` (404 for what is out of reach) and ask
the access rules (403). The guests' pages work without signing in: the public page answers only
for an open, published event; a ticket, a confirmation link and a calendar feed are reached by
their unguessable token, which is the secret.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.web import posted, require, safe_next
from notifications.emails import absolute_url
from partnerships.models import Membership
from partnerships.rules import reach

from .. import registrations, tickets
from ..forms import DeclineForm, GuestForm, NominateForm
from ..models import Event, Invitation, Registration, Session, Speaker
from ..rules import visible_events
from . import refused
from .limits import client_ip, within_limit

# A flood of guest registrations from one address: at most this many per event every ten
# minutes, and this many per hour over all events (allauth's cache-backed rate limiter).
GUEST_RATES = "5/10m/key,20/1h/ip"


def _event(request, pk) -> Event:
    return get_object_or_404(visible_events(request.user), pk=pk)


# --- Members ---------------------------------------------------------------------------------


@login_required
@require_POST
def register(request, pk):
    event = _event(request, pk)
    require(request.user, "events.register", event)
    try:
        registration = registrations.register_member(event, user=request.user, by=request.user)
    except ValidationError as error:
        refused(request, error)
        return redirect(safe_next(request, reverse("home")))
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. Your ticket is below."))
    else:
        messages.warning(
            request, _("The event is full: you are on the waiting list. We will tell you.")
        )
    return redirect(safe_next(request, reverse("events:ticket", args=[registration.token])))


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("event").filter(event__in=visible_events(request.user)),
        pk=pk,
    )
    require(request.user, "events.cancel_registration", registration)
    back = safe_next(request, reverse("events:ticket", args=[registration.token]))
    try:
        registrations.cancel_registration(registration, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(back)


def _invitation(request, pk) -> Invitation:
    """An invitation the user answers; any other, or one of a draft, is out of reach (404)."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("event", "organisation").exclude(
            event__status=Event.Status.DRAFT
        ),
        pk=pk,
    )
    if not request.user.has_perm("events.answer_invitation", invitation):
        raise Http404
    return invitation


def _members(invitation: Invitation):
    """The organisation's active members, each marked with whether they are registered."""
    registered = Registration.objects.filter(
        event_id=invitation.event_id, user=OuterRef("user"), status__in=Registration.ACTIVE
    )
    return (
        Membership.objects.filter(
            organisation=invitation.organisation, is_active=True, user__is_active=True
        )
        .select_related("user")
        .annotate(registered=Exists(registered))
        .order_by("user__full_name", "user__email")
    )


@login_required
def invitation(request, pk):
    invitation = _invitation(request, pk)
    members = list(_members(invitation))
    free = [membership.user.pk for membership in members if not membership.registered]
    choices = get_user_model().objects.filter(pk__in=free).order_by("full_name", "email")
    form = NominateForm(posted(request), members=choices)
    if form.is_valid():
        try:
            created = registrations.nominate(
                invitation, users=form.cleaned_data["people"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Nominated: %(names)s.") % {"names": ", ".join(r.name for r in created)},
            )
            return redirect("events:invitation", invitation.pk)
    return render(
        request,
        "events/registration_invitation.html",
        {
            "invitation": invitation,
            "event": invitation.event,
            "members": members,
            "form": form,
            "decline_form": DeclineForm(),
            "problems": registrations.registration_problems(invitation.event, opening=False),
        },
    )


@login_required
@require_POST
def invitation_decline(request, pk):
    invitation = _invitation(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("events:invitation", invitation.pk)
    try:
        registrations.decline_invitation(
            invitation, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The invitation is declined."))
    return redirect("events:invitation", invitation.pk)


# --- Guests ----------------------------------------------------------------------------------


def _public_event(token) -> Event:
    """An open event that is published (or cancelled, to say so); anything else is not found."""
    return get_object_or_404(
        Event.objects.select_related("venue_regency")
        .prefetch_related(
            "organisers",
            Prefetch(
                "sessions",
                queryset=Session.objects.prefetch_related(
                    Prefetch("speakers", queryset=Speaker.objects.order_by("order", "pk"))
                ),
            ),
        )
        .filter(visibility=Event.Visibility.OPEN)
        .exclude(status=Event.Status.DRAFT),
        public_token=token,
    )


def public(request, token):
    event = _public_event(token)
    form = GuestForm(posted(request))
    status = 200
    if request.method == "POST":
        if not within_limit(
            request, "guest_registration", GUEST_RATES, key=f"{event.pk}:{client_ip(request)}"
        ):
            form = GuestForm()
            messages.error(
                request,
                _("Too many registrations from your address. Please try again in a few minutes."),
            )
            status = 429
        elif form.is_valid():
            try:
                registrations.register_guest(event, **form.cleaned_data, ip=client_ip(request))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Almost done: we have sent a confirmation link to %(email)s. Open it "
                        "within two days to take your seat."
                    )
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("events:public", token)
    return render(
        request,
        "events/registration_public.html",
        {
            "event": event,
            "form": form,
            "open": registrations.is_open_for_registration(event),
            "problems": registrations.registration_problems(event),
            "seats_left": registrations.seats_left(event),
        },
        status=status,
    )


def guest_confirm(request, token):
    try:
        registration = registrations.find_guest_registration(token)
    except ValidationError as error:
        return render(
            request,
            "events/registration_invalid.html",
            {"reason": " ".join(error.messages)},
            status=410,
        )
    if request.method == "POST":
        try:
            registration = registrations.confirm_guest(token)
        except ValidationError as error:
            refused(request, error)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("Your seat is confirmed. See you there!"))
            else:
                messages.warning(
                    request,
                    _("The event is full: you are on the waiting list. We will email you."),
                )
        return redirect("events:ticket", registration.token)
    return render(
        request,
        "events/registration_guest_confirm.html",
        {"registration": registration, "event": registration.event},
    )


# --- Tickets ---------------------------------------------------------------------------------


def _ticket(token) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event__venue_regency", "organisation"), token=token
    )


@never_cache
def ticket(request, token):
    registration = _ticket(token)
    event = registration.event
    return render(
        request,
        "events/registration_ticket.html",
        {
            "registration": registration,
            "event": event,
            "qr": tickets.qr_svg(registration, label=_("Personal QR code for check-in")),
            "ticket_url": tickets.ticket_url(registration),
            "may_cancel": registration.is_guest
            and registration.status in Registration.ACTIVE
            and registration.checked_in_at is None
            and event.ends_at > timezone.now(),
        },
    )


@never_cache
def ticket_qr(request, token):
    registration = _ticket(token)
    return HttpResponse(tickets.qr_png(registration), content_type="image/png")


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=tickets.ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def ticket_ics(request, token):
    registration = _ticket(token)
    return _calendar_response(
        tickets.event_ics(registration.event, url=tickets.ticket_url(registration)),
        tickets.ics_filename(registration.event),
    )


@require_POST
def ticket_cancel(request, token):
    registration = _ticket(token)
    if not registration.is_guest:
        # A member cancels signed in, where the access rules answer.
        raise Http404
    try:
        registrations.cancel_registration(registration, by=None)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events:ticket", registration.token)


# --- Calendars -------------------------------------------------------------------------------


@login_required
def ics(request, pk):
    event = get_object_or_404(visible_events(request.user).select_related("venue_regency"), pk=pk)
    return _calendar_response(tickets.event_ics(event), tickets.ics_filename(event))


def feed_events(user):
    """The events of a user's calendar feed: registered for (seat or waiting list) or organised
    by one of their organisations, from FEED_HISTORY ago on."""
    registered = Registration.objects.filter(
        event=OuterRef("pk"),
        user=user,
        status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLISTED),
    )
    organised = Event.organisers.through.objects.filter(
        event_id=OuterRef("pk"), organisation_id__in=reach(user).organisation_ids
    )
    return (
        Event.objects.filter(starts_at__gte=timezone.now() - tickets.FEED_HISTORY)
        .filter(Exists(registered) | (Exists(organised) & ~Q(status=Event.Status.DRAFT)))
        .select_related("venue_regency")
        .order_by("starts_at", "pk")[: tickets.FEED_LIMIT]
    )


def calendar_feed(request, token):
    user = registrations.feed_owner(token)
    if user is None:
        raise Http404
    content = tickets.calendar(feed_events(user), name=_("Sinergi events"))
    response = HttpResponse(content, content_type=tickets.ICS_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_settings(request):
    feed = registrations.calendar_feed(request.user)
    url = absolute_url(reverse("events:calendar_feed", args=[feed.token]))
    return render(
        request,
        "events/registration_calendar.html",
        {"feed_url": url, "webcal_url": url.replace("https://", "webcal://", 1)},
    )


@login_required
@require_POST
def calendar_reset(request):
    registrations.reset_calendar_feed(request.user, by=request.user)
    messages.success(
        request, _("Your calendar link has been replaced; the old one no longer works.")
    )
    return redirect("events:calendar_settings")
