from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

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
