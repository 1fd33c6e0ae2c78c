"""The partner network of the demo (partnerships/demo.py): organisations, channels, accounts."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.models import User
from partnerships.demo import DEMO_PASSWORD
from partnerships.models import (
    Channel,
    Membership,
    Organisation,
    PressPartner,
    Province,
    Regency,
    Role,
)
from tests.helpers import run_command

BIRO_HUMAS = "Biro Hubungan Masyarakat KPK"
SUMSEL = "Diskominfo Provinsi Sumatera Selatan"
SUMUT = "Diskominfo Provinsi Sumatera Utara"
SIGN_INS = {
    "kpk.manager@demo.sinergi.id": (BIRO_HUMAS, Role.KPK_MANAGER),
    "kpk.staff@demo.sinergi.id": (BIRO_HUMAS, Role.KPK_STAFF),
    "sumsel.manager@demo.sinergi.id": (SUMSEL, Role.PARTNER_MANAGER),
    "sumsel.operator@demo.sinergi.id": (SUMSEL, Role.PARTNER_OPERATOR),
    "sumut.manager@demo.sinergi.id": (SUMUT, Role.PARTNER_MANAGER),
    "sumut.operator@demo.sinergi.id": (SUMUT, Role.PARTNER_OPERATOR),
    "redaksi.medankini@demo.sinergi.id": ("Medan Kini (demo)", Role.PARTNER_MANAGER),
    "palembang.operator@demo.sinergi.id": ("Diskominfo Kota Palembang", Role.PARTNER_OPERATOR),
}
ADMIN = "admin@demo.sinergi.id"
TOTP_ACCOUNTS = {"kpk.manager@demo.sinergi.id", "kpk.staff@demo.sinergi.id", ADMIN}


@pytest.mark.django_db
def test_seed_demo_creates_the_diskominfo_of_every_sumsel_regency_and_city(debug):
    run_command("seed_demo")

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
    run_command("seed_demo")

    kpk_units = Organisation.objects.filter(kind=Organisation.Kind.KPK_UNIT)
    assert sorted(kpk_units.values_list("short_name", flat=True)) == ["Biro Humas KPK", "PIKP KPK"]
    provinces = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE_DISKOMINFO)
    assert dict(provinces.values_list("name", "province_id")) == {
        SUMSEL: "16",
        SUMUT: "12",
        "Diskominfo Provinsi Jambi": "15",
        "Diskominfo Provinsi Lampung": "18",
    }
    media = Organisation.objects.filter(kind=Organisation.Kind.MEDIA)
    assert media.count() == 5
    assert media.filter(press_verified=True).count() == 4
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
    run_command("seed_demo")

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
    run_command("seed_demo")

    totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert set(totp.values_list("user__email", flat=True)) == TOTP_ACCOUNTS
    # As allauth's own enrolment does, recovery codes come with the authenticator app.
    recovery = Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES)
    assert set(recovery.values_list("user__email", flat=True)) == TOTP_ACCOUNTS


@pytest.mark.django_db
def test_seed_demo_loads_the_regions_when_they_are_missing(debug):
    Regency.objects.all().delete()
    Province.objects.all().delete()

    run_command("seed_demo")

    assert Province.objects.count() == 38
    assert Regency.objects.filter(province_id="16").count() == 17


@pytest.mark.django_db
def test_seed_demo_records_the_press_partners_of_both_provincial_diskominfo(debug):
    run_command("seed_demo")

    partners = {
        (link.organisation.name, link.outlet.name)
        for link in PressPartner.objects.select_related("organisation", "outlet")
    }
    assert partners == {
        (SUMSEL, "Warta Sriwijaya (demo)"),
        (SUMSEL, "Radio Suara Ampera (demo)"),
        (SUMSEL, "Sumsel Televisi (demo)"),
        (SUMUT, "Medan Kini (demo)"),
        (SUMUT, "Harian Sumut Pos (demo)"),
    }
    assert all(link.outlet.kind == Organisation.Kind.MEDIA for link in PressPartner.objects.all())
