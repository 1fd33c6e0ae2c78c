from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .backends import uses_authenticator_app

SESSION_STARTED = "sinergi_started"
SESSION_SEEN = "sinergi_seen"
# Writing "last seen" on every request would make every request a session write.
SEEN_RESOLUTION_SECONDS = 60


def _redirect(request, response):
    """An htmx request gets its redirect as a full page load, not as a fragment to swap in."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(response.url)
    return response


def _flash(request, response, level, text):
    """Leave a message for the next page.

    A middleware that runs before MessageMiddleware has no ``request._messages`` yet, and
    MessageMiddleware never sees a response returned early; so the message is stored here.
    """
    storage = getattr(request, "_messages", None)
    if storage is not None:
        storage.add(level, text)
        return
    storage = default_storage(request)
    storage.add(level, text)
    storage.update(response)


class SessionLifetimeMiddleware:
    """Signs a user out after an idle period and after an absolute session lifetime.

    Both clocks live in the session: the first authenticated request stamps the start, and
    activity moves "last seen" forward (at most once a minute).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_SEEN)
            if started is None or seen is None:
                request.session[SESSION_STARTED] = now.isoformat()
                request.session[SESSION_SEEN] = now.isoformat()
            elif (
                now - datetime.fromisoformat(seen) > settings.SESSION_IDLE_TIMEOUT
                or now - datetime.fromisoformat(started) > settings.SESSION_MAX_LIFETIME
            ):
                return self._expire(request)
            elif (now - datetime.fromisoformat(seen)).total_seconds() > SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_SEEN] = now.isoformat()
        return self.get_response(request)

    def _expire(self, request):
        # The message is written in the language of the person it is for, whatever the
        # browser asks for; they are anonymous by the time it is shown.
        with translation.override(request.user.language):
            text = _("Your session has expired. Please sign in again.")
        logout(request)
        response = redirect_to_login(request.get_full_path())
        _flash(request, response, messages.INFO, text)
        return _redirect(request, response)


class UserLanguageMiddleware:
    """Indonesian unless the person chose otherwise: their saved choice, or the cookie.

    Runs after LocaleMiddleware on purpose: a browser's Accept-Language does not override
    Indonesian as the default interface language. A signed-in person's choice is copied to the
    cookie, so the sign-in page speaks their language after they sign out.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        signed_in = request.user.is_authenticated
        language = request.user.language if signed_in else cookie
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        already_set = settings.LANGUAGE_COOKIE_NAME in response.cookies
        if signed_in and cookie != language and not already_set:
            remember_language(response, language)
        return response


def remember_language(response, language: str) -> None:
    """Keep ``language`` in the browser for the visitor's next anonymous pages."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class RequireMFAMiddleware:
    """Sends people who must use two-factor sign-in to enrol before they can do anything else.

    Who must is decided by the access rules (permission ``accounts.require_mfa``). The sign-in,
    account and two-factor pages stay reachable, or nobody could enrol or sign out.
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
            and not uses_authenticator_app(user)
        ):
            messages.warning(
                request,
                _("Your role requires two-factor sign-in. Set up an authenticator app first."),
            )
            return _redirect(request, redirect("mfa_activate_totp"))
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """What a signed-in user is shown (pages, fragments, exports) is stored by no cache.

    Neither a shared proxy nor the browser's disk may keep it, so the back button after signing
    out or another user of the same computer finds nothing. A response that already says how it
    may be cached (a document download, the sign-in pages) keeps its own header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
