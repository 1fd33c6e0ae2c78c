"""The demo data (`seed_demo`) and the demo accounts' two-factor codes (`demo_totp`)."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.management.demo_mfa import (
    DEMO_TOTP_SECRET,
    enrol_demo_totp,
    fresh_totp_code,
    totp_code,
)
from accounts.models import User
from partnerships.demo import DEMO_PASSWORD, seed_demo
from partnerships.models import Channel, Membership, Organisation, Province, Regency, Role
from tests.factories import UserFactory

BIRO_HUMAS = "Biro Hubungan Masyarakat KPK"
SUMSEL = "Diskominfo Provinsi Sumatera Selatan"
SUMUT = "Diskominfo Provinsi Sumatera Utara"
SIGN_INS = {
    "kpk.manager@demo.sinergi.id": (BIRO_HUMAS, Role.KPK_MANAGER),
    "kpk.staff@demo.sinergi.id": (BIRO_HUMAS, Role.KPK_STAFF),
    "sumsel.manager@demo.sinergi.id": (SUMSEL, Role.PARTNER_MANAGER),
    "sumsel.operator@demo.sinergi.id": (SUMSEL, Role.PARTNER_OPERATOR),
    "sumut.manager@demo.sinergi.id": (SUMUT, Role.PARTNER_MANAGER),
    "palembang.operator@demo.sinergi.id": ("Diskominfo Kota Palembang", Role.PARTNER_OPERATOR),
}
ADMIN = "admin@demo.sinergi.id"
TOTP_ACCOUNTS = {"kpk.manager@demo.sinergi.id", "kpk.staff@demo.sinergi.id", ADMIN}


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    """Every row the demo touches, field by field."""
    models = [Organisation, Channel, User, Membership, EmailAddress, Authenticator, Province]
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in [*models, Regency]
    }


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_seed_demo_creates_the_diskominfo_of_every_sumsel_regency_and_city(debug):
    run("seed_demo")

    regency_diskominfo = Organisation.objects.filter(kind=Organisation.Kind.REGENCY_DISKOMINFO)
    assert sorted(regency_diskominfo.values_list("regency_id", flat=True)) == sorted(
        Regency.objects.filter(province_id="16").values_list("code", flat=True)
    )
    assert regency_diskominfo.count() == 17
    assert set(regency_diskominfo.values_list("province_id", flat=True)) == {"16"}
    palembang = regency_diskominfo.get(regency_id="16.71")
    assert palembang.name == "Diskominfo Kota Palembang"
    assert regency_diskominfo.get(regency_id="16.07").name == "Diskominfo Kabupaten Banyuasin"
    assert palembang.channels.count() == 2


@pytest.mark.django_db
def test_seed_demo_creates_kpk_units_provinces_and_media(debug):
    run("seed_demo")

    kpk_units = Organisation.objects.filter(kind=Organisation.Kind.KPK_UNIT)
    assert sorted(kpk_units.values_list("short_name", flat=True)) == ["Biro Humas KPK", "PIKP KPK"]
    provinces = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE_DISKOMINFO)
    assert dict(provinces.values_list("name", "province_id")) == {SUMSEL: "16", SUMUT: "12"}
    media = Organisation.objects.filter(kind=Organisation.Kind.MEDIA)
    assert media.count() == 4
    assert media.filter(press_verified=True).count() == 3
    assert all(outlet.channels.exists() for outlet in media)
    sumsel_channels = Channel.objects.filter(organisation__name=SUMSEL)
    assert {channel.kind for channel in sumsel_channels} == {
        Channel.Kind.INSTAGRAM,
        Channel.Kind.FACEBOOK,
        Channel.Kind.YOUTUBE,
        Channel.Kind.WEBSITE,
        Channel.Kind.VIDEOTRON,
    }
    assert sumsel_channels.get(kind=Channel.Kind.INSTAGRAM).audience_size == 48_200


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_with_the_demo_password(debug):
    run("seed_demo")

    memberships = {
        m.user.email: (m.organisation.name, m.role)
        for m in Membership.objects.select_related("user", "organisation")
    }
    assert memberships == SIGN_INS
    admin = User.objects.get(email=ADMIN)
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert not admin.memberships.exists()
    assert User.objects.filter(is_staff=True).count() == 1
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.email
    verified = EmailAddress.objects.filter(verified=True, primary=True)
    assert sorted(verified.values_list("email", flat=True)) == sorted([*SIGN_INS, ADMIN])


@pytest.mark.django_db
def test_seed_demo_enrols_totp_for_kpk_roles_and_the_administrator_only(debug):
    run("seed_demo")

    totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert set(totp.values_list("user__email", flat=True)) == TOTP_ACCOUNTS
    # As allauth's own enrolment does, recovery codes come with the authenticator app.
    recovery = Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES)
    assert set(recovery.values_list("user__email", flat=True)) == TOTP_ACCOUNTS


@pytest.mark.django_db
def test_seed_demo_run_twice_changes_nothing(debug):
    first_output = run("seed_demo")
    before = snapshot()

    second_output = run("seed_demo")

    assert snapshot() == before
    assert (
        "Demo data created: 25 organisations, 52 channels, 7 accounts, 7 email addresses"
        in first_output
    )
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
def test_seed_demo_loads_the_regions_when_they_are_missing(debug):
    Regency.objects.all().delete()
    Province.objects.all().delete()

    run("seed_demo")

    assert Province.objects.count() == 38
    assert Regency.objects.filter(province_id="16").count() == 17


@pytest.mark.django_db
def test_seed_demo_prints_every_sign_in_with_its_password_and_two_factor(debug):
    output = run("seed_demo")

    assert f"all with the password {DEMO_PASSWORD}" in output
    for email in [*SIGN_INS, ADMIN]:
        (line,) = [line for line in output.splitlines() if line.strip().startswith(email + " ")]
        assert line.rstrip().endswith("yes" if email in TOTP_ACCOUNTS else "no"), line
    assert "python manage.py demo_totp EMAIL" in output


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="published password"):
        run("seed_demo")

    assert not User.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_seed_demo_runs_without_debug_when_told_to(settings):
    settings.DEBUG = False

    run("seed_demo", allow_without_debug=True)

    assert User.objects.filter(email=ADMIN).exists()


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

    output = run("demo_totp", "KPK.Manager@demo.sinergi.id")

    assert output == f"{code}\n"
    assert code == totp_code(DEMO_TOTP_SECRET)
    assert len(code) == 6


@pytest.mark.django_db
def test_demo_totp_refuses_an_account_without_totp(debug):
    seed_demo()

    with pytest.raises(CommandError, match="has no authenticator app enrolled"):
        run("demo_totp", "sumsel.manager@demo.sinergi.id")


@pytest.mark.django_db
def test_demo_totp_refuses_an_unknown_address():
    with pytest.raises(CommandError, match=r"No account with the address nobody@example\.go\.id"):
        run("demo_totp", "nobody@example.go.id")


@pytest.mark.django_db
def test_demo_totp_never_reveals_a_real_secret():
    user = UserFactory(email="pejabat@kpk.go.id")
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    with pytest.raises(CommandError, match="not the demo one"):
        run("demo_totp", "pejabat@kpk.go.id")


@pytest.mark.django_db
def test_enrol_demo_totp_leaves_an_existing_authenticator_alone():
    user = UserFactory()
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    assert enrol_demo_totp(user) is False

    assert Authenticator.objects.filter(user=user).count() == 1
