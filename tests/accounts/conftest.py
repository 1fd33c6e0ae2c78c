"""People who sign in through allauth's real views: verified addresses, no authenticator yet."""

import pytest
from allauth.mfa.models import Authenticator

from partnerships.models import Role
from tests.factories import UserFactory, member
from tests.helpers import verify_email


@pytest.fixture
def partner_operator(db):
    return verify_email(member(Role.PARTNER_OPERATOR))


@pytest.fixture
def kpk_staff(db):
    """KPK staff not yet enrolled in two-factor sign-in (the factories enrol KPK roles)."""
    user = verify_email(member(Role.KPK_STAFF))
    Authenticator.objects.filter(user=user).delete()
    return user


@pytest.fixture
def administrator(db):
    """A superuser who signs in through the real pages: a verified address, no authenticator yet.

    Overrides tests/conftest.py's administrator, who is enrolled and never signs in by form.
    """
    return verify_email(UserFactory(is_staff=True, is_superuser=True))
