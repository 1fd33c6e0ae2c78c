from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext_lazy as _

from notifications.emails import Parts
from notifications.services import queue_message

from .services import end_all_sessions


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join only through an invitation from their organisation's manager.
        return False

    def logout(self, request):
        # Signing out on one device signs the person out everywhere: a shared or lost device
        # must not keep a session alive.
        if request.user.is_authenticated:
            end_all_sessions(request.user)
        super().logout(request)

    def send_mail(self, template_prefix, email, context):
        """Queue allauth's email (reset, verification, …) in the outbox instead of sending it.

        allauth renders it as it would (its templates and ours in templates/account/email/, in
        the language active for this request), and the outbox sends it once the request's
        writes commit, retrying while the mail server is down. The bodies hold one-time keys;
        the outbox empties them once the email is sent.
        """
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)}
            | context,
        )
        queue_message(_parts(message), to=email)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        # allauth refuses a wrong code and a reused code alike; say both, so nobody retypes
        # a code that was already used.
        "incorrect_code": _(
            "This code is not correct or has already been used. "
            "Enter the code your authenticator app shows now."
        ),
        "cannot_delete_authenticator": _(
            "Your role requires two-factor sign-in, so the authenticator app cannot be removed."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        # The enrolment would be demanded again on the next page; refuse it here instead.
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.has_perm(
            "accounts.require_mfa"
        ):
            return False
        return super().can_delete_authenticator(authenticator)


def _parts(message) -> Parts:
    """The subject and bodies of an email allauth rendered (text with HTML, or HTML alone)."""
    if message.content_subtype == "html":
        return Parts(subject=message.subject, text="", html=message.body)
    html = next(
        (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
    )
    return Parts(subject=message.subject, text=message.body, html=html)
