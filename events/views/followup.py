"""After the event: materials and photos, the outcome report, feedback, certificates.

Events load through ``rules.visible_events`` (404 for what is out of reach), the access rules
answer 403, the services in ``events.followup`` write. Files are served only through
``file_download``/``file_thumbnail``, which ask ``events.view_file``. The attendee's pages
(feedback form, certificate) are reached by the registration's unguessable token, as the ticket
is; the certificate's public page shows only what the certificate prints.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from common.web import posted, require

from .. import certificates as certificate_pdfs
from .. import followup, selectors
from ..forms import CertificateLookupForm, EventFileForm, FeedbackForm, ReportForm
from ..models import Certificate, Event, EventFile, Feedback, Registration
from ..rules import visible_events
from . import refused
from .limits import within_limit

# The site's policy is replaced, not extended: a file opened anyway can run nothing and load
# nothing (as agreements' and content's downloads).
DOWNLOAD_CSP = {"sandbox": True, "default-src": [CSP.NONE]}
# What a browser may show in the page rather than save: raster images only, never SVG or HTML.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def _event(request, pk) -> Event:
    """An event the user may see (organisers prefetched for the rules), else 404."""
    queryset = visible_events(request.user).prefetch_related("organisers")
    return get_object_or_404(queryset, pk=pk)


# --- Materials and photos ---------------------------------------------------------------------


@login_required
def files(request, pk):
    event = _event(request, pk)
    event_files = selectors.files_for(request.user, event)
    return render(
        request,
        "events/followup_files.html",
        {
            "event": event,
            "materials": [file for file in event_files if file.kind == EventFile.Kind.MATERIAL],
            "photos": [file for file in event_files if file.kind == EventFile.Kind.PHOTO],
            "may_manage": request.user.has_perm("events.manage_files", event),
        },
    )


@login_required
def file_add(request, pk):
    event = _event(request, pk)
    require(request.user, "events.manage_files", event)
    form = EventFileForm(posted(request), request.FILES or None)
    if form.is_valid():
        try:
            added = followup.add_file(event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": added})
            return redirect("events:files", event.pk)
    return render(request, "events/followup_file_form.html", {"event": event, "form": form})


def _file(request, pk, file_pk) -> EventFile:
    """A file of event ``pk`` the visitor may open; anonymous visitors of a private one sign in
    first, everyone else without access gets 404 (a private file's existence is not confirmed)."""
    event_file = get_object_or_404(
        EventFile.objects.select_related("event"), pk=file_pk, event_id=pk
    )
    if not request.user.has_perm("events.view_file", event_file):
        if not request.user.is_authenticated:
            raise _SignIn
        raise Http404
    return event_file


class _SignIn(Exception):
    pass


def _served(view):
    """Anonymous visitors asking for a private file are sent to sign in (the policy applies to
    the file only, never to that redirect)."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    return wrapper


def _file_response(request, field_file, content_type: str, filename: str, *, public: bool):
    inline = content_type in INLINE_TYPES
    try:
        opened = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        opened, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store" if not public else "public, max-age=300"
    return response


@_served
@csp_override(DOWNLOAD_CSP)
def file_download(request, pk, file_pk):
    event_file = _file(request, pk, file_pk)
    return _file_response(
        request,
        event_file.file,
        event_file.content_type,
        event_file.original_name,
        public=event_file.is_public and not request.user.is_authenticated,
    )


@_served
@csp_override(DOWNLOAD_CSP)
def file_thumbnail(request, pk, file_pk):
    event_file = _file(request, pk, file_pk)
    if not event_file.thumbnail:
        raise Http404
    content_type = "image/png" if event_file.thumbnail.name.endswith(".png") else "image/jpeg"
    return _file_response(
        request,
        event_file.thumbnail,
        content_type,
        f"thumbnail-{event_file.pk}{event_file.thumbnail.name[-4:]}",
        public=event_file.is_public and not request.user.is_authenticated,
    )


def _managed_file(request, pk, file_pk) -> EventFile:
    event = _event(request, pk)
    require(request.user, "events.manage_files", event)
    event_file = get_object_or_404(EventFile, pk=file_pk, event=event)
    event_file.event = event
    return event_file


@login_required
@require_POST
def file_visibility(request, pk, file_pk):
    event_file = _managed_file(request, pk, file_pk)
    is_public = request.POST.get("is_public") == "1"
    followup.set_file_visibility(event_file, is_public=is_public, by=request.user)
    if is_public:
        messages.success(request, _("%(name)s is now public.") % {"name": event_file})
    else:
        messages.success(
            request,
            _("%(name)s is now for participants and organisers only.") % {"name": event_file},
        )
    return redirect("events:files", pk)


@login_required
@require_POST
def file_remove(request, pk, file_pk):
    event_file = _managed_file(request, pk, file_pk)
    followup.remove_file(event_file, by=request.user)
    messages.success(request, _("%(name)s removed.") % {"name": event_file})
    return redirect("events:files", pk)


# --- The outcome report -----------------------------------------------------------------------


@login_required
def report(request, pk):
    event = _event(request, pk)
    require(request.user, "events.view_report", event)
    return render(
        request,
        "events/followup_report.html",
        {
            "event": event,
            "report": getattr(event, "report", None),
            "figures": selectors.attendance_figures(event),
            "may_write": request.user.has_perm("events.write_report", event)
            and followup.report_refusal(event) is None,
        },
    )


@login_required
def report_edit(request, pk):
    event = _event(request, pk)
    require(request.user, "events.write_report", event)
    refusal = followup.report_refusal(event)
    if refusal is not None:
        refused(request, refusal)
        return redirect("events:report", event.pk)
    existing = getattr(event, "report", None)
    form = ReportForm(posted(request), instance=existing)
    if form.is_valid():
        try:
            followup.write_report(event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is saved."))
            return redirect("events:report", event.pk)
    return render(
        request,
        "events/followup_report_form.html",
        {"event": event, "form": form, "existing": existing},
    )


# --- Feedback ---------------------------------------------------------------------------------


@login_required
@require_POST
def feedback_request(request, pk):
    event = _event(request, pk)
    require(request.user, "events.request_feedback", event)
    try:
        asked = followup.request_feedback(event, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Feedback asked of %(count)s attendees.") % {"count": asked})
    return redirect("events:feedback_summary", event.pk)


@login_required
def feedback_summary(request, pk):
    event = _event(request, pk)
    require(request.user, "events.view_feedback", event)
    return render(
        request,
        "events/followup_feedback_summary.html",
        {
            "event": event,
            "summary": selectors.feedback_summary(event),
            "may_request": request.user.has_perm("events.request_feedback", event),
        },
    )


def _registration(token) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event"), token=token)


def feedback(request, token):
    """The attendee's feedback form, reached by their ticket's token (no sign-in)."""
    registration = _registration(token)
    event = registration.event
    context = {"event": event, "registration": registration}
    if Feedback.objects.filter(registration=registration).exists():
        return render(request, "events/followup_feedback.html", {**context, "state": "done"})
    if not registration.attended or registration.status != Registration.Status.CONFIRMED:
        return render(
            request, "events/followup_feedback.html", {**context, "state": "refused"}, status=403
        )
    form = FeedbackForm(posted(request))
    if form.is_valid():
        try:
            followup.submit_feedback(registration, **form.cleaned_data)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("Thank you: your feedback is received."))
        return redirect("events:feedback", token)
    return render(
        request, "events/followup_feedback.html", {**context, "state": "form", "form": form}
    )


# --- Certificates -----------------------------------------------------------------------------


@login_required
def certificates(request, pk):
    event = _event(request, pk)
    require(request.user, "events.view_certificates", event)
    issued = list(Certificate.objects.filter(registration__event=event).order_by("name", "pk"))
    return render(
        request,
        "events/followup_certificates.html",
        {
            "event": event,
            "certificates": issued,
            "attended": followup.attendees(event).count(),
            "is_training": event.kind == Event.Kind.TRAINING,
            "may_issue": request.user.has_perm("events.issue_certificates", event),
        },
    )


@login_required
@require_POST
def certificate_issue(request, pk):
    event = _event(request, pk)
    require(request.user, "events.issue_certificates", event)
    try:
        made = followup.issue_certificates(event, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        if made:
            messages.success(request, _("%(count)s certificates issued.") % {"count": len(made)})
        else:
            messages.info(request, _("Everyone who attended already has a certificate."))
    return redirect("events:certificates", event.pk)


def _pdf_response(certificate) -> HttpResponse:
    response = HttpResponse(certificate_pdfs.certificate_pdf(certificate), "application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{certificate_pdfs.filename(certificate)}"'
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@login_required
@csp_override(DOWNLOAD_CSP)
def certificate_download(request, pk, certificate_pk):
    event = _event(request, pk)
    require(request.user, "events.view_certificates", event)
    certificate = get_object_or_404(
        Certificate, pk=certificate_pk, registration__event=event, revoked_at__isnull=True
    )
    return _pdf_response(certificate)


@csp_override(DOWNLOAD_CSP)
def certificate_pdf(request, token):
    """The attendee's own certificate, by their ticket's token (no sign-in)."""
    certificate = get_object_or_404(Certificate, registration__token=token, revoked_at__isnull=True)
    return _pdf_response(certificate)


def certificate_lookup(request):
    """The public form to type a printed code; it leads to the code's verification page."""
    form = CertificateLookupForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("events:certificate_verify", form.cleaned_data["code"])
    return render(request, "events/followup_certificate_lookup.html", {"form": form})


def certificate_verify(request, code):
    """Confirms a certificate is genuine, showing only what it prints; 404 otherwise."""
    if not within_limit(
        request, "certificate_lookup", f"{settings.EVENT_CERTIFICATE_LOOKUPS}/10m/ip"
    ):
        return render(
            request, "events/followup_certificate_verify.html", {"state": "limited"}, status=429
        )
    certificate = selectors.certificate_by_code(code)
    if certificate is None or certificate.revoked_at is not None:
        # A revoked certificate is named as such (whoever holds the paper must not trust it),
        # with nothing of what it printed.
        state = "unknown" if certificate is None else "revoked"
        return render(
            request,
            "events/followup_certificate_verify.html",
            {"state": state, "code": code[:20], "form": CertificateLookupForm()},
            status=404,
        )
    return render(
        request,
        "events/followup_certificate_verify.html",
        {"state": "genuine", "certificate": certificate},
    )
