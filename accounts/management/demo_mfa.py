"""Two-factor sign-in for the demo accounts: one fixed TOTP secret, known to everyone.

Used only by ``seed_demo`` (which enrols the demo accounts) and ``demo_totp`` (which prints their
current code). The secret is stored through allauth's own ``TOTP.activate``, so allauth's real
sign-in flow checks the codes. ``demo_totp`` refuses any account whose authenticator holds
another secret, so it can never reveal a code of a real person.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

# Base32, 20 bytes, the shape allauth generates; add it to an authenticator app to sign in by hand.
DEMO_TOTP_SECRET = "SINERGIDEMOSECRETKPKHUMASBIROXYZ"


def enrol_demo_totp(user) -> bool:
    """Enrol ``user`` in TOTP with the demo secret, plus recovery codes as allauth's own
    enrolment does. Leaves an existing authenticator alone. Returns True if it enrolled."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return False
    TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    return True


def stored_totp_secret(user) -> str | None:
    """The TOTP secret allauth holds for ``user``, or None without a TOTP authenticator."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def totp_code(secret: str = DEMO_TOTP_SECRET, at: float | None = None) -> str:
    """The code an authenticator app shows at ``at`` (now by default)."""
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def seconds_left(at: float | None = None) -> float:
    """How long the current code stays valid (allauth accepts no earlier or later step)."""
    now = time.time() if at is None else at
    return app_settings.TOTP_PERIOD - now % app_settings.TOTP_PERIOD


def fresh_totp_code(secret: str = DEMO_TOTP_SECRET, min_seconds: float = 3) -> str:
    """The current code, or the next one if the current expires within ``min_seconds``.

    For scripted sign-ins (tests): a code typed just before the step changes would be refused.
    """
    remaining = seconds_left()
    if remaining < min_seconds:
        time.sleep(remaining + 0.1)
    return totp_code(secret)
