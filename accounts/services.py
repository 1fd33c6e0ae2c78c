from django.conf import settings
from django.db import transaction

from .models import User, new_session_token


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
