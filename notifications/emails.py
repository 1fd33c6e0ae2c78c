"""The emails: a subject/text/HTML template triplet each, in the recipient's language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .kinds import find_kind

DIGEST_TEMPLATE = "notifications/email/digest"


def absolute_url(path: str) -> str:
    """``path`` on the public site (links in emails must work outside the app)."""
    if not path or urlsplit(path).scheme:
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def _render(prefix: str, context: dict, *, to: str, message_id: str) -> EmailMultiAlternatives:
    subject = render_to_string(f"{prefix}_subject.txt", context)
    text = render_to_string(f"{prefix}.txt", context)
    html = render_to_string(f"{prefix}.html", context)
    message = EmailMultiAlternatives(
        # A header is one line, whatever the template's whitespace.
        " ".join(subject.split()),
        text,
        to=[to],
        headers={
            # The same delivery always carries the same id, so a resent copy can be recognised.
            "Message-ID": message_id,
            # Automatic mail: out-of-office replies and auto-responders should stay quiet.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _message_id(delivery) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<sinergi.delivery.{delivery.pk}@{domain}>"


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
        return _render(
            kind.email_template, context, to=user.email, message_id=_message_id(delivery)
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
        return _render(DIGEST_TEMPLATE, context, to=user.email, message_id=_message_id(delivery))
