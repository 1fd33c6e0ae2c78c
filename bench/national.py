"""The national data set: Sinergi as it would look with every Diskominfo of Indonesia on it.

    .venv/bin/python bench/national.py [--app DIR] [--scale 1.0]

578 organisations (three KPK units, the 38 provincial and 514 regency/city Diskominfo of the
regions the app ships, 23 media outlets), about 5,000 people with their memberships, 2,000
agreements with about 4,900 parties, 6,000 targets and 23,000 history entries (one agreement
with about 158), 50,000 notifications, and content: 5,000 items, 500,000 dissemination requests
across the 552 Diskominfo (some forwarded to press partners), their proofs and reach reports;
and events: 2,000 events with their invitations, 100,000 registrations and reports.
Written with bulk inserts: it takes seconds, not the
hours the services would (each writes history and notifies).

It drops and recreates its own PostgreSQL database (``sinergi_benchpages``, or
``BENCH_DATABASE_URL``), migrates it and fills it. Everything is drawn from one seeded random
generator, so two runs build the same data (dates follow today, as the demo's do). It prints,
and writes to ``var/bench-national.json``, who the benchmarks sign in as.

``--app DIR`` migrates and fills the database with the models of another checkout (the one a
benchmark is about to serve), so the schema is always the served code's.

The data is what the services would accept (a KPK unit among the parties, a PKS within its MoU,
signed agreements with numbers, signatories and dates, history entries written in time order and
chained by the audit app's own hash, ``manage.py verify_audit`` passes). Each app has its builder
(``build_network``, ``build_agreements``, ``build_history``, ``build_notifications``,
``build_content``, ``build_events``), each taking the ``National`` so far.
"""

import argparse
import contextlib
import json
import os
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinergi_benchpages"
)
SUBJECTS_FILE = ROOT / "var" / "bench-national.json"
SEED = 20261129
# Not a secret: the bench's server signs its cookies with it, nothing else does.
SECRET_KEY = "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD = "bench-pages-2026"
# Base32, 20 bytes, the shape allauth generates: the bench computes the KPK manager's codes.
TOTP_SECRET = "BENCHPAGESKPKMANAGERSECRETTOTPXY"
KPK_MANAGER_EMAIL = "kpk.manager@bench.sinergi.id"
PARTNER_MANAGER_EMAIL = "jabar.manager@bench.sinergi.id"
PARTNER_PROVINCE = "32"  # Jawa Barat: the partner manager's Diskominfo has many agreements
BATCH = 2000

# Full scale; ``--scale`` multiplies the counts (the tests build a small set).
AGREEMENTS = 2_000
NOTIFICATIONS = 50_000
PARTNER_AGREEMENTS = 120  # of the partner manager's Diskominfo
BUSY_AGREEMENT_ENTRIES = 158  # the history of the one busiest agreement

FIRST_NAMES = (
    "Ahmad Budi Citra Dewi Eko Fajar Gita Hendra Indah Joko Kartika Lestari Made Nur Oka "
    "Putri Rina Sari Teguh Utami Wahyu Yuni Agus Bambang Dian Fitri Hadi Ika Lina Maria "
    "Nyoman Rizky Siti Tri Wayan Yusuf Ratna Dimas Andi Maya"
)
LAST_NAMES = (
    "Saputra Wulandari Hidayat Simanjuntak Kusumawati Prasetyo Nasution Siregar Lubis "
    "Harahap Gunawan Wijaya Santoso Susanto Hakim Rahman Pratama Permana Setiawan Kurniawan "
    "Nugroho Suryadi Hutapea Sitompul Tanjung Pohan Manurung Pangaribuan Syahputra Ramadhan"
)
POSITIONS = (
    "Kepala Dinas",
    "Kepala Bidang Informasi dan Komunikasi Publik",
    "Pranata Humas",
    "Pengelola Media Sosial",
    "Analis Kebijakan",
    "Staf Pengelolaan Informasi",
)
TOPICS = (
    "Diseminasi dan Publikasi Materi Antikorupsi",
    "Produksi Bersama Iklan Layanan Masyarakat Antikorupsi",
    "Pelatihan Konten Kreatif Antikorupsi",
    "Pertukaran Data dan Informasi Pencegahan Korupsi",
    "Pemanfaatan Videotron dan Media Luar Ruang",
    "Talkshow Radio Antikorupsi",
    "Sosialisasi Pendidikan Antikorupsi",
    "Media Briefing Pencegahan Korupsi",
)
COMMENTS = (
    "Draf terbaru sudah kami unggah, mohon masukan untuk ruang lingkupnya.",
    "Target per triwulan kami sesuaikan dengan kapasitas kanal kami.",
    "Biro Hukum sudah selesai menelaah, bisa dilanjutkan.",
    "Mohon jadwal penandatanganan dikonfirmasi minggu ini.",
    "Laporan capaian semester ini sudah kami kirimkan.",
    "Nomor naskah dari pihak kami menyusul setelah diregistrasi.",
)


@dataclass
class Subjects:
    """Who the page benchmarks sign in as, and the ids their pages need."""

    password: str
    totp_secret: str
    kpk_manager: str
    partner_manager: str
    partner_organisation: int
    busy_agreement: int
    search: str
    content: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class National:
    """What the builders made so far, for the builders after them."""

    rng: random.Random
    today: date
    scale: float = 1.0
    password_hash: str = ""
    kpk_units: list = field(default_factory=list)
    partners: list = field(default_factory=list)  # organisations other than KPK units
    kpk_people: list = field(default_factory=list)  # users with a KPK role
    managers_of: dict = field(default_factory=dict)  # organisation id -> manager users
    users: list = field(default_factory=list)
    kpk_manager: object = None
    partner_manager: object = None
    partner_organisation: object = None
    agreements: list = field(default_factory=list)
    busy_agreement: object = None
    content: dict = field(default_factory=dict)  # ids the content pages need (build_content)
    events: dict = field(default_factory=dict)  # ids and paths the event pages need
    counts: dict = field(default_factory=dict)

    def scaled(self, count: int) -> int:
        return max(1, round(count * self.scale))

    def moment(self, day: date, rng=None) -> datetime:
        """A working hour of ``day`` in Jakarta, aware."""
        rng = rng or self.rng
        hour, minute = rng.randint(8, 16), rng.randint(0, 59)
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=7)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES.split())} {self.rng.choice(LAST_NAMES.split())}"


@contextlib.contextmanager
def explicit_times(model, *names):
    """Let bulk_create write the given auto_now/auto_now_add fields as set on the objects.

    The data set's past has its own dates; Django would stamp every row with now.
    """
    fields = [model._meta.get_field(name) for name in names]
    saved = [(item.auto_now, item.auto_now_add) for item in fields]
    for item in fields:
        item.auto_now = item.auto_now_add = False
    try:
        yield
    finally:
        for item, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            item.auto_now, item.auto_now_add = auto_now, auto_now_add


def _insert(model, rows, **options):
    return model.objects.bulk_create(rows, batch_size=BATCH, **options)


# The partner network --------------------------------------------------------------------------


def build_network(national: National) -> None:
    """Organisations, channels, people, their verified addresses and memberships, and the
    KPK manager's authenticator (allauth's own TOTP enrolment)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from partnerships.models import Channel, Membership, Organisation, Province, Regency, Role

    rng = national.rng
    national.password_hash = make_password(PASSWORD)
    provinces = list(Province.objects.order_by("code"))
    regencies = list(Regency.objects.select_related("province").order_by("code"))
    Kind = Organisation.Kind
    organisations = [
        Organisation(name=name, short_name=short, kind=Kind.KPK_UNIT)
        for name, short in (
            ("Biro Hubungan Masyarakat KPK", "Biro Humas KPK"),
            ("Direktorat Pembinaan Peran Serta Masyarakat KPK", "Direktorat PPSM KPK"),
            ("Direktorat Jejaring Pendidikan KPK", "Direktorat Jejaring KPK"),
        )
    ]
    organisations += [
        Organisation(
            name=f"Diskominfo Provinsi {province.name}",
            short_name=f"Diskominfo {province.name}"[:60],
            kind=Kind.PROVINCE_DISKOMINFO,
            province=province,
            email=f"diskominfo@{province.code}.bench.sinergi.id",
            description=f"Dinas Komunikasi dan Informatika Provinsi {province.name}.",
        )
        for province in provinces
    ]
    organisations += [
        Organisation(
            name=f"Diskominfo {regency.name}",
            kind=Kind.REGENCY_DISKOMINFO,
            province_id=regency.province_id,
            regency=regency,
            description=f"Dinas Komunikasi dan Informatika {regency.name}.",
        )
        for regency in regencies
    ]
    cities = [regency for regency in regencies if regency.kind == Regency.Kind.CITY]
    for number, city in enumerate(rng.sample(cities, 23), start=1):
        place = city.name.removeprefix("Kota ")
        organisations.append(
            Organisation(
                name=f"{rng.choice(('Warta', 'Suara', 'Kabar', 'Radio'))} {place} {number}",
                kind=Kind.MEDIA,
                province_id=city.province_id,
                regency=city,
                press_verified=rng.random() < 0.6,
            )
        )
    organisations = _insert(Organisation, organisations)
    national.kpk_units = organisations[:3]
    national.partners = organisations[3:]
    national.partner_organisation = next(
        org
        for org in organisations
        if org.kind == Kind.PROVINCE_DISKOMINFO and org.province_id == PARTNER_PROVINCE
    )

    channel_kinds = [choice for choice, _label in Channel.Kind.choices]
    channels = [
        Channel(
            organisation=org,
            kind=rng.choice(channel_kinds),
            name=f"{org.short_name or org.name} {number}",
            handle=f"@bench{org.pk}.{number}",
            audience_size=rng.randint(500, 250_000),
            audience_updated_on=national.today - timedelta(days=rng.randint(1, 400)),
        )
        for org in national.partners
        for number in range(rng.randint(1, 4))
    ]
    _insert(Channel, channels)

    # (organisation, role) for each person; KPK first, so the first KPK manager is the subject.
    places = [(national.kpk_units[0], Role.KPK_MANAGER)]
    for unit in national.kpk_units:
        places += [(unit, Role.KPK_MANAGER)] * 3 + [(unit, Role.KPK_STAFF)] * 17
    places.append((national.partner_organisation, Role.PARTNER_MANAGER))
    for org in national.partners:
        size = {Kind.PROVINCE_DISKOMINFO: 20, Kind.REGENCY_DISKOMINFO: rng.randint(4, 12)}.get(
            org.kind, rng.randint(3, 8)
        )
        managers = 2 if org.kind == Kind.PROVINCE_DISKOMINFO else 1
        places += [(org, Role.PARTNER_MANAGER)] * managers
        places += [(org, Role.PARTNER_OPERATOR)] * (size - managers)
    places = places[: national.scaled(len(places))] if national.scale < 1 else places
    if national.partner_organisation not in [org for org, _role in places]:
        places.append((national.partner_organisation, Role.PARTNER_MANAGER))

    users = []
    for number, (org, role) in enumerate(places):
        if number == 0:
            email = KPK_MANAGER_EMAIL
        elif (
            org == national.partner_organisation
            and role == Role.PARTNER_MANAGER
            and not any(user.email == PARTNER_MANAGER_EMAIL for user in users)
        ):
            email = PARTNER_MANAGER_EMAIL
        else:
            email = f"user{number}@bench.sinergi.id"
        users.append(
            User(
                email=email,
                full_name=national.person(),
                position=rng.choice(POSITIONS),
                language="en" if rng.random() < 0.1 else "id",
                password=national.password_hash,
                date_joined=national.moment(national.today - timedelta(days=rng.randint(1, 2000))),
            )
        )
    for user in users:
        if user.email in (KPK_MANAGER_EMAIL, PARTNER_MANAGER_EMAIL):
            user.language = "id"  # the pages measured are the Indonesian ones
    users = _insert(User, users)
    national.users = users
    _insert(
        EmailAddress,
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
    )
    _insert(
        Membership,
        [
            Membership(user=user, organisation=org, role=role)
            for user, (org, role) in zip(users, places, strict=True)
        ],
    )
    for user, (org, role) in zip(users, places, strict=True):
        if role in (Role.KPK_MANAGER, Role.KPK_STAFF):
            national.kpk_people.append(user)
        if role in (Role.KPK_MANAGER, Role.PARTNER_MANAGER):
            national.managers_of.setdefault(org.pk, []).append(user)
    national.kpk_manager = users[0]
    national.partner_manager = next(user for user in users if user.email == PARTNER_MANAGER_EMAIL)
    # The KPK manager must sign in with a code, as every KPK person must.
    TOTP.activate(national.kpk_manager, TOTP_SECRET)
    RecoveryCodes.activate(national.kpk_manager)
    national.counts.update(
        organisations=len(organisations),
        channels=len(channels),
        users=len(users),
        memberships=len(users),
    )


# Agreements ----------------------------------------------------------------------------------


def _lifetime(national: National, status: str) -> dict:
    """Dates and status steps for an agreement now in ``status``: created, signed_on,
    effective_on, ends_on and steps [(day, to)], the moves the one door allows, in order."""
    from agreements.models import Status

    rng, today = national.rng, national.today
    day = timedelta(days=1)
    if status in Status.open():
        created = today - rng.randint(5, 400) * day
        moves = [Status.NEGOTIATION, Status.READY][
            : {Status.DRAFT: 0, Status.NEGOTIATION: 1, Status.READY: 2}[status]
        ]
        spacing = max(1, (today - created).days // (len(moves) + 1)) * day
        steps = [(created + (index + 1) * spacing, to) for index, to in enumerate(moves)]
        return {
            "created": created,
            "signed_on": None,
            "effective_on": None,
            "ends_on": None,
            "steps": steps,
        }
    term = 365 * rng.randint(1, 5) * day
    if status == Status.SIGNED:  # signed, in force from a date still ahead
        effective = today + rng.randint(5, 60) * day
        signed = today - rng.randint(1, 40) * day
        ends = effective + term
    else:
        if status == Status.EXPIRED:
            ends = today - rng.randint(1, 900) * day
        elif status == Status.ACTIVE and rng.random() < 0.08:  # expiring within 90 days
            ends = today + rng.randint(1, 85) * day
        else:
            ends = today + rng.randint(100, 1600) * day
        effective = min(ends - term, today - day)
        signed = effective - rng.randint(0, 20) * day
    created = signed - rng.randint(30, 150) * day
    ready = signed - rng.randint(1, 20) * day
    steps = [(created + (ready - created) / 2, Status.NEGOTIATION), (ready, Status.READY)]
    if status == Status.SIGNED:
        steps.append((signed, Status.SIGNED))
    else:
        steps.append((signed, Status.ACTIVE))
    if status == Status.EXPIRED:
        steps.append((ends + day, Status.EXPIRED))
    elif status == Status.TERMINATED:
        steps.append((signed + rng.randint(1, max(1, (today - signed).days)) * day, status))
    return {
        "created": created,
        "signed_on": signed,
        "effective_on": effective,
        "ends_on": ends,
        "steps": steps,
    }


STATUS_WEIGHTS = {
    "active": 55,
    "expired": 12,
    "terminated": 3,
    "signed": 4,
    "ready": 5,
    "negotiation": 10,
    "draft": 11,
}


def build_agreements(national: National) -> None:
    """2,000 MoU, PKS and addenda between a KPK unit and one to three partners, with their
    parties, signatories, scope items and targets, documents and comments."""
    from agreements.models import (
        Agreement,
        AgreementComment,
        AgreementDocument,
        AgreementParty,
        ScopeItem,
        Signatory,
        Status,
        Target,
    )
    from partnerships.models import Organisation

    rng = national.rng
    total = national.scaled(AGREEMENTS)
    kinds = [Agreement.Kind.MOU] * (total // 4) + [Agreement.Kind.PKS] * (total * 13 // 20)
    kinds += [Agreement.Kind.ADDENDUM] * (total - len(kinds))
    provincial = [o for o in national.partners if o.kind == Organisation.Kind.PROVINCE_DISKOMINFO]
    home = national.partner_organisation
    home_share = min(0.5, PARTNER_AGREEMENTS / total)
    owners = national.kpk_people
    mous, pks, specs = [], [], []
    for number, kind in enumerate(kinds):
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        parent = None
        if kind == Agreement.Kind.PKS and mous:
            parent = rng.choice(mous)
        elif kind == Agreement.Kind.ADDENDUM and pks:
            parent = rng.choice(pks)
        if parent is not None:
            keep = len(parent["partners"]) if rng.random() < 0.8 else 1
            partners = parent["partners"][:keep]
        else:
            first = (
                home
                if rng.random() < home_share
                else rng.choice(provincial if rng.random() < 0.4 else national.partners)
            )
            more = rng.choices((0, 1, 2), weights=(60, 35, 5))[0]
            partners = [first] + [
                org for org in rng.sample(national.partners, more) if org != first
            ]
        lifetime = _lifetime(national, status)
        spec = {
            "kind": kind,
            "status": status,
            "parent": parent,
            "kpk": rng.choice(national.kpk_units),
            "partners": partners,
            "owner": national.kpk_manager if number % 50 == 0 else rng.choice(owners),
            "number": number + 1,
            **lifetime,
        }
        prefix = {
            Agreement.Kind.MOU: "Nota Kesepahaman",
            Agreement.Kind.PKS: "Perjanjian Kerja Sama",
            Agreement.Kind.ADDENDUM: "Addendum Perjanjian Kerja Sama",
        }[kind]
        spec["title"] = f"{prefix} tentang {rng.choice(TOPICS)} bersama {partners[0].name}"
        specs.append(spec)
        if kind != Agreement.Kind.ADDENDUM:
            (mous if kind == Agreement.Kind.MOU else pks).append(spec)
    # The busiest agreement: an active MoU of the partner manager's Diskominfo.
    busy = next(
        (s for s in specs if s["kind"] == Agreement.Kind.MOU and s["status"] == Status.ACTIVE),
        None,
    )
    if busy is None:  # a small set may have none: make the first MoU one
        busy = specs[0]
        busy.update(status=Status.ACTIVE, **_lifetime(national, Status.ACTIVE))
    busy["partners"] = [home, *[org for org in busy["partners"] if org != home]]
    busy["title"] = f"Nota Kesepahaman tentang {TOPICS[0]} bersama {home.name}"
    busy["busy"] = True

    def agreement_of(spec) -> Agreement:
        concluded = spec["signed_on"] is not None
        return Agreement(
            kind=spec["kind"],
            title=spec["title"],
            summary=f"Kerja sama KPK dan {spec['partners'][0].name}. Data bangku uji.",
            status=spec["status"],
            signing_place="Jakarta" if concluded else "",
            signed_on=spec["signed_on"],
            effective_on=spec["effective_on"],
            ends_on=spec["ends_on"],
            termination_reason=(
                "Program dihentikan atas kesepakatan para pihak."
                if spec["status"] == Status.TERMINATED
                else ""
            ),
            owner=spec["owner"],
            created_at=national.moment(spec["created"]),
            updated_at=national.moment(spec["steps"][-1][0] if spec["steps"] else spec["created"]),
        )

    # Parents first: an agreement is inserted after the one it falls under.
    with explicit_times(Agreement, "created_at", "updated_at"):
        for group in (mous, pks, specs):
            rows = []
            for spec in group:
                if "row" in spec:
                    continue
                spec["row"] = agreement_of(spec)
                if spec["parent"] is not None:
                    spec["row"].parent = spec["parent"]["row"]
                rows.append(spec["row"])
            _insert(Agreement, rows)

    parties, signatories, items = [], [], []
    for spec in specs:
        agreement = spec["row"]
        concluded = spec["signed_on"] is not None
        for position, org in enumerate([spec["kpk"], *spec["partners"]]):
            year = spec["signed_on"].year if concluded else 0
            number = f"{spec['number']:04d}/{org.pk}/HM.01/{year}" if concluded else ""
            parties.append(
                AgreementParty(
                    agreement=agreement, organisation=org, document_number=number, position=position
                )
            )
            if concluded:
                signatories.append(
                    Signatory(
                        agreement=agreement,
                        organisation=org,
                        name=national.person(),
                        position="Kepala Dinas" if position else "Kepala Biro Humas KPK",
                    )
                )
        if concluded or rng.random() < 0.7:
            for area in rng.sample(list(ScopeItem.Area.values), rng.choice((1, 1, 2, 2, 2))):
                items.append(
                    (
                        ScopeItem(agreement=agreement, area=area, description="Data bangku uji."),
                        rng.randint(1, 3),
                    )
                )
    _insert(AgreementParty, parties)
    _insert(Signatory, signatories)
    _insert(ScopeItem, [item for item, _count in items])
    metrics = list(Target.Metric.values)
    periods = list(Target.Period.values)
    targets = []
    for item, count in items:
        for _ in range(count):
            metric = rng.choice(metrics)
            manual = metric == Target.Metric.MANUAL
            targets.append(
                Target(
                    scope_item=item,
                    metric=metric,
                    label="Warga yang dijangkau" if manual else "",
                    quantity=rng.randint(1, 120),
                    period=rng.choice(periods),
                    manual_value=rng.randint(0, 100) if manual else None,
                )
            )
    _insert(Target, targets)

    # Documents: a draft for whatever reached negotiation, the signed scan for what was signed.
    documents, comments = [], []
    for spec in specs:
        agreement = spec["row"]
        uploads = []
        if spec["steps"]:
            uploads.append((AgreementDocument.Kind.DRAFT, spec["steps"][0][0]))
        if spec["signed_on"] is not None:
            uploads.append((AgreementDocument.Kind.SIGNED, spec["signed_on"]))
        if spec.get("busy"):
            uploads += [(AgreementDocument.Kind.ATTACHMENT, spec["signed_on"])] * 12
        versions = {}
        spec["documents"] = []
        for kind, day in uploads:
            versions[kind] = versions.get(kind, 0) + 1
            document = AgreementDocument(
                agreement=agreement,
                kind=kind,
                version=versions[kind],
                file=f"agreements/{agreement.pk}/bench-{kind}-{versions[kind]}.pdf",
                original_name=f"{kind} {spec['number']} v{versions[kind]}.pdf",
                content_type="application/pdf",
                size=rng.randint(40_000, 900_000),
                sha256=f"{rng.getrandbits(256):064x}",
                uploaded_by=spec["owner"],
                uploaded_at=national.moment(day),
            )
            documents.append(document)
            spec["documents"].append(document)
        people = [spec["owner"], *national.managers_of.get(spec["partners"][0].pk, [])]
        end = spec["steps"][-1][0] if spec["steps"] else spec["created"]
        span = max(1, (end - spec["created"]).days)
        spec["comments"] = []
        for _ in range(90 if spec.get("busy") else rng.choice((0, 1, 2, 3, 4, 5, 6))):
            comment = AgreementComment(
                agreement=agreement,
                author=rng.choice(people),
                body=rng.choice(COMMENTS),
                created_at=national.moment(spec["created"] + timedelta(days=rng.randint(0, span))),
            )
            comments.append(comment)
            spec["comments"].append(comment)
    with explicit_times(AgreementDocument, "uploaded_at"):
        _insert(AgreementDocument, documents)
    with explicit_times(AgreementComment, "created_at"):
        _insert(AgreementComment, comments)
    national.agreements = specs
    national.busy_agreement = busy["row"]
    national.counts.update(
        agreements=len(specs),
        parties=len(parties),
        signatories=len(signatories),
        scope_items=len(items),
        targets=len(targets),
        documents=len(documents),
        comments=len(comments),
    )


# The audit trail -----------------------------------------------------------------------------


def build_history(national: National) -> None:
    """Each agreement's history as the services write it, oldest first across the whole log,
    chained by the audit app's own hash (``AuditEntry.compute_hash``) and the head moved to the
    last entry: ``manage.py verify_audit`` passes."""
    from django.contrib.contenttypes.models import ContentType

    from agreements.audit_actions import Action
    from agreements.models import Agreement, Status
    from audit.chain import GENESIS_HASH
    from audit.models import AuditEntry, AuditHead

    rng = national.rng
    agreement_type = ContentType.objects.get_for_model(Agreement)
    minute = timedelta(minutes=1)
    events = []  # (when, actor, agreement, action, changes)
    for spec in national.agreements:
        agreement, owner = spec["row"], spec["owner"]
        partner_people = national.managers_of.get(spec["partners"][0].pk) or [owner]
        created = agreement.created_at
        names = "; ".join(org.short_name or org.name for org in [spec["kpk"], *spec["partners"]])
        events.append((created, owner, agreement, Action.CREATED, {"parties": [None, names]}))
        if spec["signed_on"] is not None:
            events.append(
                (
                    created + minute,
                    owner,
                    agreement,
                    Action.SIGNATORIES_CHANGED,
                    {"signatories": ["", "Kepala Biro Humas KPK; Kepala Dinas"]},
                )
            )
            events.append(
                (
                    created + 2 * minute,
                    owner,
                    agreement,
                    Action.SCOPE_CHANGED,
                    {"scope": ["", "Diseminasi dan publikasi materi antikorupsi"]},
                )
            )
        status = Status.DRAFT
        for day, to in spec["steps"]:
            when = national.moment(day, rng)
            who = None if (status, to) in {("active", "expired"), ("signed", "active")} else owner
            if to in (Status.ACTIVE, Status.SIGNED) and status == Status.READY:
                events.append(
                    (
                        when - 30 * minute,
                        rng.choice(partner_people),
                        agreement,
                        Action.PARTY_NUMBER_ENTERED,
                        {"parties": ["", f"{spec['number']:04d}/HM.01"]},
                    )
                )
                events.append(
                    (
                        when - 20 * minute,
                        owner,
                        agreement,
                        Action.DETAILS_CHANGED,
                        {"signed_on": [None, spec["signed_on"].isoformat()]},
                    )
                )
            reason = "Program dihentikan." if to == Status.TERMINATED else ""
            changes = {"from": status, "to": to, "reason": reason}
            events.append((when, who, agreement, Action.STATUS_CHANGED, changes))
            status = to
        for document in spec["documents"]:
            changes = {
                "document": document.pk,
                "kind": document.kind,
                "version": document.version,
                "name": document.original_name,
            }
            events.append(
                (document.uploaded_at, owner, agreement, Action.DOCUMENT_UPLOADED, changes)
            )
        for comment in spec["comments"]:
            changes = {"comment": comment.pk}
            events.append(
                (comment.created_at, comment.author, agreement, Action.COMMENTED, changes)
            )
        if spec.get("busy"):
            # Fill the busiest history up with figures entered, to its known length.
            target = f"{rng.randint(10, 50)} Konten KPK dipublikasikan per triwulan"
            missing = BUSY_AGREEMENT_ENTRIES - sum(1 for event in events if event[2] is agreement)
            days = (national.today - spec["signed_on"]).days
            for number in range(max(0, missing)):
                when = national.moment(spec["signed_on"] + timedelta(days * number // missing))
                change = {target: [number, number + 1]}
                events.append((when, owner, agreement, Action.TARGET_VALUE_ENTERED, change))
    events.sort(key=lambda event: (event[0], event[2].pk))

    previous, entries = GENESIS_HASH, []
    for sequence, (when, actor, agreement, action, changes) in enumerate(events, start=1):
        entry = AuditEntry(
            sequence=sequence,
            previous_hash=previous,
            created_at=when,
            actor=actor,
            actor_label=str(actor)[:255] if actor is not None else "",
            target_type=agreement_type,
            target_id=str(agreement.pk),
            target_label=str(agreement)[:255],
            action=action,
            changes=changes,
        )
        entry.hash = previous = entry.compute_hash()
        entries.append(entry)
    _insert(AuditEntry, entries)
    AuditHead.objects.update_or_create(pk=1, defaults={"sequence": len(entries), "hash": previous})
    national.counts["history_entries"] = len(entries)
    national.counts["busy_agreement_entries"] = sum(
        1 for entry in entries if entry.target_id == str(national.busy_agreement.pk)
    )


# Notifications -------------------------------------------------------------------------------


def build_notifications(national: National) -> None:
    """50,000 notifications about the agreements, most of them read; the two subjects get a few
    hundred each, the rest go to everybody."""
    from django.contrib.contenttypes.models import ContentType

    from agreements.models import Agreement, AgreementDocument, Status
    from notifications.kinds import Mode
    from notifications.models import Notification

    rng = national.rng
    agreement_type = ContentType.objects.get_for_model(Agreement)
    total = national.scaled(NOTIFICATIONS)
    subjects = [national.kpk_manager] * (total // 125) + [national.partner_manager] * (total // 165)
    recipients = subjects + rng.choices(national.users, k=total - len(subjects))
    statuses = list(Status.values)
    document_kinds = list(AgreementDocument.Kind.values)
    kinds = (
        (
            "agreements.status_changed",
            lambda: dict(zip(("from", "to"), rng.sample(statuses, 2), strict=True)),
        ),
        ("agreements.commented", lambda: {"excerpt": rng.choice(COMMENTS)[:80]}),
        ("agreements.expiring", lambda: {"days": rng.choice((90, 30, 7, 1))}),
        ("agreements.party_added", dict),
        (
            "agreements.document_uploaded",
            lambda: {"kind": rng.choice(document_kinds), "version": rng.randint(1, 4)},
        ),
    )
    now = datetime.now(UTC)
    rows = []
    for recipient in recipients:
        spec = rng.choice(national.agreements)
        agreement = spec["row"]
        kind, context = rng.choice(kinds)
        created = now - timedelta(minutes=rng.randint(1, 180 * 24 * 60))
        rows.append(
            Notification(
                recipient=recipient,
                kind=kind,
                mode=Mode.IN_APP if rng.random() < 0.7 else Mode.EMAIL,
                actor=spec["owner"] if kind != "agreements.expiring" else None,
                target_type=agreement_type,
                target_id=str(agreement.pk),
                target_url=f"/agreements/{agreement.pk}/",
                target_label=agreement.title[:255],
                context=context(),
                created_at=created,
                read_at=created + timedelta(hours=rng.randint(1, 72))
                if rng.random() < 0.75
                else None,
            )
        )
    _insert(Notification, rows)
    national.counts["notifications"] = len(rows)


# Content and dissemination (issue 10) --------------------------------------------------------

CONTENT_ITEMS = 5_000
REQUESTS = 500_000
# The share of the requests sent by dispatches to every Diskominfo (552 each); the rest go to a
# province's Diskominfo or a handful of them.
NATIONAL_SHARE = 0.75
# A Diskominfo forwards this share of the requests it took on to one of its press partners.
FORWARD_SHARE = 0.03
CONTENT_CHUNK = 20_000  # requests written (with their proofs and reach reports) at a time
ITEM_WORDS = {
    "article": "Siaran Pers",
    "image": "Infografis",
    "video": "Video",
    "public_service_ad": "ILM",
    "audio": "Spot Radio",
    "social_post": "Unggahan",
}
# (status, weight) of a request by whether its due date has passed.
PAST_STATUSES = (
    ("verified", 58),
    ("published", 17),
    ("declined", 6),
    ("accepted", 9),
    ("scheduled", 3),
    ("requested", 7),
)
COMING_STATUSES = (
    ("requested", 45),
    ("accepted", 30),
    ("scheduled", 12),
    ("published", 10),
    ("verified", 3),
)
DECLINE_REASONS = (
    "Kanal kami sedang dalam pemeliharaan.",
    "Jadwal tayang videotron penuh hingga akhir bulan.",
    "Materi tidak sesuai dengan segmen audiens kanal kami.",
)


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def build_content(national: National) -> None:
    """5,000 content items (most approved, with themes), the dispatches of the approved ones,
    500,000 requests across the 552 Diskominfo (three in four from dispatches to every one of
    them; statuses by due date, about a fifth of the past ones overdue; some forwarded to press
    partners), proofs for the published and verified ones on the partners' channels, and one
    to three reach reports per proof (the latest copied on the proof).

    Written a chunk of requests at a time (with their forwards, proofs and reports), so memory
    stays flat whatever the scale.
    """
    from content.models import ContentItem, Dispatch, Proof, ReachReport, Request, Theme
    from partnerships.models import DISKOMINFO_KINDS, Channel, Organisation, PressPartner

    rng = national.rng
    today = national.today
    # The themes the library starts with (content migration 0002).
    themes = list(Theme.objects.order_by("slug"))
    diskominfo = [org for org in national.partners if org.kind in DISKOMINFO_KINDS]
    outlets = [org for org in national.partners if org.kind == Organisation.Kind.MEDIA]

    # Press partners: each provincial Diskominfo and some regencies work with one to three outlets.
    press = {}
    for org in diskominfo:
        if org.kind == Organisation.Kind.PROVINCE_DISKOMINFO or rng.random() < 0.05:
            press[org.pk] = rng.sample(outlets, rng.randint(1, 3))
    _insert(
        PressPartner,
        [
            PressPartner(organisation_id=org, outlet=outlet)
            for org, chosen in press.items()
            for outlet in chosen
        ],
    )
    channels = {}
    for pk, organisation_id in Channel.objects.values_list("pk", "organisation_id"):
        channels.setdefault(organisation_id, []).append(pk)

    # Items.
    kinds = list(ContentItem.Kind.values)
    statuses = (("approved", 86), ("draft", 4), ("submitted", 4), ("changes_requested", 2))
    statuses += (("archived", 4),)
    items = []
    for number in range(national.scaled(CONTENT_ITEMS)):
        kind = rng.choice(kinds)
        theme = rng.choice(themes).name
        origin = _weighted(rng, (("kpk", 85), ("partner", 10), ("joint", 5)))
        owner = rng.choice(diskominfo) if origin == "partner" else rng.choice(national.kpk_units)
        created = national.moment(today - timedelta(days=rng.randint(20, 760)))
        items.append(
            ContentItem(
                title=f"{ITEM_WORDS[kind]} {theme} {number + 1}",
                kind=kind,
                description=f"Materi {theme} untuk kanal mitra. Data bangku uji.",
                hashtags="#KPK #AntiKorupsi #BeraniJujurHebat",
                origin=origin,
                owner=owner,
                status=_weighted(rng, statuses),
                is_public=rng.random() < 0.3,
                created_by=rng.choice(national.kpk_people),
                created_at=created,
                updated_at=created,
            )
        )
    with explicit_times(ContentItem, "created_at", "updated_at"):
        items = _insert(ContentItem, items)
    through = ContentItem.themes.through
    _insert(
        through,
        [
            through(contentitem_id=item.pk, theme_id=theme.pk)
            for item in items
            for theme in rng.sample(themes, rng.randint(1, 3))
        ],
    )
    approved = [item for item in items if item.status == "approved"]

    # Dispatches: to every Diskominfo, or to a province's or a handful.
    total = national.scaled(REQUESTS)
    national_count = max(1, round(total * NATIONAL_SHARE / len(diskominfo)))
    by_province = {}
    for org in diskominfo:
        by_province.setdefault(org.province_id, []).append(org)
    plans = [list(diskominfo) for _ in range(national_count)]
    planned = national_count * len(diskominfo)
    while planned < total:
        if rng.random() < 0.5:
            group = by_province[rng.choice(list(by_province))]
        else:
            group = rng.sample(diskominfo, rng.randint(3, 30))
        group = group[: total - planned]
        plans.append(group)
        planned += len(group)
    rng.shuffle(plans)
    dispatches = []
    for group in plans:
        item = rng.choice(approved)
        # Due dates from a year ago to six weeks ahead, sent two or three weeks before.
        due_on = today + timedelta(days=rng.randint(-365, 45))
        sent_at = national.moment(due_on - timedelta(days=rng.randint(10, 21)))
        dispatches.append(
            (
                Dispatch(
                    item=item,
                    due_on=due_on,
                    platforms=rng.sample(["instagram", "facebook", "x", "youtube", "website"], 2),
                    message="Mohon ditayangkan di kanal resmi sebelum tenggat.",
                    sent_by=rng.choice(national.kpk_people),
                    sent_at=sent_at,
                ),
                group,
            )
        )
    with explicit_times(Dispatch, "sent_at"):
        rows = _insert(Dispatch, [dispatch for dispatch, _group in dispatches])
    dispatches = [(row, group) for row, (_dispatch, group) in zip(rows, dispatches, strict=True)]

    counts = {"requests": 0, "forwards": 0, "overdue": 0}
    writers = {
        "requests": RowWriter(Request),
        "proofs": RowWriter(Proof),
        "reach_reports": RowWriter(ReachReport),
    }
    pending = []
    for dispatch, group in dispatches:
        for org in group:
            pending.append(
                _request(
                    national,
                    writers["requests"],
                    dispatch_id=dispatch.pk,
                    item_id=dispatch.item_id,
                    due_on=dispatch.due_on,
                    sent_at=dispatch.sent_at,
                    organisation_id=org.pk,
                )
            )
        if len(pending) >= CONTENT_CHUNK:
            _write_requests(national, writers, pending, press, channels, counts)
            pending = []
    _write_requests(national, writers, pending, press, channels, counts)
    for writer in writers.values():
        writer.close()
    counts.update(proofs=writers["proofs"].written, reach_reports=writers["reach_reports"].written)
    del counts["_forwarded"]

    # The busiest item (most requests, sent to every Diskominfo more than once), and one of its
    # requests that was forwarded and proved: the item page and the request page measured.
    sent_to = {}
    for dispatch, group in dispatches:
        sent_to[dispatch.item_id] = sent_to.get(dispatch.item_id, 0) + len(group)
    busy_item = max(sorted(sent_to), key=sent_to.get)
    busy = Request.objects.filter(item_id=busy_item, proofs__isnull=False).order_by("pk")
    busy_request = (
        busy.filter(forwards__isnull=False).first() or busy.first() or Request.objects.first()
    )
    national.content = {
        "item": busy_item,
        "item_requests": Request.objects.filter(item_id=busy_item).count(),
        "request": busy_request.pk,
        "province": PARTNER_PROVINCE,
    }
    national.counts.update(
        themes=len(themes),
        content_items=len(items),
        dispatches=len(dispatches),
        press_partners=sum(len(chosen) for chosen in press.values()),
        **counts,
    )


class RowWriter:
    """Rows of one model written as plain tuples, with ids given here: COPY on PostgreSQL (a
    hundred times faster than ``bulk_create`` building a statement of model instances, which took
    most of the build at 500,000 requests), ``executemany`` on SQLite (the tests' small set).

    ``add`` takes the row's values by attribute name (``organisation_id``); the fields left out
    get their defaults. ``flush`` writes what was added; ``close`` moves the id sequence past
    the ids given.
    """

    def __init__(self, model):
        from django.db import connection
        from django.db.models import Max

        self.model = model
        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {
            field.attname: None if field.primary_key else field.get_default()
            for field in self.fields
        }
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows = []
        self.written = 0

    def add(self, **values) -> int:
        values["id"] = self.next_id
        self.next_id += 1
        self.rows.append(values)
        return values["id"]

    def _adapt(self, field, value):
        # SQLite takes what Django's own adapters make of dates and times.
        if value is None or self.connection.vendor == "postgresql":
            return value
        internal = field.get_internal_type()
        if internal == "DateTimeField":
            return self.connection.ops.adapt_datetimefield_value(value)
        if internal == "DateField":
            return self.connection.ops.adapt_datefield_value(value)
        return value

    def flush(self) -> None:
        if not self.rows:
            return
        table = self.connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(self.connection.ops.quote_name(field.column) for field in self.fields)
        tuples = (
            tuple(
                self._adapt(field, row.get(field.attname, self.defaults[field.attname]))
                for field in self.fields
            )
            for row in self.rows
        )
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in tuples:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuples)
        self.written += len(self.rows)
        self.rows = []

    def close(self) -> None:
        from django.core.management.color import no_style

        self.flush()
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(sql)


def _request(
    national: National,
    writer: RowWriter,
    *,
    dispatch_id,
    item_id,
    due_on,
    sent_at,
    organisation_id,
    forwarded_from_id=None,
) -> dict:
    """Add one request to an organisation, in a status fitting its due date; returns its row."""
    rng = national.rng
    past = due_on < national.today
    status = _weighted(rng, PAST_STATUSES if past else COMING_STATUSES)
    managers = national.managers_of.get(organisation_id) or [None]
    answered = status != "requested"
    created = sent_at + timedelta(minutes=rng.randint(0, 5))
    assignee = rng.choice(managers) if answered and status != "declined" else None
    row = {
        "dispatch_id": dispatch_id,
        "item_id": item_id,
        "organisation_id": organisation_id,
        "forwarded_from_id": forwarded_from_id,
        "status": status,
        "due_on": due_on,
        "assignee_id": assignee.pk if assignee else None,
        "decline_reason": rng.choice(DECLINE_REASONS) if status == "declined" else "",
        "scheduled_for": national.moment(due_on) if status == "scheduled" else None,
        "responded_by_id": managers[0].pk if answered and managers[0] else None,
        "responded_at": created + timedelta(days=rng.randint(1, 4)) if answered else None,
        "created_at": created,
        "updated_at": created,
    }
    writer.add(**row)
    return writer.rows[-1]


def _write_requests(national: National, writers, requests, press, channels, counts) -> None:
    """Add the forwards of ``requests`` to press partners, then the proofs of the published and
    verified ones and their reach reports, and write them all."""
    from content.models import Request

    rng = national.rng
    # An outlet gets one forward per dispatch, whichever chunk the dispatch's requests are in.
    taken = counts.setdefault("_forwarded", set())
    forwards = []
    for request in requests:
        outlets = press.get(request["organisation_id"])
        if (
            outlets
            and request["status"] in ("accepted", "scheduled", "published", "verified")
            and rng.random() < FORWARD_SHARE
        ):
            outlet = rng.choice(outlets)
            if (request["dispatch_id"], outlet.pk) in taken:
                continue
            taken.add((request["dispatch_id"], outlet.pk))
            forwards.append(
                _request(
                    national,
                    writers["requests"],
                    dispatch_id=request["dispatch_id"],
                    item_id=request["item_id"],
                    due_on=request["due_on"],
                    sent_at=request["created_at"] + timedelta(days=1),
                    organisation_id=outlet.pk,
                    forwarded_from_id=request["id"],
                )
            )
    everything = [*requests, *forwards]
    counts["requests"] += len(everything)
    counts["forwards"] += len(forwards)
    counts["overdue"] += sum(
        1
        for request in everything
        if request["status"] in Request.Status.open() and request["due_on"] < national.today
    )

    now = datetime.now(UTC)
    proofs, reports = writers["proofs"], writers["reach_reports"]
    for request in everything:
        if request["status"] not in ("published", "verified"):
            continue
        own = channels.get(request["organisation_id"], [])
        for channel in rng.sample(own, min(len(own), 1 + (rng.random() < 0.35))):
            day = request["due_on"] - timedelta(days=rng.randint(0, 6))
            published = min(national.moment(day), now)
            verified = request["status"] == "verified"
            returned = not verified and rng.random() < 0.05
            reach = rng.randint(200, 60_000)
            figures = {
                "views": reach * 2,
                "reach": reach,
                "likes": reach // rng.randint(8, 30),
                "shares": reach // rng.randint(60, 200),
                "comments": reach // rng.randint(80, 400),
            }
            reported_at = published + timedelta(days=7)
            reviewer = rng.choice(national.kpk_people) if verified or returned else None
            proof = proofs.add(
                request_id=request["id"],
                channel_id=channel,
                url=f"https://www.instagram.com/p/bench{request['id']}c{channel}/",
                published_at=published,
                status="verified" if verified else "returned" if returned else "submitted",
                return_reason="Tautan tidak dapat dibuka." if returned else "",
                submitted_by_id=request["assignee_id"],
                submitted_at=published + timedelta(hours=rng.randint(1, 30)),
                reviewed_by_id=reviewer.pk if reviewer else None,
                reviewed_at=published + timedelta(days=2) if reviewer else None,
                reach_reported_at=reported_at,
                **figures,
            )
            # One to three reports, growing towards the latest (the figures on the proof).
            several = rng.randint(1, 3)
            for step in range(several, 0, -1):
                share = 1 / (step * step)
                reports.add(
                    proof_id=proof,
                    reported_by_id=request["assignee_id"],
                    reported_at=reported_at - timedelta(days=step - 1),
                    **{name: int(value * share) for name, value in figures.items()},
                )
    for name in ("requests", "proofs", "reach_reports"):
        writers[name].flush()


# Events (issue 11) ---------------------------------------------------------------------------

EVENTS = 2_000
REGISTRATIONS = 100_000
BIG_EVENT_REGISTRATIONS = 1_500  # the registration list and check-in page measured
EVENT_KINDS = (
    ("training", 40),
    ("media_briefing", 20),
    ("coordination_meeting", 20),
    ("signing_ceremony", 8),
    ("workshop", 8),
    ("talk_show", 4),
)
EVENT_WORDS = {
    "training": "Pelatihan Konten Antikorupsi",
    "media_briefing": "Media Briefing Pencegahan Korupsi",
    "coordination_meeting": "Rapat Koordinasi Humas",
    "signing_ceremony": "Penandatanganan Kerja Sama",
    "workshop": "Lokakarya Jurnalisme Data",
    "talk_show": "Talkshow Radio Antikorupsi",
}
INSTITUTIONS = ("Tribun", "Detik", "Kompas", "RRI", "TVRI", "Antara", "Radar", "Inspektorat")
EVENT_DECLINE_REASONS = (
    "Bertepatan dengan agenda kepala daerah.",
    "Staf yang kompeten sedang bertugas di luar kota.",
)


def _event_paths(big_event: int) -> dict:
    """The measured pages' paths, from the served code's URL names (bench/pages.py skips a page
    whose name does not resolve: a checkout without that page)."""
    from django.urls import NoReverseMatch, reverse

    paths = {}
    for key, name, args in (
        ("list", "events:list", []),
        ("detail", "events:detail", [big_event]),
        ("invitations", "events:invitations", [big_event]),
        ("registrations", "events:registrations", [big_event]),
        ("checkin", "events:checkin", [big_event]),
    ):
        with contextlib.suppress(NoReverseMatch):
            paths[key] = reverse(name, args=args)
    return paths


def build_events(national: National) -> None:
    """2,000 events across the 552 Diskominfo and KPK (kinds mixed, from a year ago to four
    months ahead, most with invitations to Diskominfo of their province), 100,000 registrations
    (members and guests; statuses by date: past events mostly confirmed and many checked in,
    coming ones with waiting lists and unconfirmed guests), and outcome reports for most past
    events. One KPK training today, online for every Diskominfo, has about 1,500 registrations:
    its registration list and check-in page are measured.

    Skipped on a checkout without events (``--app`` an older one): its pages are skipped too.
    """
    from django.apps import apps

    if not apps.is_installed("events"):
        return
    from events.models import Event, Invitation, Registration, Report
    from partnerships.models import DISKOMINFO_KINDS, Membership, Organisation

    rng = national.rng
    today = national.today
    now = datetime.now(UTC)
    diskominfo = [org for org in national.partners if org.kind in DISKOMINFO_KINDS]
    by_province = {}
    for org in diskominfo:
        by_province.setdefault(org.province_id, []).append(org)
    zones = dict(
        Organisation.objects.filter(pk__in=[org.pk for org in diskominfo]).values_list(
            "pk", "province__time_zone"
        )
    )
    members = {}
    for organisation_id, user_id in Membership.objects.values_list("organisation_id", "user_id"):
        members.setdefault(organisation_id, []).append(user_id)
    people = {user.pk: user for user in national.users}
    names = {org.pk: org.name for org in diskominfo}

    writers = {
        "events": RowWriter(Event),
        "organisers": RowWriter(Event.organisers.through),
        "invitations": RowWriter(Invitation),
        "registrations": RowWriter(Registration),
        "reports": RowWriter(Report),
    }
    total = national.scaled(EVENTS)
    big_size = national.scaled(BIG_EVENT_REGISTRATIONS)
    counts = {"invitations": 0, "checked_in": 0, "reports": 0}

    def token() -> str:
        return f"{rng.getrandbits(144):036x}"

    def add_event(*, kind, title, organisers, starts, zone, online, invited, status, capacity):
        ends = starts + timedelta(hours=rng.choice((3, 4, 6, 8)))
        created = starts - timedelta(days=rng.randint(14, 45))
        host = organisers[0]
        event_id = writers["events"].add(
            kind=kind,
            title=title,
            description="Kegiatan bersama Diskominfo. Data bangku uji.",
            venue_name="" if online else f"Aula {host.short_name or host.name}"[:200],
            venue_address="" if online else "Jl. Merdeka No. 1",
            venue_regency_id=None if online else host.regency_id,
            online_url="https://zoom.us/j/bench" if online else "",
            time_zone=zone,
            starts_at=starts,
            ends_at=ends,
            capacity=capacity,
            registration_opens_at=created,
            registration_closes_at=starts,
            visibility="open" if kind == "media_briefing" else "invited",
            public_token=token(),
            status=status,
            cancel_reason="Ditunda karena agenda pimpinan." if status == "cancelled" else "",
            created_by_id=rng.choice(national.kpk_people).pk,
            created_at=created,
            updated_at=created,
        )
        for org in organisers:
            writers["organisers"].add(event_id=event_id, organisation_id=org.pk)
        past = ends < now
        for org in invited:
            answered = rng.random() < (0.9 if past else 0.5)
            status_ = (
                ("declined" if rng.random() < 0.15 else "nominated") if answered else "pending"
            )
            managers = national.managers_of.get(org.pk) or [None]
            writers["invitations"].add(
                event_id=event_id,
                organisation_id=org.pk,
                status=status_,
                decline_reason=rng.choice(EVENT_DECLINE_REASONS) if status_ == "declined" else "",
                invited_by_id=rng.choice(national.kpk_people).pk,
                invited_at=created,
                responded_by_id=managers[0].pk if answered and managers[0] else None,
                responded_at=created + timedelta(days=rng.randint(1, 7)) if answered else None,
            )
        counts["invitations"] += len(invited)
        return event_id, created, past

    def add_registrations(event_id, created, past, size, invited, starts, status, capacity):
        """``size`` registrations: members of the invited organisations first, then guests."""
        pool = [(user, org.pk) for org in invited for user in members.get(org.pk, ())]
        chosen = rng.sample(pool, min(len(pool), size * 2 // 3))
        for number in range(size):
            if number < len(chosen):
                user_id, organisation_id = chosen[number]
                user = people[user_id]
                name, email, institution = user.full_name, user.email, names[organisation_id]
                source = rng.choice(("self", "nominated"))
            else:
                user_id = organisation_id = None
                name = national.person()
                email = f"tamu{event_id}.{number}@bench.sinergi.id"
                institution = rng.choice(INSTITUTIONS)
                source = rng.choice(("guest", "guest", "walk_in")) if past else "guest"
            joined = min(created + timedelta(hours=rng.randint(1, 24 * 10)), now)
            roll = rng.random()
            if status == "cancelled" or roll < 0.06:
                state = "cancelled"
            elif not past and capacity and roll < 0.16:
                state = "waitlisted"
            elif not past and user_id is None and roll < 0.22:
                state = "unconfirmed"
            else:
                state = "confirmed"
            checked = past and state == "confirmed" and rng.random() < 0.75
            writers["registrations"].add(
                event_id=event_id,
                user_id=user_id,
                organisation_id=organisation_id,
                name=name,
                institution=institution,
                position=rng.choice(POSITIONS),
                email=email,
                phone=f"08{rng.randint(10**9, 10**10 - 1)}",
                source=source,
                status=state,
                token=token(),
                waitlisted_at=joined if state == "waitlisted" else None,
                confirmed_at=joined if state == "confirmed" else None,
                cancelled_at=joined + timedelta(days=1) if state == "cancelled" else None,
                checked_in_at=starts + timedelta(minutes=rng.randint(-30, 90)) if checked else None,
                checked_in_by_id=rng.choice(national.kpk_people).pk if checked else None,
                created_at=joined,
            )
            counts["checked_in"] += checked

    # The big one: a KPK training today, online, every Diskominfo invited.
    starts = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
    big, created, _past = add_event(
        kind="training",
        title="Pelatihan Nasional Konten Antikorupsi untuk Diskominfo",
        organisers=[national.kpk_units[0]],
        starts=starts,
        zone="Asia/Jakarta",
        online=True,
        invited=diskominfo,
        status="published",
        capacity=None,
    )
    add_registrations(big, created, False, big_size, diskominfo, starts, "published", None)

    kinds = [kind for kind, _weight in EVENT_KINDS]
    weights = [weight for _kind, weight in EVENT_KINDS]
    # Plan every event first, so the registrations can be shared out to make the total exact.
    plans = []
    for number in range(total - 1):
        kind = rng.choices(kinds, weights=weights)[0]
        host = rng.choice(diskominfo)
        organisers = [host] + ([rng.choice(national.kpk_units)] if rng.random() < 0.4 else [])
        day = today + timedelta(days=rng.randint(-365, 120))
        status = _weighted(
            rng,
            (("published", 85), ("draft", 10), ("cancelled", 5))
            if day >= today
            else (("published", 95), ("cancelled", 5)),
        )
        neighbours = [org for org in by_province[host.province_id] if org != host]
        invited = (
            rng.sample(neighbours, min(len(neighbours), rng.randint(3, 20)))
            if rng.random() < 0.85 and neighbours and status != "draft"
            else []
        )
        plans.append(
            {
                "number": number + 1,
                "kind": kind,
                "host": host,
                "organisers": organisers,
                "starts": national.moment(day),
                "status": status,
                "invited": invited,
                "share": 0.0 if status == "draft" else rng.uniform(0.5, 1.5),
            }
        )
    left = national.scaled(REGISTRATIONS) - big_size
    shares = sum(plan["share"] for plan in plans) or 1.0
    for plan in plans:
        plan["size"] = round(left * plan["share"] / shares)
    undrafted = [plan for plan in plans if plan["share"]]
    if undrafted:
        last = undrafted[-1]
        last["size"] = max(0, last["size"] + left - sum(plan["size"] for plan in plans))

    for plan in plans:
        kind, host, size, status = plan["kind"], plan["host"], plan["size"], plan["status"]
        capacity = rng.choice((None, size, round(size * 0.9))) or None
        event_id, created, past = add_event(
            kind=kind,
            title=f"{EVENT_WORDS[kind]} {host.short_name or host.name} {plan['number']}"[:200],
            organisers=plan["organisers"],
            starts=plan["starts"],
            zone=zones.get(host.pk) or "Asia/Jakarta",
            online=rng.random() < 0.2,
            invited=plan["invited"],
            status=status,
            capacity=capacity,
        )
        if size:
            add_registrations(
                event_id, created, past, size, plan["invited"], plan["starts"], status, capacity
            )
        if past and status == "published" and rng.random() < 0.7:
            written = plan["starts"] + timedelta(days=rng.randint(1, 10))
            writers["reports"].add(
                event_id=event_id,
                summary="Kegiatan berjalan lancar; peserta aktif berdiskusi.",
                follow_ups="Diskominfo menayangkan konten hasil pelatihan.",
                outputs="",
                written_by_id=rng.choice(national.kpk_people).pk,
                written_at=written,
                updated_at=written,
            )
        if len(writers["registrations"].rows) >= CONTENT_CHUNK:
            for name in ("events", "organisers", "invitations", "registrations"):
                writers[name].flush()
    for name in ("events", "organisers", "invitations", "registrations", "reports"):
        writers[name].close()
    national.events = {"big_event": big, "big_event_registrations": big_size, **_event_paths(big)}
    national.counts.update(
        events=writers["events"].written,
        event_invitations=counts["invitations"],
        registrations=writers["registrations"].written,
        checked_in=counts["checked_in"],
        event_reports=writers["reports"].written,
    )


BUILDERS = [
    build_network,
    build_agreements,
    build_history,
    build_notifications,
    build_content,
    build_events,
]


def fill(*, scale: float = 1.0, seed: int = SEED, today: date | None = None) -> Subjects:
    """Run every builder on the current (migrated, regions loaded, empty) database."""
    from django.db import transaction
    from django.utils import timezone

    national = National(rng=random.Random(seed), today=today or timezone.localdate(), scale=scale)
    with transaction.atomic():
        for builder in BUILDERS:
            builder(national)
    return Subjects(
        password=PASSWORD,
        totp_secret=TOTP_SECRET,
        kpk_manager=national.kpk_manager.email,
        partner_manager=national.partner_manager.email,
        partner_organisation=national.partner_organisation.pk,
        busy_agreement=national.busy_agreement.pk,
        search="diseminasi",
        content=national.content,
        events=national.events,
        counts=national.counts,
    )


# The database --------------------------------------------------------------------------------


def recreate_database(url: str = DATABASE_URL) -> None:
    """Drop and create the database named in ``url`` (on the same server's ``postgres``)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(app: Path, url: str = DATABASE_URL, redis_url: str | None = None) -> None:
    """Point Django at ``url`` with ``app``'s code and settings (production-like, debug off).

    Without ``redis_url`` there is no cache server (building needs none: allauth's enrolment
    caches nothing that must survive); with it, Redis is the cache and Celery's broker, as in
    production (bench/send.py queues the e-mail tasks there).
    """
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_DEBUG="false",
        DJANGO_LOG_LEVEL="WARNING",
    )
    if redis_url:
        os.environ.update(REDIS_URL=redis_url, CELERY_BROKER_URL=redis_url)
    else:
        os.environ.pop("REDIS_URL", None)
        os.environ.pop("CELERY_BROKER_URL", None)
    sys.path.insert(0, str(app))
    import django

    django.setup()


def analyse() -> None:
    """Give the planner the statistics, and the tables the visibility map, that autovacuum
    would on a database in use.

    Right after bulk inserts the planner knows none, so it plans for tables of a few rows (seen:
    an estimate of 1 unread notification where there were 96); and without a vacuum no index-only
    scan can skip the table (counting 70,000 proofs waiting read every row).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def build(app: Path = ROOT, url: str = DATABASE_URL) -> Subjects:
    """Recreate, migrate and fill the national database; write and return the subjects."""
    started = time.perf_counter()
    recreate_database(url)
    setup_django(app, url)
    from django.core.management import call_command

    from partnerships.regions import load_regions

    call_command("migrate", interactive=False, verbosity=0)
    load_regions()
    subjects = fill()
    analyse()
    subjects.seconds = round(time.perf_counter() - started, 1)
    SUBJECTS_FILE.parent.mkdir(exist_ok=True)
    SUBJECTS_FILE.write_text(json.dumps(asdict(subjects), indent=2))
    return subjects


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, default=ROOT, help="checkout whose models to use")
    options = parser.parse_args()
    subjects = build(options.app.resolve())
    print(json.dumps(asdict(subjects), indent=2))


if __name__ == "__main__":
    main()
