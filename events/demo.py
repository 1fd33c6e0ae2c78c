"""Demo data of events: the South Sumatra report's training, media briefing and signing ceremony
(held three weeks ago, with nominations, check-ins, a report, feedback and certificates), and
what comes next: a training for North Sumatra waiting for nominations, an open media briefing in
Makassar (WITA) with a full house and a waiting list, an online coordination meeting, a draft and
a cancelled talk show.

Only ``seed_demo`` (``dashboard.demo``) calls ``seed``, after the content demo. Rows are written
in their final state, as the services would leave them (the demo sends no notifications); each
event is known by its title and created only if missing, so a second run writes nothing. Dates
are counted from the day it runs. Every name of a person is invented.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from agreements.demo import PKS_SUMSEL_EXPIRING
from agreements.models import Agreement, ScopeItem
from audit.services import diff, log
from partnerships.demo import (
    BIRO_HUMAS,
    DEMO_NOTE,
    DISKOMINFO_PALEMBANG,
    DISKOMINFO_SUMSEL,
    DISKOMINFO_SUMUT,
    SeedResult,
)
from partnerships.models import Organisation, Regency, TimeZone

from .audit_actions import ScheduleAction
from .models import (
    Certificate,
    Event,
    Feedback,
    Invitation,
    Registration,
    Report,
    Session,
    Speaker,
)

User = get_user_model()

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
KPK_STAFF = "kpk.staff@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"
SUMSEL_OPERATOR = "sumsel.operator@demo.sinergi.id"
SUMUT_MANAGER = "sumut.manager@demo.sinergi.id"
SUMUT_OPERATOR = "sumut.operator@demo.sinergi.id"
PALEMBANG_OPERATOR = "palembang.operator@demo.sinergi.id"

SUMSEL_TRAINING = (
    "Pelatihan Produksi Konten Kreatif Antikorupsi bagi Diskominfo Kabupaten/Kota "
    "se-Sumatera Selatan"
)
SUMSEL_BRIEFING = "Media Briefing: Modus Tindak Pidana Korupsi yang Ditangani KPK"
SUMSEL_SIGNING = "Penandatanganan Perjanjian Kerja Sama KPK dan Diskominfo Sumatera Selatan"
SUMUT_TRAINING = "Pelatihan Jurnalisme Data Antikorupsi bagi Diskominfo se-Sumatera Utara"
MAKASSAR_BRIEFING = "Media Briefing Antikorupsi bersama Jurnalis Makassar"
ONLINE_MEETING = "Rapat Koordinasi Daring Kampanye Hari Antikorupsi Sedunia"
DRAFT_WORKSHOP = "Lokakarya Penulisan Siaran Pers Antikorupsi"
CANCELLED_TALK_SHOW = 'Talk Show Radio "Suara Integritas": Cegah Pungli di Sekolah'

PALEMBANG, MEDAN, MAKASSAR = "16.71", "12.71", "73.71"

# Invented people: (name, position) per regency Diskominfo, and journalists with their outlet.
FIRST_NAMES = (
    "Andi",
    "Dewi",
    "Rudi",
    "Siti",
    "Bambang",
    "Nurul",
    "Eko",
    "Fitri",
    "Joko",
    "Wulan",
    "Arif",
    "Indah",
    "Yusuf",
    "Putri",
    "Hasan",
    "Rahma",
    "Teguh",
)
LAST_NAMES = ("Saputra", "Lestari", "Hartono", "Rahmawati", "Irawan", "Aini", "Wijaya", "Sari")
POSITIONS = (
    "Pranata Humas",
    "Pengelola Media Sosial",
    "Kepala Seksi Pengelolaan Informasi",
    "Pranata Komputer",
    "Analis Komunikasi",
    "Pengelola Konten",
)
JOURNALISTS = (
    ("Rina Marlina", "Sriwijaya Kini (demo)", "Reporter"),
    ("Hendra Gunawan", "Palembang Pos (demo)", "Redaktur"),
    ("Yuni Astuti", "Detik Sumbagsel (demo)", "Jurnalis"),
    ("Agus Salim", "Radio Suara Ampera (demo)", "Penyiar"),
    ("Maya Sari", "TV Musi (demo)", "Kameramen"),
    ("Doni Prasetyo", "Kabar Palembang (demo)", "Jurnalis"),
    ("Lina Wati", "Sumsel Terkini (demo)", "Reporter"),
    ("Fikri Ramadhan", "Data Terang (demo)", "Jurnalis Data"),
)
MAKASSAR_JOURNALISTS = tuple(
    (f"Jurnalis Makassar {number}", f"Media Makassar {number % 6 + 1} (demo)", "Jurnalis")
    for number in range(1, 44)
)


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    description: str
    organisers: tuple[str, ...]
    creator: str
    days_from_today: int
    start: time
    hours: int
    venue: str = ""
    address: str = ""
    regency: str = ""
    zone: str = TimeZone.WIB
    online_url: str = ""
    capacity: int | None = None
    visibility: str = Event.Visibility.INVITED
    status: str = Event.Status.PUBLISHED
    cancel_reason: str = ""
    agreement: str = ""
    # (title, minutes from the start, minutes long, ((name, position, institution), ...))
    agenda: tuple = field(default=())


def demo_events() -> tuple[DemoEvent, ...]:
    return (
        DemoEvent(
            SUMSEL_TRAINING,
            Event.Kind.TRAINING,
            "Pelatihan bersama Diskominfo 17 kabupaten/kota se-Sumatera Selatan: menulis berita "
            "antikorupsi, membuat konten gambar dan video yang menarik, dan mengelola media "
            "sosial instansi. " + DEMO_NOTE,
            (BIRO_HUMAS, DISKOMINFO_SUMSEL),
            KPK_STAFF,
            -24,
            time(8, 30),
            8,
            venue="Hotel Aryaduta Palembang",
            address="Jl. POM IX, Lorok Pakjo, Palembang",
            regency=PALEMBANG,
            capacity=60,
            agreement=PKS_SUMSEL_EXPIRING,
            agenda=(
                (
                    "Pembukaan dan sambutan",
                    0,
                    30,
                    (
                        (
                            "Hadi Santoso",
                            "Sekretaris Daerah",
                            "Pemerintah Provinsi Sumatera Selatan",
                        ),
                        ("Ratna Kusumawati", "Kepala Bagian Pemberitaan", "Biro Humas KPK"),
                    ),
                ),
                (
                    "Menulis berita korupsi yang akurat dan menarik",
                    45,
                    120,
                    (("Laras Wulandari", "Redaktur Pelaksana", "Data Terang (demo)"),),
                ),
                (
                    "Produksi konten gambar dan video untuk media sosial",
                    225,
                    150,
                    (("Yoga Pratama", "Produser Konten", "Biro Humas KPK"),),
                ),
            ),
        ),
        DemoEvent(
            SUMSEL_BRIEFING,
            Event.Kind.MEDIA_BRIEFING,
            "Media briefing KPK bersama media di Palembang: bagaimana modus tindak pidana korupsi "
            "yang ditangani KPK, dan bagaimana menuliskannya. " + DEMO_NOTE,
            (BIRO_HUMAS,),
            KPK_STAFF,
            -23,
            time(9, 0),
            3,
            venue="Ruang Rapat Bina Praja, Kantor Gubernur Sumatera Selatan",
            address="Jl. Kapten A. Rivai No. 3, Palembang",
            regency=PALEMBANG,
            capacity=40,
            visibility=Event.Visibility.OPEN,
            agreement=PKS_SUMSEL_EXPIRING,
            agenda=(
                (
                    "Modus tindak pidana korupsi yang ditangani KPK",
                    0,
                    60,
                    (("Bima Arya Nugraha", "Juru Bicara Bidang Penindakan", "KPK"),),
                ),
                (
                    "Jurnalisme data untuk liputan korupsi",
                    60,
                    60,
                    (("Laras Wulandari", "Redaktur Pelaksana", "Data Terang (demo)"),),
                ),
                (
                    "Pengawasan internal pemerintah daerah",
                    120,
                    60,
                    (
                        (
                            "Taufik Hidayat",
                            "Inspektur Pembantu",
                            "Inspektorat Provinsi Sumatera Selatan",
                        ),
                    ),
                ),
            ),
        ),
        DemoEvent(
            SUMSEL_SIGNING,
            Event.Kind.SIGNING_CEREMONY,
            "Penandatanganan kerja sama koordinasi, diseminasi dan publikasi materi antikorupsi "
            "di wilayah Sumatera Selatan. " + DEMO_NOTE,
            (BIRO_HUMAS, DISKOMINFO_SUMSEL),
            KPK_MANAGER,
            -23,
            time(13, 30),
            2,
            venue="Griya Agung Palembang",
            address="Jl. Demang Lebar Daun, Palembang",
            regency=PALEMBANG,
        ),
        DemoEvent(
            SUMUT_TRAINING,
            Event.Kind.TRAINING,
            "Pelatihan jurnalisme data antikorupsi bagi pengelola media Diskominfo se-Sumatera "
            "Utara. " + DEMO_NOTE,
            (BIRO_HUMAS, DISKOMINFO_SUMUT),
            KPK_STAFF,
            12,
            time(9, 0),
            7,
            venue="Aula Diskominfo Provinsi Sumatera Utara",
            address="Jl. H. M. Said No. 27, Medan",
            regency=MEDAN,
            capacity=50,
            agenda=(
                (
                    "Membaca data anggaran daerah",
                    0,
                    120,
                    (("Fikri Ramadhan", "Jurnalis Data", "Data Terang (demo)"),),
                ),
            ),
        ),
        DemoEvent(
            MAKASSAR_BRIEFING,
            Event.Kind.MEDIA_BRIEFING,
            "Media briefing terbuka bagi jurnalis di Makassar tentang pencegahan korupsi di "
            "pengadaan barang dan jasa. Pendaftaran melalui tautan publik. " + DEMO_NOTE,
            (BIRO_HUMAS,),
            KPK_STAFF,
            20,
            time(10, 0),
            3,
            venue="Hotel Claro Makassar",
            address="Jl. A. P. Pettarani No. 3, Makassar",
            regency=MAKASSAR,
            zone=TimeZone.WITA,
            capacity=40,
            visibility=Event.Visibility.OPEN,
        ),
        DemoEvent(
            ONLINE_MEETING,
            Event.Kind.COORDINATION_MEETING,
            "Rapat koordinasi daring Diskominfo provinsi untuk kampanye Hari Antikorupsi "
            "Sedunia (9 Desember). " + DEMO_NOTE,
            (BIRO_HUMAS,),
            KPK_MANAGER,
            4,
            time(14, 0),
            2,
            online_url="https://meet.demo.sinergi.id/rakor-hakordia",
        ),
        DemoEvent(
            DRAFT_WORKSHOP,
            Event.Kind.WORKSHOP,
            "Lokakarya menulis siaran pers antikorupsi untuk pranata humas. " + DEMO_NOTE,
            (BIRO_HUMAS,),
            KPK_STAFF,
            40,
            time(9, 0),
            6,
            venue="Gedung Merah Putih KPK",
            address="Jl. Kuningan Persada Kav. 4, Jakarta Selatan",
            regency="31.74",
            status=Event.Status.DRAFT,
        ),
        DemoEvent(
            CANCELLED_TALK_SHOW,
            Event.Kind.TALK_SHOW,
            "Talk show radio tentang pencegahan pungutan liar di sekolah. " + DEMO_NOTE,
            (BIRO_HUMAS, DISKOMINFO_PALEMBANG),
            KPK_STAFF,
            9,
            time(16, 0),
            1,
            venue="Studio Radio Suara Ampera",
            address="Jl. Sudirman No. 12, Palembang",
            regency=PALEMBANG,
            status=Event.Status.CANCELLED,
            cancel_reason="Narasumber berhalangan; acara dijadwalkan ulang bulan depan.",
        ),
    )


def seed(result: SeedResult) -> None:
    """Create whatever of the events demo is missing (an existing event is left as it is)."""
    for kind in ("events", "event registrations"):
        result.created[kind] += 0
    with translation.override("id"):
        _seed(result)


def _seed(result: SeedResult) -> None:
    today = timezone.localdate()
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.sinergi.id")}
    organisations = {org.name: org for org in Organisation.objects.all()}
    created = {}
    for spec in demo_events():
        if Event.objects.filter(title=spec.title).exists():
            continue
        created[spec.title] = _event(spec, today, organisations, users)
        result.created["events"] += 1
    sumsel_regencies = list(
        Organisation.objects.filter(
            kind=Organisation.Kind.REGENCY_DISKOMINFO, regency__province_id="16"
        ).order_by("name")
    )
    if SUMSEL_TRAINING in created:
        _sumsel_training(created[SUMSEL_TRAINING], sumsel_regencies, users, organisations, result)
    if SUMSEL_BRIEFING in created:
        _briefing(created[SUMSEL_BRIEFING], JOURNALISTS, users, result, held=True)
    if SUMSEL_SIGNING in created:
        event = created[SUMSEL_SIGNING]
        _invite(event, [organisations[DISKOMINFO_SUMSEL]], users[KPK_MANAGER])
        for account in (SUMSEL_MANAGER, KPK_MANAGER):
            _register(event, users[account], result, checked_in=True)
    if SUMUT_TRAINING in created:
        event = created[SUMUT_TRAINING]
        sumut = organisations[DISKOMINFO_SUMUT]
        medan = organisations.get("Diskominfo Kota Medan")
        _invite(event, [org for org in (sumut, medan) if org is not None], users[KPK_STAFF])
        _register(event, users[SUMUT_OPERATOR], result)
    if MAKASSAR_BRIEFING in created:
        _briefing(created[MAKASSAR_BRIEFING], MAKASSAR_JOURNALISTS, users, result, held=False)
    if ONLINE_MEETING in created:
        event = created[ONLINE_MEETING]
        provinces = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE_DISKOMINFO)
        _invite(event, list(provinces), users[KPK_MANAGER])
        _register(event, users[SUMSEL_MANAGER], result)


def _at(day, moment: time, zone: str) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZoneInfo(zone))


def _event(spec: DemoEvent, today, organisations, users) -> Event:
    starts_at = _at(today + timedelta(days=spec.days_from_today), spec.start, spec.zone)
    agreement = Agreement.objects.filter(title=spec.agreement).first() if spec.agreement else None
    scope_item = (
        ScopeItem.objects.filter(agreement=agreement, area=ScopeItem.Area.EDUCATION).first()
        if agreement
        else None
    )
    event = Event.objects.create(
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        agreement=agreement,
        scope_item=scope_item,
        venue_name=spec.venue,
        venue_address=spec.address,
        venue_regency=Regency.objects.filter(code=spec.regency).first() if spec.regency else None,
        online_url=spec.online_url,
        time_zone=spec.zone,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=spec.hours),
        capacity=spec.capacity,
        registration_opens_at=starts_at - timedelta(days=30),
        registration_closes_at=starts_at - timedelta(hours=12),
        visibility=spec.visibility,
        status=spec.status,
        cancel_reason=spec.cancel_reason,
        created_by=users.get(spec.creator),
    )
    event.organisers.set([organisations[name] for name in spec.organisers])
    _history(event, spec, users)
    for title, offset, minutes, speakers in spec.agenda:
        session = Session.objects.create(
            event=event,
            title=title,
            starts_at=starts_at + timedelta(minutes=offset),
            ends_at=starts_at + timedelta(minutes=offset + minutes),
        )
        Speaker.objects.bulk_create(
            Speaker(session=session, name=name, position=position, institution=institution, order=n)
            for n, (name, position, institution) in enumerate(speakers)
        )
    return event


def _history(event: Event, spec: DemoEvent, users) -> None:
    """The entries the services would have written: made six weeks before, then its status."""
    creator = users.get(spec.creator)
    made = event.starts_at - timedelta(days=42)
    changes = diff(None, event, fields=["kind", "title", "venue_name", "starts_at", "ends_at"])
    changes["organisers"] = list(spec.organisers)
    log(event, ScheduleAction.CREATED, by=creator, changes=changes, at=made)
    if spec.status == Event.Status.DRAFT:
        return
    log(
        event,
        ScheduleAction.STATUS_CHANGED,
        by=creator,
        changes={"from": Event.Status.DRAFT, "to": Event.Status.PUBLISHED, "reason": ""},
        at=made + timedelta(days=2),
    )
    if spec.status == Event.Status.CANCELLED:
        log(
            event,
            ScheduleAction.STATUS_CHANGED,
            by=creator,
            changes={
                "from": Event.Status.PUBLISHED,
                "to": Event.Status.CANCELLED,
                "reason": spec.cancel_reason,
            },
            at=event.starts_at - timedelta(days=3),
        )


def _invite(event: Event, organisations, by) -> list[Invitation]:
    return Invitation.objects.bulk_create(
        Invitation(event=event, organisation=organisation, invited_by=by)
        for organisation in organisations
    )


def _register(event: Event, user, result, *, checked_in=False, source=Registration.Source.SELF):
    membership = user.memberships.select_related("organisation").first()
    registration = Registration.objects.create(
        event=event,
        user=user,
        organisation=membership.organisation if membership else None,
        name=user.get_full_name() or user.email,
        institution=membership.organisation.name if membership else "",
        position=getattr(user, "position", "") or "",
        email=user.email,
        source=source,
        status=Registration.Status.CONFIRMED,
        confirmed_at=event.starts_at - timedelta(days=10),
        checked_in_at=event.starts_at + timedelta(minutes=5) if checked_in else None,
    )
    result.created["event registrations"] += 1
    return registration


def _sumsel_training(event, regencies, users, organisations, result) -> None:
    """Every regency and city invited; all but one nominated two people, one declined."""
    kpk_staff, manager = users[KPK_STAFF], users[SUMSEL_MANAGER]
    invitations = _invite(event, regencies, kpk_staff)
    attendees = []
    for number, invitation in enumerate(invitations):
        if number == len(invitations) - 1:
            invitation.status = Invitation.Status.DECLINED
            invitation.decline_reason = "Bertepatan dengan peringatan hari jadi kabupaten."
        else:
            invitation.status = Invitation.Status.NOMINATED
        invitation.responded_by = manager
        invitation.responded_at = event.starts_at - timedelta(days=14)
    Invitation.objects.bulk_update(
        invitations, ["status", "decline_reason", "responded_by", "responded_at"]
    )
    for number, invitation in enumerate(invitations[:-1]):
        for offset in range(2):
            person = 2 * number + offset
            name = f"{FIRST_NAMES[person % 17]} {LAST_NAMES[(person * 3 + number) % 8]}"
            position = POSITIONS[person % len(POSITIONS)]
            attended = (number + offset) % 9 != 4  # a few did not come
            attendees.append(
                Registration(
                    event=event,
                    organisation=invitation.organisation,
                    name=name,
                    institution=invitation.organisation.name,
                    position=position,
                    source=Registration.Source.NOMINATED,
                    status=Registration.Status.CONFIRMED,
                    nominated_by=manager,
                    confirmed_at=event.starts_at - timedelta(days=14),
                    checked_in_at=event.starts_at + timedelta(minutes=10) if attended else None,
                    checked_in_by=kpk_staff if attended else None,
                )
            )
    Registration.objects.bulk_create(attendees)
    result.created["event registrations"] += len(attendees)
    _register(
        event,
        users[PALEMBANG_OPERATOR],
        result,
        checked_in=True,
        source=Registration.Source.NOMINATED,
    )
    Report.objects.create(
        event=event,
        summary="Pelatihan diikuti Diskominfo kabupaten/kota se-Sumatera Selatan. Peserta "
        "berlatih menulis berita antikorupsi dan membuat konten gambar serta video; banyak ide "
        "konten disampaikan dengan antusias. " + DEMO_NOTE,
        follow_ups="Produksi konten bersama KPK dan Diskominfo kabupaten/kota pada triwulan "
        "berikutnya; pelatihan lanjutan tentang video pendek.",
        outputs="12 berita tentang pelatihan dimuat media daring lokal.",
        written_by=kpk_staff,
    )
    checked_in = list(event.registrations.filter(checked_in_at__isnull=False).order_by("pk"))
    dates = timezone.localtime(event.starts_at, event.zone).strftime("%d-%m-%Y")
    organisers = ", ".join(event.organisers.values_list("name", flat=True))
    Certificate.objects.bulk_create(
        Certificate(
            registration=registration,
            name=registration.name,
            institution=registration.institution,
            event_title=event.title,
            event_dates=dates,
            organisers=organisers,
            issued_by=kpk_staff,
        )
        for registration in checked_in
    )
    Feedback.objects.bulk_create(
        Feedback(
            registration=registration,
            overall=5 - number % 2,
            content=5 - number % 3,
            speakers=4 + number % 2,
            organisation=4,
            comments="Materi video pendek sangat bermanfaat." if number % 4 == 0 else "",
        )
        for number, registration in enumerate(checked_in[:14])
    )


def _briefing(event, journalists, users, result, *, held: bool) -> None:
    """Journalists registered as guests through the public link; a full house waits in line."""
    registrations = []
    for number, (name, outlet, position) in enumerate(journalists):
        seated = event.capacity is None or number < event.capacity
        joined_line = event.starts_at - timedelta(days=4) + timedelta(minutes=number)
        handle = name.lower().replace(" ", ".")
        registrations.append(
            Registration(
                event=event,
                name=name,
                institution=outlet,
                position=position,
                email=f"{handle}@media.demo.sinergi.id",
                phone=f"08127{number:06d}",
                source=Registration.Source.GUEST,
                status=(
                    Registration.Status.CONFIRMED if seated else Registration.Status.WAITLISTED
                ),
                confirmed_at=event.starts_at - timedelta(days=5) if seated else None,
                waitlisted_at=None if seated else joined_line,
                checked_in_at=event.starts_at + timedelta(minutes=3) if held and seated else None,
                checked_in_by=users[KPK_STAFF] if held and seated else None,
            )
        )
    Registration.objects.bulk_create(registrations)
    result.created["event registrations"] += len(registrations)
    if held:
        Report.objects.create(
            event=event,
            summary="Media briefing bersama media di Palembang tentang modus tindak pidana "
            "korupsi yang ditangani KPK, jurnalisme data, dan pengawasan internal. " + DEMO_NOTE,
            follow_ups="Kelas jurnalisme data lanjutan bagi jurnalis Palembang.",
            written_by=users[KPK_STAFF],
        )
