"""The notification kinds of events; each part of the app keeps its section."""


# --- After the event: feedback and certificates (followup) ---
# Attendees with an account are told in the app and by email (they may not open the app for
# an event that is over); guests get an email with their own link instead (events/followup.py).

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

FEEDBACK_REQUESTED = register_kind(
    Kind(
        code="events.feedback_requested",
        label=_("Feedback on an event asked for"),
        message=_("How was %(event)s? Tell the organisers in a few clicks."),
        default_mode=Mode.EMAIL,
    )
)

CERTIFICATE_READY = register_kind(
    Kind(
        code="events.certificate_ready",
        label=_("Certificate of attendance ready"),
        message=_("Your certificate of attendance of %(event)s is ready to download."),
        default_mode=Mode.EMAIL,
    )
)
