from django.conf import settings
from django.db import transaction

from audit.services import diff, log

from .models import User, new_session_token

# What an administrator's change to an account is recorded with (never the password's hash).
AUDITED_FIELDS = (
    "email",
    "full_name",
    "position",
    "phone",
    "language",
    "is_active",
    "is_staff",
    "is_superuser",
)


def end_all_sessions(user: User) -> None:
    """Invalidate every session of ``user``, on every device.

    The session hash covers ``session_token``; a new token makes every stored hash stale, so
    Django's auth middleware treats those sessions as signed out on their next request.
    """
    user.session_token = new_session_token()
    user.save(update_fields=["session_token"])


@transaction.atomic
def update_profile(user: User, *, full_name: str, position: str, phone: str, language: str) -> User:
    user.full_name = full_name
    user.position = position
    user.phone = phone
    user.language = language
    user.save(update_fields=["full_name", "position", "phone", "language"])
    return user


def set_language(user: User, *, language: str) -> None:
    """Save ``language`` as the user's interface language; unsupported codes are refused."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"Unsupported language: {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def save_account(user: User, *, by) -> User:
    """Save an account an administrator created or changed in the admin, and audit it.

    Who may sign in and with which powers (active, staff, superuser) is what matters most in
    the log of an anti-corruption agency. A deactivated account also loses every session it had,
    so it stays signed out should it be activated again.
    """
    before = User.objects.filter(pk=user.pk).first() if user.pk else None
    user.save()
    changes = diff(before, user, fields=AUDITED_FIELDS)
    if before is None:
        log(user, "accounts.account_created", by=by, changes=changes)
    elif changes:
        log(user, "accounts.account_changed", by=by, changes=changes)
    if before is not None and before.is_active and not user.is_active:
        end_all_sessions(user)
    return user


@transaction.atomic
def record_password_set(user: User, *, by) -> None:
    """An administrator set a new password for ``user`` (the log keeps that, not the password)."""
    log(user, "accounts.password_set", by=by)


def access_of(user: User) -> list[str]:
    """The groups and extra permissions of ``user``, in the words the log keeps them."""
    if user.pk is None:
        return []
    groups = [f"group: {group}" for group in user.groups.all()]
    permissions = [
        f"permission: {p.content_type.app_label}.{p.codename}"
        for p in user.user_permissions.select_related("content_type")
    ]
    return sorted(groups + permissions)


@transaction.atomic
def record_access_changed(user: User, *, before: list[str], by) -> None:
    """Log ``user``'s groups and extra permissions if an administrator's change altered them."""
    after = access_of(user)
    if after != before:
        log(user, "accounts.access_changed", by=by, changes={"access": [before, after]})
