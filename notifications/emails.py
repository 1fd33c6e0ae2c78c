"""The emails: a subject/text/HTML template triplet each, and one way to send them.

Every email of the app goes through the outbox (``Delivery`` rows, sent by a task after the
commit, retried with backoff, visible in the admin). A notification or a digest is rendered
when it is sent, in the recipient's language; any other email is rendered when it is queued
(``send_email``, or ``services.queue_message`` for a message rendered elsewhere) and stored.
"""

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .kinds import find_kind

DIGEST_TEMPLATE = "notifications/email/digest"


@dataclass(frozen=True)
class Parts:
    """A rendered email: a one-line subject, a text body and, when there is one, an HTML body."""

    subject: str
    text: str
    html: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file an email carries: a message stores it with its parts, a kind makes it when sent."""

    filename: str
    content: bytes
    mimetype: str

    def stored(self) -> dict:
        """The attachment as a message delivery keeps it (JSON)."""
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "content": base64.b64encode(self.content).decode("ascii"),
        }

    @classmethod
    def from_stored(cls, data: dict) -> "Attachment":
        return cls(data["filename"], base64.b64decode(data["content"]), data["mimetype"])


def absolute_url(path: str) -> str:
    """``path`` on the public site (links in emails must work outside the app)."""
    if not path or urlsplit(path).scheme:
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def one_line(subject: str) -> str:
    """A header is one line, whatever the template's whitespace."""
    return " ".join(subject.split())


def render(prefix: str, context: dict) -> Parts:
    """The triplet ``<prefix>_subject.txt``, ``.txt`` and ``.html``, in the active language."""
    return Parts(
        subject=one_line(render_to_string(f"{prefix}_subject.txt", context)),
        text=render_to_string(f"{prefix}.txt", context),
        html=render_to_string(f"{prefix}.html", context),
    )


def _message_id(delivery) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<sinergi.delivery.{delivery.pk}@{domain}>"


def _email(
    delivery, parts: Parts, *, to: str, attachments: Sequence[Attachment] = ()
) -> EmailMultiAlternatives:
    """The email of ``delivery``: the one place that sets the headers every email carries."""
    message = EmailMultiAlternatives(
        one_line(parts.subject),
        parts.text or parts.html,
        to=[to],
        headers={
            # The same delivery always carries the same id, so a resent copy can be recognised.
            "Message-ID": _message_id(delivery),
            # Automatic mail: out-of-office replies and auto-responders should stay quiet.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    if parts.text and parts.html:
        message.attach_alternative(parts.html, "text/html")
    elif parts.html:
        message.content_subtype = "html"
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def send_email(
    template_prefix: str,
    context: dict,
    *,
    to: str,
    language: str,
    attachments: Sequence[Attachment] = (),
):
    """Queue the email ``template_prefix`` renders from ``context`` to ``to``; returns its Delivery.

    The subject/text/HTML triplet is rendered now, in ``language``, and stored in a message
    delivery created in the caller's transaction; it is sent by a task once that commits,
    retried when the mail server fails, and its bodies are emptied once it is sent. Render
    anything one-time (a link with a token) here rather than in a later step: the stored row is
    all the sending task sees; ``attachments`` are stored with it and emptied with the bodies.
    """
    from .services import queue_message  # the services compose emails with this module

    with translation.override(language):
        parts = render(template_prefix, context)
    return queue_message(parts, to=to, attachments=attachments)


def message_email(delivery) -> EmailMultiAlternatives:
    """A message delivery's email, from the parts stored when it was queued."""
    parts = Parts(subject=delivery.subject, text=delivery.body_text, html=delivery.body_html)
    attachments = [Attachment.from_stored(data) for data in delivery.attachments or ()]
    return _email(delivery, parts, to=delivery.to_email, attachments=attachments)


def _common_context(user) -> dict:
    return {
        "recipient": user,
        "site_url": absolute_url("/"),
        "inbox_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }


def notification_email(delivery) -> EmailMultiAlternatives:
    """The email for one notification, with a link to its object and to the preferences."""
    notification = delivery.notification
    kind = find_kind(notification.kind)
    user = delivery.user
    with translation.override(user.language):
        context = _common_context(user) | {
            "notification": notification,
            "kind": kind.label,
            "message": notification.message,
            "object_url": absolute_url(notification.target_url),
            "object_label": notification.target_label,
        }
        return _email(
            delivery,
            render(kind.email_template, context),
            to=user.email,
            attachments=kind.attachments(notification),
        )


def digest_email(delivery, items: list, total: int) -> EmailMultiAlternatives:
    """One user's daily digest: ``items`` (the newest first) of ``total`` notifications."""
    user = delivery.user
    with translation.override(user.language):
        context = _common_context(user) | {
            "day": delivery.digest_date,
            "count": total,
            "more": total - len(items),
            "items": [
                {
                    "message": item.message,
                    "kind": item.kind_label,
                    "created_at": item.created_at,
                    "object_url": absolute_url(item.target_url),
                }
                for item in items
            ],
        }
        return _email(delivery, render(DIGEST_TEMPLATE, context), to=user.email)
