"""Emails to guests: the people registered without an account, whom no notification reaches.

The one door for them, through ``notifications.emails.send_email`` (queued and delivered as
every email of the site): each email names the event and the guest, and links the guest's ticket
page (``events:ticket``), where they see their place, the QR code, and can cancel.
"""

from django.conf import settings

from notifications.emails import send_email

from .models import Registration
from .tickets import ticket_url


def email_guest(
    registration: Registration,
    template: str,
    context: dict | None = None,
    *,
    language: str | None = None,
    attachments=(),
):
    """Email ``registration``'s guest the ``template`` triplet; returns the delivery.

    ``language``: guests have no account, hence no language of their own; the one they used on
    the public page when there is one, else the site's default.
    """
    return send_email(
        template,
        {
            "event": registration.event,
            "registration": registration,
            "ticket_url": ticket_url(registration),
            **(context or {}),
        },
        to=registration.email,
        language=language or settings.LANGUAGE_CODE,
        attachments=attachments,
    )
