"""The `seed_demo` command and dashboard/demo.py: every app's demo, seeded once and kept."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError

from accounts.models import User
from agreements.models import (
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    ScopeItem,
    Signatory,
    Target,
)
from audit.models import AuditEntry
from audit.selectors import entries_for
from dashboard.demo import seed_demo
from partnerships.demo import DEMO_PASSWORD
from partnerships.models import Channel, Membership, Organisation, PressPartner, Province, Regency
from tests.helpers import run_command
from tests.partnerships.test_demo import ADMIN, SIGN_INS, TOTP_ACCOUNTS

S = Agreement.Status


def snapshot():
    """Every row the demo touches, field by field."""
    models = [
        Organisation,
        Channel,
        User,
        Membership,
        PressPartner,
        EmailAddress,
        Authenticator,
        Province,
        Agreement,
        AgreementParty,
        Signatory,
        ScopeItem,
        Target,
        AgreementDocument,
        AgreementComment,
        AuditEntry,
    ]
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in [*models, Regency]
    }


@pytest.mark.django_db
def test_seed_demo_run_twice_changes_nothing(debug):
    first_output = run_command("seed_demo")
    before = snapshot()

    second_output = run_command("seed_demo")

    assert snapshot() == before
    assert (
        "Demo data created: 28 organisations, 55 channels, 9 accounts, 9 email addresses"
        in first_output
    )
    assert "9 agreements, 11 agreement documents" in first_output
    assert "Demo data already in place; nothing changed." in second_output


@pytest.mark.django_db
def test_seed_demo_keeps_what_people_changed_in_the_demo(debug):
    seed_demo()
    channel = Channel.objects.get(organisation__short_name="Diskominfo Sumsel", kind="instagram")
    channel.audience_size = 50_000
    channel.save()

    result = seed_demo()

    channel.refresh_from_db()
    assert channel.audience_size == 50_000
    assert not result.changed_anything


@pytest.mark.django_db
def test_seed_demo_prints_every_sign_in_with_its_password_and_two_factor(debug):
    output = run_command("seed_demo")

    assert f"all with the password {DEMO_PASSWORD}" in output
    for email in [*SIGN_INS, ADMIN]:
        (line,) = [line for line in output.splitlines() if line.strip().startswith(email + " ")]
        assert line.rstrip().endswith("yes" if email in TOTP_ACCOUNTS else "no"), line
    assert "python manage.py demo_totp EMAIL" in output


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="published password"):
        run_command("seed_demo")

    assert not User.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_seed_demo_runs_without_debug_when_told_to(settings):
    settings.DEBUG = False

    run_command("seed_demo", allow_without_debug=True)

    assert User.objects.filter(email=ADMIN).exists()


@pytest.mark.django_db
def test_seed_demo_leaves_the_audit_chain_intact(debug):
    seed_demo()

    entries = AuditEntry.objects.count()
    assert entries_for(Agreement.objects.get(status=S.TERMINATED)).exists()
    assert run_command("verify_audit") == f"Audit trail intact: {entries} entries.\n"


@pytest.mark.django_db
def test_seed_demo_keeps_what_people_did_with_the_agreements(debug):
    seed_demo()
    mou = Agreement.objects.get(status=S.NEGOTIATION)
    Agreement.objects.filter(pk=mou.pk).update(status=S.READY)
    mou.comments.first().delete()
    before = snapshot()

    result = seed_demo()

    assert not result.changed_anything
    assert snapshot() == before
    mou.refresh_from_db()
    assert mou.status == S.READY
