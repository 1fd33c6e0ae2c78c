from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

SESSION_STARTED = "sinergi_started"
SESSION_SEEN = "sinergi_seen"
# Writing "last seen" on every request would make every request a session write.
SEEN_RESOLUTION_SECONDS = 60


class SessionLifetimeMiddleware:
    """Signs a user out after an idle period and after an absolute session lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_SEEN)
            if started is None:
                request.session[SESSION_STARTED] = now.isoformat()
                request.session[SESSION_SEEN] = now.isoformat()
            elif (
                now - datetime.fromisoformat(seen) > settings.SESSION_IDLE_TIMEOUT
                or now - datetime.fromisoformat(started) > settings.SESSION_MAX_LIFETIME
            ):
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            elif (now - datetime.fromisoformat(seen)).total_seconds() > SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_SEEN] = now.isoformat()
        return self.get_response(request)


class UserLanguageMiddleware:
    """Indonesian unless the person chose otherwise: their saved choice, or the cookie.

    Runs after LocaleMiddleware on purpose: a browser's Accept-Language does not override
    Indonesian as the default interface language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.user.is_authenticated:
            language = request.user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return self.get_response(request)


class RequireMFAMiddleware:
    """Sends people who must use two-factor sign-in to enrol before they can do anything else.

    Who must is decided by the access rules (permission ``accounts.require_mfa``).
    """

    allowed_prefixes = ("/accounts/", "/static/", "/me/language/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and user.has_perm("accounts.require_mfa")
            and not self._has_totp(request)
        ):
            messages.warning(
                request,
                _("Your role requires two-factor sign-in. Set up an authenticator app first."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _has_totp(request):
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
