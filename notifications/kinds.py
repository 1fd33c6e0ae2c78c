"""Notification kinds: what can be notified, and how it reaches people who did not choose.

A domain app declares its kinds in ``<app>/notification_kinds.py`` (imported when the apps are
ready) and then calls ``notifications.services.notify``::

    from notifications.kinds import Kind, Mode, register_kind

    AGREEMENT_EXPIRING = register_kind(
        Kind(
            code="agreements.expiring",
            label=_("Agreement about to expire"),
            message=_("%(target)s expires in %(days)s days."),
            default_mode=Mode.DIGEST,
            default_modes_by_permission=[("partnerships.sign_agreement", Mode.EMAIL)],
        )
    )

Per-role defaults are keyed by permission names, which the domain's access rules answer
(``user.has_perm``): this app never learns what a role is, and never imports a domain app.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    """How a notification reaches its recipient; every notification is also shown in the app."""

    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("Immediate email")
    DIGEST = "digest", _("Daily digest email")


@dataclass(frozen=True)
class Kind:
    """One kind of notification.

    ``message`` is a translatable format string; it may use ``%(target)s`` (the object's
    label), ``%(actor)s`` (who did it) and the keys of the context given to ``notify``.
    ``default_modes_by_permission`` is read in order: the first permission the recipient holds
    gives the default; without any, ``default_mode`` applies. ``email_template`` names a
    subject/text/HTML triplet (``<prefix>_subject.txt``, ``<prefix>.txt``, ``<prefix>.html``).
    ``choices`` maps context keys stored as codes to the choices that name them
    ({"to": Status}), so the sentence shows the label in the reader's language.
    """

    code: str
    label: str
    message: str
    default_mode: str = Mode.IN_APP
    default_modes_by_permission: Sequence[tuple[str, str]] = field(default=())
    email_template: str = "notifications/email/notification"
    choices: Mapping[str, type[models.Choices]] = field(default_factory=dict, hash=False)

    def render(self, notification) -> str:
        """The sentence for ``notification`` in the active language."""
        params = {
            **notification.context,
            "target": notification.target_label,
            "actor": str(notification.actor) if notification.actor_id else "",
        }
        for key, named in self.choices.items():
            code = params.get(key)
            if code in named.values:
                params[key] = named(code).label
        try:
            return str(self.message) % params
        except (KeyError, TypeError, ValueError):
            # A context that no longer fits the sentence must not break the inbox.
            return f"{self.label}: {notification.target_label}".rstrip(": ")

    def attachments(self, notification) -> list:
        """The files the email of ``notification`` carries (``emails.Attachment``): none here.

        A kind whose email needs a file (a calendar entry, a ticket) overrides this; it is
        called when the email is composed, in the recipient's language.
        """
        return []

    def default_mode_for(self, user) -> str:
        for permission, mode in self.default_modes_by_permission:
            if user.has_perm(permission):
                return mode
        return self.default_mode


_kinds: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Make ``kind`` known to notify(), the inbox and the preferences page; returns it."""
    existing = _kinds.get(kind.code)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"Notification kind {kind.code!r} is registered twice.")
    if kind.default_mode not in Mode.values or any(
        mode not in Mode.values for _permission, mode in kind.default_modes_by_permission
    ):
        raise ImproperlyConfigured(f"Notification kind {kind.code!r} has an unknown mode.")
    _kinds[kind.code] = kind
    return kind


def unregister_kind(code: str) -> None:
    _kinds.pop(code, None)


def get_kind(code: str) -> Kind:
    """The registered kind ``code``; a LookupError for an unknown one."""
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"Unknown notification kind {code!r}.") from None


def find_kind(code: str) -> Kind:
    """The kind ``code``, or a stand-in for one that is no longer registered (old rows)."""
    return _kinds.get(code) or Kind(code=code, label=code, message="%(target)s")


def registered_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: str(kind.label))


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in registered_kinds()]
