"""Signing in, and what every signed-in request learns about its user in one query."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

# The annotation AccountBackend.get_user loads with the user.
HAS_TOTP = "has_totp"


class AccountBackend(AuthenticationBackend):
    """allauth's email sign-in, shaped so a signed-in request asks the database only what it must.

    - The session's user is loaded together with whether they have an authenticator app, so the
      two-factor check of every request (``RequireMFAMiddleware``) costs no query. Read fresh on
      every request, it needs no invalidation: an authenticator removed by an administrator, by
      its owner or in the database is missing on the very next request.
    - Database permissions (groups and per-user permissions) serve the Django admin, which only
      administrators (``is_staff``) enter; everyone else is answered by the access rules alone.
      Without this, every rule that says no (the navigation bar asks several on every page) fell
      through to two permission queries.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            **{
                HAS_TOTP: Exists(
                    Authenticator.objects.filter(
                        user_id=OuterRef("pk"), type=Authenticator.Type.TOTP
                    )
                )
            }
        )
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_user_permissions(user_obj, obj=obj)

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_group_permissions(user_obj, obj=obj)


def uses_authenticator_app(user) -> bool:
    """Whether ``user`` has enrolled an authenticator app (TOTP).

    Free for the request's own user (loaded by AccountBackend); a query for any other.
    """
    known = getattr(user, HAS_TOTP, None)
    if known is None:
        return is_mfa_enabled(user, [Authenticator.Type.TOTP])
    return known
