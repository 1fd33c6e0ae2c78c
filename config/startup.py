from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def ensure_secret_key() -> None:
    """Refuse to serve without a signing key, saying which variable to set.

    Django would otherwise fail only at the first request that signs something.
    """
    try:
        configured = bool(settings.SECRET_KEY)
    except ImproperlyConfigured:
        configured = False
    if not configured:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development).")
