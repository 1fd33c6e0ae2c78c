"""Demo data of the partner network: the organisations of the two news reports in the design
notes (with two more provinces, Jambi and Lampung, whose agreements the agreements app seeds),
their channels, the press partners of the two provincial Diskominfo, and one account per role.

Only ``seed_demo`` (``dashboard.demo``, above the apps) calls ``seed``; nothing in the
application imports it. Every record is looked up by its natural key and created only if
missing, so running it again changes nothing: it never overwrites what someone changed while
trying the demo.
"""

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from accounts.management.demo_mfa import enrol_demo_totp

from .models import Channel, Membership, Organisation, PressPartner, Regency, Role
from .regions import load_regions

User = get_user_model()

DEMO_PASSWORD = "sinergi-demo-2026"
SUMSEL, SUMUT = "16", "12"
# Two more provinces, so that the province overview shows every state of a partnership.
JAMBI, LAMPUNG = "15", "18"
PALEMBANG, MEDAN = "16.71", "12.71"
# A fixed date, so a second run writes nothing.
AUDIENCE_COUNTED_ON = date(2026, 10, 31)
DEMO_NOTE = "Data demo: nama, akun dan angka khalayak bersifat fiktif."

K = Channel.Kind


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    short_name: str = ""
    province_id: str | None = None
    regency_id: str | None = None
    description: str = ""
    address: str = ""
    email: str = ""
    website: str = ""
    press_verified: bool = False
    # (kind, name, handle, audience size)
    channels: tuple[tuple[str, str, str, int], ...] = ()


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    position: str
    organisation: str | None = None
    role: str | None = None
    is_administrator: bool = False
    # What the printed table says about the account; the access rules decide the rest.
    description: str = ""


BIRO_HUMAS = "Biro Hubungan Masyarakat KPK"
PIKP = "Bagian Pelayanan Informasi dan Komunikasi Publik KPK"
DISKOMINFO_SUMSEL = "Diskominfo Provinsi Sumatera Selatan"
DISKOMINFO_SUMUT = "Diskominfo Provinsi Sumatera Utara"
DISKOMINFO_PALEMBANG = "Diskominfo Kota Palembang"
DISKOMINFO_JAMBI = "Diskominfo Provinsi Jambi"
DISKOMINFO_LAMPUNG = "Diskominfo Provinsi Lampung"

ORGANISATIONS = (
    DemoOrganisation(
        BIRO_HUMAS,
        Organisation.Kind.KPK_UNIT,
        short_name="Biro Humas KPK",
        description="Biro Hubungan Masyarakat Komisi Pemberantasan Korupsi: diseminasi materi "
        "antikorupsi bersama Diskominfo dan media di seluruh Indonesia. " + DEMO_NOTE,
        address="Jl. Kuningan Persada Kav. 4, Jakarta Selatan",
        email="humas@kpk.demo.sinergi.id",
    ),
    DemoOrganisation(
        PIKP,
        Organisation.Kind.KPK_UNIT,
        short_name="PIKP KPK",
        description="Pelayanan informasi dan komunikasi publik KPK. " + DEMO_NOTE,
        address="Jl. Kuningan Persada Kav. 4, Jakarta Selatan",
    ),
    DemoOrganisation(
        DISKOMINFO_SUMSEL,
        Organisation.Kind.PROVINCE_DISKOMINFO,
        short_name="Diskominfo Sumsel",
        province_id=SUMSEL,
        description="Dinas Komunikasi dan Informatika Provinsi Sumatera Selatan; membina "
        "Diskominfo 17 kabupaten/kota se-Sumsel. " + DEMO_NOTE,
        address="Palembang, Sumatera Selatan",
        email="diskominfo@sumsel.demo.sinergi.id",
        website="https://sumsel.demo.sinergi.id/",
        channels=(
            (K.INSTAGRAM, "Diskominfo Sumsel", "@diskominfo.sumsel.demo", 48_200),
            (K.FACEBOOK, "Diskominfo Provinsi Sumatera Selatan", "fb.com/sumsel.demo", 31_500),
            (K.YOUTUBE, "Sumsel Menyapa", "youtube.com/@sumselmenyapa.demo", 12_800),
            (K.WEBSITE, "Portal Berita Sumsel", "https://berita.sumsel.demo.sinergi.id/", 95_000),
            (K.VIDEOTRON, "Videotron Simpang Lima DPRD", "Jl. POM IX, Palembang", 150_000),
        ),
    ),
    DemoOrganisation(
        DISKOMINFO_SUMUT,
        Organisation.Kind.PROVINCE_DISKOMINFO,
        short_name="Diskominfo Sumut",
        province_id=SUMUT,
        description="Dinas Komunikasi dan Informatika Provinsi Sumatera Utara; bekerja sama "
        "dengan puluhan perusahaan pers terverifikasi. " + DEMO_NOTE,
        address="Jl. HM Said No. 27, Medan",
        email="diskominfo@sumut.demo.sinergi.id",
        channels=(
            (K.INSTAGRAM, "Diskominfo Sumut", "@diskominfo.sumut.demo", 56_400),
            (K.FACEBOOK, "Diskominfo Provinsi Sumatera Utara", "fb.com/sumut.demo", 40_100),
            (K.X, "Diskominfo Sumut", "@sumut_demo", 18_300),
            (K.TIKTOK, "Sumut Terkini", "@sumutterkini.demo", 22_700),
        ),
    ),
    DemoOrganisation(
        DISKOMINFO_JAMBI,
        Organisation.Kind.PROVINCE_DISKOMINFO,
        short_name="Diskominfo Jambi",
        province_id=JAMBI,
        description="Dinas Komunikasi dan Informatika Provinsi Jambi. " + DEMO_NOTE,
        address="Jambi",
    ),
    DemoOrganisation(
        DISKOMINFO_LAMPUNG,
        Organisation.Kind.PROVINCE_DISKOMINFO,
        short_name="Diskominfo Lampung",
        province_id=LAMPUNG,
        description="Dinas Komunikasi, Informatika dan Statistik Provinsi Lampung. " + DEMO_NOTE,
        address="Bandar Lampung",
    ),
    DemoOrganisation(
        "Warta Sriwijaya (demo)",
        Organisation.Kind.MEDIA,
        short_name="Warta Sriwijaya",
        province_id=SUMSEL,
        regency_id=PALEMBANG,
        description="Media daring di Palembang. " + DEMO_NOTE,
        website="https://wartasriwijaya.demo.sinergi.id/",
        press_verified=True,
        channels=(
            (K.WEBSITE, "wartasriwijaya.demo", "https://wartasriwijaya.demo.sinergi.id/", 120_000),
            (K.INSTAGRAM, "Warta Sriwijaya", "@wartasriwijaya.demo", 65_300),
            (K.YOUTUBE, "Warta Sriwijaya TV", "youtube.com/@wartasriwijaya.demo", 20_400),
        ),
    ),
    DemoOrganisation(
        "Radio Suara Ampera (demo)",
        Organisation.Kind.MEDIA,
        short_name="Suara Ampera FM",
        province_id=SUMSEL,
        regency_id=PALEMBANG,
        description="Radio siaran di Palembang. " + DEMO_NOTE,
        press_verified=False,
        channels=(
            (K.RADIO, "Suara Ampera 98,7 FM", "98,7 FM Palembang", 42_000),
            (K.INSTAGRAM, "Suara Ampera FM", "@suaraampera.demo", 9_800),
        ),
    ),
    DemoOrganisation(
        "Sumsel Televisi (demo)",
        Organisation.Kind.MEDIA,
        short_name="Sumsel TV",
        province_id=SUMSEL,
        regency_id=PALEMBANG,
        description="Televisi lokal Sumatera Selatan. " + DEMO_NOTE,
        press_verified=True,
        channels=(
            (K.TV, "Sumsel TV", "Kanal 32 UHF", 250_000),
            (K.YOUTUBE, "Sumsel TV", "youtube.com/@sumseltv.demo", 33_900),
        ),
    ),
    DemoOrganisation(
        "Medan Kini (demo)",
        Organisation.Kind.MEDIA,
        short_name="Medan Kini",
        province_id=SUMUT,
        regency_id=MEDAN,
        description="Media daring di Medan. " + DEMO_NOTE,
        website="https://medankini.demo.sinergi.id/",
        press_verified=True,
        channels=(
            (K.WEBSITE, "medankini.demo", "https://medankini.demo.sinergi.id/", 88_000),
            (K.FACEBOOK, "Medan Kini", "fb.com/medankini.demo", 47_500),
        ),
    ),
    DemoOrganisation(
        "Harian Sumut Pos (demo)",
        Organisation.Kind.MEDIA,
        short_name="Sumut Pos",
        province_id=SUMUT,
        regency_id=MEDAN,
        description="Surat kabar harian dan portal berita di Medan. " + DEMO_NOTE,
        website="https://sumutpos.demo.sinergi.id/",
        press_verified=True,
        channels=(
            (K.WEBSITE, "sumutpos.demo", "https://sumutpos.demo.sinergi.id/", 140_000),
            (K.INSTAGRAM, "Harian Sumut Pos", "@sumutpos.demo", 72_600),
            (K.PRINT, "Harian Sumut Pos (cetak)", "Medan", 35_000),
        ),
    ),
)

# The media outlets each Diskominfo works with: its requests may be forwarded to them (the Sumut
# report's "dozens of verified press companies", two of them here).
PRESS_PARTNERS = (
    (DISKOMINFO_SUMSEL, "Warta Sriwijaya (demo)"),
    (DISKOMINFO_SUMSEL, "Radio Suara Ampera (demo)"),
    (DISKOMINFO_SUMSEL, "Sumsel Televisi (demo)"),
    (DISKOMINFO_SUMUT, "Medan Kini (demo)"),
    (DISKOMINFO_SUMUT, "Harian Sumut Pos (demo)"),
)

ACCOUNTS = (
    DemoAccount(
        "kpk.manager@demo.sinergi.id",
        "Ratna Kusumawati",
        "Kepala Bagian Pemberitaan",
        BIRO_HUMAS,
        Role.KPK_MANAGER,
        description="KPK manager, Biro Humas KPK",
    ),
    DemoAccount(
        "kpk.staff@demo.sinergi.id",
        "Dimas Prasetyo",
        "Spesialis Humas Muda",
        BIRO_HUMAS,
        Role.KPK_STAFF,
        description="KPK staff, Biro Humas KPK",
    ),
    DemoAccount(
        "sumsel.manager@demo.sinergi.id",
        "Sari Wulandari",
        "Kepala Bidang Informasi dan Komunikasi Publik",
        DISKOMINFO_SUMSEL,
        Role.PARTNER_MANAGER,
        description="partner manager, Diskominfo Sumatera Selatan",
    ),
    DemoAccount(
        "sumsel.operator@demo.sinergi.id",
        "Andi Saputra",
        "Pengelola Media Sosial",
        DISKOMINFO_SUMSEL,
        Role.PARTNER_OPERATOR,
        description="partner operator, Diskominfo Sumatera Selatan",
    ),
    DemoAccount(
        "sumut.manager@demo.sinergi.id",
        "Maria Simanjuntak",
        "Kepala Bidang Informasi dan Komunikasi Publik",
        DISKOMINFO_SUMUT,
        Role.PARTNER_MANAGER,
        description="partner manager, Diskominfo Sumatera Utara",
    ),
    DemoAccount(
        "sumut.operator@demo.sinergi.id",
        "Rizky Nasution",
        "Pengelola Media Sosial",
        DISKOMINFO_SUMUT,
        Role.PARTNER_OPERATOR,
        description="partner operator, Diskominfo Sumatera Utara",
    ),
    DemoAccount(
        "redaksi.medankini@demo.sinergi.id",
        "Hendra Sinaga",
        "Redaktur Pelaksana",
        "Medan Kini (demo)",
        Role.PARTNER_MANAGER,
        description="press partner manager, Medan Kini",
    ),
    DemoAccount(
        "palembang.operator@demo.sinergi.id",
        "Fajar Hidayat",
        "Pranata Humas",
        DISKOMINFO_PALEMBANG,
        Role.PARTNER_OPERATOR,
        description="partner operator, Diskominfo Kota Palembang",
    ),
    DemoAccount(
        "admin@demo.sinergi.id",
        "Admin Sinergi",
        "Administrator sistem",
        is_administrator=True,
        description="administrator (Django admin)",
    ),
)


@dataclass
class SignIn:
    email: str
    description: str
    needs_totp: bool


@dataclass
class SeedResult:
    """What one run of the demo created (per kind of record, in the order seeded) and the
    sign-ins to print; every app's ``demo.seed`` adds to it."""

    created: Counter = field(default_factory=Counter)
    sign_ins: list[SignIn] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return any(self.created.values())


def regency_diskominfo(regency: Regency) -> DemoOrganisation:
    """The Diskominfo of one regency or city, e.g. "Diskominfo Kabupaten Banyuasin"."""
    # Audiences vary by regency but are fixed, so a second run sees the same numbers.
    number = int(regency.code.split(".")[1])
    handle = regency.name.lower().replace("kabupaten ", "kab").replace(" ", "")
    return DemoOrganisation(
        f"Diskominfo {regency.name}",
        Organisation.Kind.REGENCY_DISKOMINFO,
        province_id=regency.province_id,
        regency_id=regency.code,
        description=f"Dinas Komunikasi dan Informatika {regency.name}. {DEMO_NOTE}",
        channels=(
            (K.INSTAGRAM, f"Diskominfo {regency.name}", f"@{handle}.demo", 3_000 + number * 410),
            (K.WEBSITE, f"Portal {regency.name}", f"https://{handle}.demo.sinergi.id/", 9_000),
        ),
    )


def seed(result: SeedResult) -> None:
    """Create whatever of the partner network's demo data is missing (loading the regions
    first if they are not there); record what was created and the demo sign-ins."""
    for kind in (
        "organisations",
        "channels",
        "accounts",
        "email addresses",
        "memberships",
        "authenticators",
        "press partners",
    ):
        result.created[kind] += 0
    if not Regency.objects.filter(province_id=SUMSEL).exists():
        load_regions()
    regencies = Regency.objects.filter(province_id=SUMSEL)
    organisations = {}
    for spec in [*ORGANISATIONS, *(regency_diskominfo(regency) for regency in regencies)]:
        organisation = _organisation(spec, result)
        organisations[spec.name] = organisation
        for kind, name, handle, audience in spec.channels:
            _, created = Channel.objects.get_or_create(
                organisation=organisation,
                kind=kind,
                name=name,
                defaults={
                    "handle": handle,
                    "audience_size": audience,
                    "audience_updated_on": AUDIENCE_COUNTED_ON,
                },
            )
            result.created["channels"] += created
    for diskominfo, outlet in PRESS_PARTNERS:
        _, created = PressPartner.objects.get_or_create(
            organisation=organisations[diskominfo], outlet=organisations[outlet]
        )
        result.created["press partners"] += created
    for account in ACCOUNTS:
        user = _account(account, result)
        if account.organisation:
            _, created = Membership.objects.get_or_create(
                user=user,
                organisation=organisations[account.organisation],
                defaults={"role": account.role},
            )
            result.created["memberships"] += created
        # The access rules say who must use two-factor sign-in; the demo enrols exactly them.
        needs_totp = user.has_perm("accounts.require_mfa")
        if needs_totp:
            result.created["authenticators"] += enrol_demo_totp(user)
        result.sign_ins.append(SignIn(account.email, account.description, needs_totp))


def _organisation(spec: DemoOrganisation, result) -> Organisation:
    organisation = Organisation.objects.filter(name=spec.name).first()
    if organisation is None:
        organisation = Organisation(
            name=spec.name,
            kind=spec.kind,
            short_name=spec.short_name,
            province_id=spec.province_id,
            regency_id=spec.regency_id,
            description=spec.description,
            address=spec.address,
            email=spec.email,
            website=spec.website,
            press_verified=spec.press_verified,
        )
        organisation.full_clean()
        organisation.save()
        result.created["organisations"] += 1
    return organisation


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is slow on purpose; every demo account shares the one published password.
    return make_password(DEMO_PASSWORD)


def _account(account: DemoAccount, result) -> User:
    user = User.objects.filter(email__iexact=account.email).first()
    if user is None:
        user = User(
            email=account.email,
            full_name=account.full_name,
            position=account.position,
            password=_demo_password_hash(),
            is_staff=account.is_administrator,
            is_superuser=account.is_administrator,
        )
        user.full_clean()
        user.save()
        result.created["accounts"] += 1
    # Demo addresses cannot receive mail; count them as confirmed, or allauth asks to verify.
    _, created = EmailAddress.objects.get_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    result.created["email addresses"] += created
    return user
