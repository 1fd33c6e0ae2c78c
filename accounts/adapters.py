from allauth.account.adapter import DefaultAccountAdapter

from .services import end_all_sessions


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join only through an invitation from their organisation's manager.
        return False

    def logout(self, request):
        if request.user.is_authenticated:
            end_all_sessions(request.user)
        super().logout(request)
