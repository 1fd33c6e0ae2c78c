"""The demo accounts' two-factor codes (accounts/management/demo_mfa.py, `demo_totp`)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError
from django.test import Client
from django.urls import reverse

from accounts.management.demo_mfa import (
    DEMO_TOTP_SECRET,
    enrol_demo_totp,
    fresh_totp_code,
    totp_code,
)
from dashboard.demo import seed_demo
from partnerships.demo import DEMO_PASSWORD
from tests.factories import UserFactory
from tests.helpers import run_command


@pytest.mark.django_db
def test_demo_totp_code_passes_allauth_validation(debug):
    seed_demo()
    authenticator = Authenticator.objects.get(
        user__email="kpk.manager@demo.sinergi.id", type=Authenticator.Type.TOTP
    )
    code = fresh_totp_code()

    assert TOTP(authenticator).validate_code(code) is True
    # allauth refuses a code used once already, and any other code.
    assert TOTP(authenticator).validate_code(code) is False
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert TOTP(authenticator).validate_code(wrong) is False


@pytest.mark.django_db
def test_demo_totp_code_signs_in_through_allauth(debug):
    seed_demo()
    client = Client()

    response = client.post(
        reverse("account_login"),
        {"login": "kpk.manager@demo.sinergi.id", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code()})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"].email == "kpk.manager@demo.sinergi.id"


@pytest.mark.django_db
def test_demo_totp_prints_the_current_code(debug):
    seed_demo()
    code = fresh_totp_code()

    output = run_command("demo_totp", "KPK.Manager@demo.sinergi.id")

    assert output == f"{code}\n"
    assert code == totp_code(DEMO_TOTP_SECRET)
    assert len(code) == 6


@pytest.mark.django_db
def test_demo_totp_refuses_an_account_without_totp(debug):
    seed_demo()

    with pytest.raises(CommandError, match="has no authenticator app enrolled"):
        run_command("demo_totp", "sumsel.manager@demo.sinergi.id")


@pytest.mark.django_db
def test_demo_totp_refuses_an_unknown_address():
    with pytest.raises(CommandError, match=r"No account with the address nobody@example\.go\.id"):
        run_command("demo_totp", "nobody@example.go.id")


@pytest.mark.django_db
def test_demo_totp_never_reveals_a_real_secret():
    user = UserFactory(email="pejabat@kpk.go.id")
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    with pytest.raises(CommandError, match="not the demo one"):
        run_command("demo_totp", "pejabat@kpk.go.id")


@pytest.mark.django_db
def test_enrol_demo_totp_leaves_an_existing_authenticator_alone():
    user = UserFactory()
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    assert enrol_demo_totp(user) is False

    assert Authenticator.objects.filter(user=user).count() == 1
