"""Demo data of the agreements: the Sumsel MoU of the first news report with PKS under it in
every state, the Sumut MoU of the second still in negotiation, and agreements with Jambi and
Lampung, so the province overview shows every state of a partnership.

Only ``seed_demo`` (``dashboard.demo``) calls ``seed``, after the partner network's demo. Each
agreement is known by its title and created only if missing.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from audit.services import log
from partnerships.demo import (
    BIRO_HUMAS,
    DEMO_NOTE,
    DISKOMINFO_JAMBI,
    DISKOMINFO_LAMPUNG,
    DISKOMINFO_PALEMBANG,
    DISKOMINFO_SUMSEL,
    DISKOMINFO_SUMUT,
    PIKP,
    SeedResult,
)
from partnerships.models import Organisation

from .audit_actions import Action
from .models import (
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    ScopeItem,
    Signatory,
    Status,
    Target,
)

User = get_user_model()


# Agreements: the Sumsel MoU of the first news report with PKS under it in every state, and the
# Sumut MoU of the second, still in negotiation. Each is written in its final state with the
# history entries telling how it got there (the demo does not go through the services, so it
# sends no notifications); the data is what the services would accept: a KPK unit among the
# parties, a PKS inside its MoU's dates, every signed agreement with its scan, numbers and date.

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
KPK_STAFF = "kpk.staff@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"
SUMUT_MANAGER = "sumut.manager@demo.sinergi.id"
PALEMBANG_OPERATOR = "palembang.operator@demo.sinergi.id"
RADIO_AMPERA = "Radio Suara Ampera (demo)"

MOU_SUMSEL = (
    "Nota Kesepahaman tentang Koordinasi, Diseminasi dan Publikasi Materi Antikorupsi "
    "di Provinsi Sumatera Selatan"
)
PKS_SUMSEL_EXPIRING = (
    "Perjanjian Kerja Sama tentang Diseminasi Konten Antikorupsi melalui Kanal "
    "Diskominfo Sumatera Selatan"
)
PKS_TRAINING_2024 = (
    "Perjanjian Kerja Sama tentang Pelatihan Konten Kreatif Antikorupsi bagi "
    "Diskominfo Kabupaten/Kota se-Sumatera Selatan 2024-2025"
)
PKS_TRAINING_RENEWAL = (
    "Perjanjian Kerja Sama tentang Pelatihan Konten Kreatif Antikorupsi bagi "
    "Diskominfo Kabupaten/Kota se-Sumatera Selatan 2026-2027"
)
PKS_PALEMBANG_ILM = (
    "Perjanjian Kerja Sama tentang Produksi dan Penayangan Iklan Layanan Masyarakat "
    "Antikorupsi di Kota Palembang"
)
PKS_RADIO_TERMINATED = (
    'Perjanjian Kerja Sama tentang Talkshow Radio Antikorupsi "Suara Integritas" di '
    "Radio Suara Ampera"
)
MOU_SUMUT = (
    "Nota Kesepahaman tentang Diseminasi Isu Antikorupsi melalui Media Komunikasi "
    "Pemerintah Provinsi Sumatera Utara"
)

MOU_JAMBI = (
    "Nota Kesepahaman tentang Diseminasi Materi Antikorupsi melalui Kanal Pemerintah Provinsi Jambi"
)
MOU_LAMPUNG = "Nota Kesepahaman tentang Publikasi dan Sosialisasi Antikorupsi di Provinsi Lampung"

MOU_SUMSEL_SIGNED = date(2024, 5, 30)
MOU_SUMSEL_ENDS = date(2029, 5, 29)

Area = ScopeItem.Area
Metric = Target.Metric
Period = Target.Period


@dataclass(frozen=True)
class DemoScope:
    area: str
    description: str
    # (what is counted, how many, per which period, label, achieved so far)
    targets: tuple[tuple[str, int, str, str, int | None], ...] = ()


@dataclass(frozen=True)
class DemoAgreement:
    title: str
    kind: str
    owner: str
    created: tuple[datetime, str]  # (when, who)
    # (organisation name, its own document number)
    parties: tuple[tuple[str, str], ...]
    summary: str = ""
    parent: str | None = None  # the MoU's title
    predecessor: str | None = None  # the renewed agreement's title
    # (organisation name, name, position)
    signatories: tuple[tuple[str, str, str], ...] = ()
    signing_place: str = ""
    signed_on: date | None = None
    effective_on: date | None = None
    ends_on: date | None = None
    scope: tuple[DemoScope, ...] = ()
    # The status changes, in order: (when, who, new status, reason); who None is the system.
    steps: tuple[tuple[datetime, str | None, str, str], ...] = ()
    # (kind, file name, note, uploaded by, when)
    documents: tuple[tuple[str, str, str, str, datetime], ...] = ()
    # (author, text, when)
    comments: tuple[tuple[str, str, datetime], ...] = ()

    @property
    def status(self) -> str:
        return self.steps[-1][2] if self.steps else Status.DRAFT


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def demo_agreements(today: date) -> tuple[DemoAgreement, ...]:
    """The demo agreements, oldest first (a parent or predecessor comes before its children).

    Their past is fixed; what must look current (the expiring PKS, the drafts being discussed)
    is dated from ``today``.
    """

    def ago(days: int, hour: int = 10) -> datetime:
        return at(today - timedelta(days=days), hour)

    # The expiring PKS ends in 60 days; the PKS being signed starts on the first of a month
    # about a month from now and runs two years; neither outlives the MoU.
    expiring_end = min(today + timedelta(days=60), MOU_SUMSEL_ENDS)
    month_ahead = today + timedelta(days=31)
    starts = date(month_ahead.year, month_ahead.month, 1)
    ends = min(date(starts.year + 2, starts.month, 1) - timedelta(days=1), MOU_SUMSEL_ENDS)
    year = today.year

    kpk_head = (BIRO_HUMAS, "Ahmad Fauzan", "Kepala Biro Hubungan Masyarakat KPK")
    sumsel_head = (
        DISKOMINFO_SUMSEL,
        "Rina Marlina",
        "Kepala Dinas Komunikasi dan Informatika Provinsi Sumatera Selatan",
    )
    kpk_pks = (BIRO_HUMAS, "Ratna Kusumawati", "Kepala Bagian Pemberitaan")
    sumsel_pks = (
        DISKOMINFO_SUMSEL,
        "Sari Wulandari",
        "Kepala Bidang Informasi dan Komunikasi Publik",
    )
    training_scope = (
        DemoScope(
            Area.EDUCATION,
            "Pelatihan penulisan berita dan produksi konten kreatif antikorupsi (teks, gambar, "
            "video) bagi Diskominfo 17 kabupaten/kota se-Sumatera Selatan.",
            (
                (Metric.TRAININGS_HELD, 2, Period.YEAR, "", None),
                (Metric.PARTICIPANTS_TRAINED, 51, Period.TERM, "", None),
            ),
        ),
        DemoScope(
            Area.DISSEMINATION,
            "Media briefing KPK bersama media di Palembang tentang modus tindak pidana korupsi.",
            ((Metric.MEDIA_BRIEFINGS_HELD, 1, Period.YEAR, "", None),),
        ),
    )
    return (
        DemoAgreement(
            MOU_LAMPUNG,
            Agreement.Kind.MOU,
            KPK_STAFF,
            (at(date(2022, 2, 7)), KPK_STAFF),
            ((BIRO_HUMAS, "NK-04/HM.01/50-55/03/2022"), (DISKOMINFO_LAMPUNG, "045/311/V.14/2022")),
            summary="Publikasi dan sosialisasi antikorupsi di kanal Pemerintah Provinsi Lampung. "
            + DEMO_NOTE,
            signatories=(
                kpk_head,
                (
                    DISKOMINFO_LAMPUNG,
                    "Wahyu Hidayat",
                    "Kepala Dinas Komunikasi, Informatika dan Statistik Provinsi Lampung",
                ),
            ),
            signing_place="Bandar Lampung",
            signed_on=date(2022, 3, 15),
            effective_on=date(2022, 3, 15),
            ends_on=date(2025, 3, 14),
            scope=(
                DemoScope(
                    Area.DISSEMINATION,
                    "Konten antikorupsi KPK dimuat di media sosial Pemerintah Provinsi Lampung.",
                    ((Metric.KPK_CONTENT_PUBLISHED, 12, Period.YEAR, "", None),),
                ),
            ),
            steps=(
                (at(date(2022, 2, 14)), KPK_STAFF, Status.NEGOTIATION, ""),
                (at(date(2022, 3, 8)), KPK_MANAGER, Status.READY, ""),
                (at(date(2022, 3, 15), 15), KPK_MANAGER, Status.ACTIVE, ""),
                (at(date(2025, 3, 15), 1), None, Status.EXPIRED, ""),
            ),
            documents=(
                (
                    "signed",
                    "NK KPK - Diskominfo Lampung (ditandatangani).pdf",
                    "",
                    KPK_STAFF,
                    at(date(2022, 3, 15), 14),
                ),
            ),
        ),
        DemoAgreement(
            MOU_JAMBI,
            Agreement.Kind.MOU,
            KPK_STAFF,
            (at(date(2023, 1, 16)), KPK_STAFF),
            (
                (BIRO_HUMAS, "NK-02/HM.01/50-55/02/2023"),
                (DISKOMINFO_JAMBI, "555/142/DISKOMINFO/2023"),
            ),
            summary="Diseminasi materi antikorupsi melalui media sosial, radio dan videotron "
            "Pemerintah Provinsi Jambi. " + DEMO_NOTE,
            signatories=(
                kpk_head,
                (
                    DISKOMINFO_JAMBI,
                    "Nurhayati Lubis",
                    "Kepala Dinas Komunikasi dan Informatika Provinsi Jambi",
                ),
            ),
            signing_place="Jambi",
            signed_on=date(2023, 2, 20),
            effective_on=date(2023, 2, 20),
            ends_on=today + timedelta(days=25),
            scope=(
                DemoScope(
                    Area.DISSEMINATION,
                    "Konten antikorupsi KPK dimuat di kanal Diskominfo Provinsi Jambi.",
                    ((Metric.KPK_CONTENT_PUBLISHED, 12, Period.YEAR, "", None),),
                ),
                DemoScope(
                    Area.EDUCATION,
                    "Pelatihan penulisan berita antikorupsi bagi pranata humas.",
                    ((Metric.TRAININGS_HELD, 1, Period.YEAR, "", None),),
                ),
            ),
            steps=(
                (at(date(2023, 1, 23)), KPK_STAFF, Status.NEGOTIATION, ""),
                (at(date(2023, 2, 13)), KPK_MANAGER, Status.READY, ""),
                (at(date(2023, 2, 20), 15), KPK_MANAGER, Status.ACTIVE, ""),
            ),
            documents=(
                (
                    "signed",
                    "NK KPK - Diskominfo Jambi (ditandatangani).pdf",
                    "",
                    KPK_STAFF,
                    at(date(2023, 2, 20), 14),
                ),
            ),
        ),
        DemoAgreement(
            MOU_SUMSEL,
            Agreement.Kind.MOU,
            KPK_STAFF,
            (at(date(2024, 4, 16)), KPK_STAFF),
            ((BIRO_HUMAS, "NK-07/HM.01/50-55/05/2024"), (DISKOMINFO_SUMSEL, "045/0987/DKI/2024")),
            summary="Koordinasi, diseminasi dan publikasi materi antikorupsi sebagai upaya "
            "pencegahan dan pemberantasan korupsi di wilayah Sumatera Selatan, melalui edukasi, "
            "pertukaran data dan informasi, serta produksi bersama materi dan publikasi. "
            + DEMO_NOTE,
            signatories=(kpk_head, sumsel_head),
            signing_place="Palembang",
            signed_on=MOU_SUMSEL_SIGNED,
            effective_on=MOU_SUMSEL_SIGNED,
            ends_on=MOU_SUMSEL_ENDS,
            scope=(
                DemoScope(
                    Area.COORDINATION,
                    "Rapat koordinasi berkala untuk merencanakan kampanye antikorupsi bersama.",
                    ((Metric.MANUAL, 2, Period.YEAR, "Rapat koordinasi", 1),),
                ),
                DemoScope(
                    Area.DISSEMINATION,
                    "Konten antikorupsi KPK dimuat di media sosial, portal berita dan videotron "
                    "Diskominfo Sumatera Selatan.",
                    ((Metric.KPK_CONTENT_PUBLISHED, 24, Period.YEAR, "", None),),
                ),
                DemoScope(
                    Area.EDUCATION,
                    "Pelatihan bagi Diskominfo kabupaten/kota se-Sumatera Selatan dan media "
                    "briefing bersama media di Palembang.",
                    (
                        (Metric.TRAININGS_HELD, 2, Period.YEAR, "", None),
                        (Metric.MEDIA_BRIEFINGS_HELD, 1, Period.YEAR, "", None),
                    ),
                ),
                DemoScope(
                    Area.DATA_EXCHANGE,
                    "Pertukaran data dan informasi kinerja pencegahan dan pemberantasan korupsi "
                    "sebagai bahan publikasi.",
                ),
                DemoScope(
                    Area.JOINT_PRODUCTION,
                    "Produksi bersama materi dan publikasi antikorupsi, termasuk iklan layanan "
                    "masyarakat.",
                    ((Metric.JOINT_PRODUCTIONS, 4, Period.YEAR, "", None),),
                ),
            ),
            steps=(
                (at(date(2024, 4, 25)), KPK_STAFF, Status.NEGOTIATION, ""),
                (at(date(2024, 5, 21)), KPK_MANAGER, Status.READY, ""),
                (at(MOU_SUMSEL_SIGNED, 15), KPK_MANAGER, Status.ACTIVE, ""),
            ),
            documents=(
                (
                    "draft",
                    "Draf NK KPK - Diskominfo Sumsel.pdf",
                    "Draf pertama untuk dibahas bersama.",
                    KPK_STAFF,
                    at(date(2024, 4, 25), 9),
                ),
                (
                    "signed",
                    "NK KPK - Diskominfo Sumsel (ditandatangani).pdf",
                    "Ditandatangani di Palembang, 30 Mei 2024.",
                    KPK_STAFF,
                    at(MOU_SUMSEL_SIGNED, 14),
                ),
            ),
        ),
        DemoAgreement(
            PKS_SUMSEL_EXPIRING,
            Agreement.Kind.PKS,
            KPK_STAFF,
            (at(date(2024, 6, 10)), KPK_STAFF),
            ((BIRO_HUMAS, "PKS-19/HM.01/50-55/07/2024"), (DISKOMINFO_SUMSEL, "045/1311/DKI/2024")),
            summary="Diskominfo Sumatera Selatan memuat konten antikorupsi KPK di kanal "
            "miliknya; KPK menyediakan materi dan narasumber. " + DEMO_NOTE,
            parent=MOU_SUMSEL,
            signatories=(kpk_pks, sumsel_pks),
            signing_place="Jakarta",
            signed_on=date(2024, 7, 1),
            effective_on=date(2024, 7, 1),
            ends_on=expiring_end,
            scope=(
                DemoScope(
                    Area.DISSEMINATION,
                    "Konten antikorupsi KPK dimuat di Instagram, Facebook, YouTube dan portal "
                    "berita Diskominfo Sumatera Selatan.",
                    ((Metric.KPK_CONTENT_PUBLISHED, 6, Period.QUARTER, "", None),),
                ),
                DemoScope(
                    Area.MEDIA_SHARING,
                    "Iklan layanan masyarakat KPK ditayangkan di Videotron Simpang Lima DPRD.",
                    ((Metric.MANUAL, 30, Period.QUARTER, "Hari tayang di videotron", 18),),
                ),
                DemoScope(
                    Area.EDUCATION,
                    "Pelatihan konten kreatif antikorupsi bagi Diskominfo kabupaten/kota "
                    "se-Sumatera Selatan dan media briefing bersama media di Palembang.",
                    (
                        (Metric.TRAININGS_HELD, 2, Period.YEAR, "", None),
                        (Metric.PARTICIPANTS_TRAINED, 51, Period.TERM, "", None),
                        (Metric.MEDIA_BRIEFINGS_HELD, 1, Period.YEAR, "", None),
                    ),
                ),
            ),
            steps=(
                (at(date(2024, 6, 12)), KPK_STAFF, Status.NEGOTIATION, ""),
                (at(date(2024, 6, 26)), KPK_MANAGER, Status.READY, ""),
                (at(date(2024, 7, 1), 15), KPK_MANAGER, Status.ACTIVE, ""),
            ),
            documents=(
                (
                    "signed",
                    "PKS Diseminasi Sumsel (ditandatangani).pdf",
                    "",
                    KPK_STAFF,
                    at(date(2024, 7, 1), 14),
                ),
            ),
        ),
        DemoAgreement(
            PKS_TRAINING_2024,
            Agreement.Kind.PKS,
            KPK_STAFF,
            (at(date(2024, 6, 3)), KPK_STAFF),
            ((BIRO_HUMAS, "PKS-16/HM.01/50-55/06/2024"), (DISKOMINFO_SUMSEL, "045/1102/DKI/2024")),
            summary="Pelatihan dan media briefing setelah penandatanganan nota kesepahaman. "
            + DEMO_NOTE,
            parent=MOU_SUMSEL,
            signatories=(kpk_pks, sumsel_pks),
            signing_place="Palembang",
            signed_on=date(2024, 6, 17),
            effective_on=date(2024, 6, 17),
            ends_on=date(2025, 6, 16),
            scope=training_scope,
            steps=(
                (at(date(2024, 6, 5)), KPK_STAFF, Status.NEGOTIATION, ""),
                (at(date(2024, 6, 14)), KPK_MANAGER, Status.READY, ""),
                (at(date(2024, 6, 17), 15), KPK_MANAGER, Status.ACTIVE, ""),
                (at(date(2025, 6, 17), 1), None, Status.EXPIRED, ""),
            ),
            documents=(
                (
                    "signed",
                    "PKS Pelatihan Sumsel 2024 (ditandatangani).pdf",
                    "",
                    KPK_STAFF,
                    at(date(2024, 6, 17), 14),
                ),
            ),
        ),
        DemoAgreement(
            PKS_TRAINING_RENEWAL,
            Agreement.Kind.PKS,
            KPK_STAFF,
            (ago(12), KPK_STAFF),
            ((BIRO_HUMAS, ""), (DISKOMINFO_SUMSEL, "")),
            summary="Lanjutan pelatihan 2024-2025, dengan peserta dari media di Palembang. "
            + DEMO_NOTE,
            parent=MOU_SUMSEL,
            predecessor=PKS_TRAINING_2024,
            signatories=(kpk_pks, sumsel_pks),
            signing_place="Palembang",
            scope=training_scope,
            comments=(
                (
                    SUMSEL_MANAGER,
                    "Untuk periode ini kami usulkan peserta juga dari media di Palembang, "
                    "seperti pada media briefing 2024.",
                    ago(5),
                ),
            ),
        ),
        DemoAgreement(
            PKS_PALEMBANG_ILM,
            Agreement.Kind.PKS,
            KPK_STAFF,
            (ago(70), KPK_STAFF),
            (
                (BIRO_HUMAS, f"PKS-41/HM.01/50-55/{year}"),
                (DISKOMINFO_SUMSEL, f"045/2210/DKI/{year}"),
                (DISKOMINFO_PALEMBANG, ""),
            ),
            summary="Dua iklan layanan masyarakat antikorupsi setahun, diproduksi bersama dan "
            "ditayangkan di kanal Diskominfo Kota Palembang. " + DEMO_NOTE,
            parent=MOU_SUMSEL,
            signatories=(
                kpk_pks,
                sumsel_pks,
                (
                    DISKOMINFO_PALEMBANG,
                    "Yusuf Effendi",
                    "Kepala Dinas Komunikasi dan Informatika Kota Palembang",
                ),
            ),
            signing_place="Palembang",
            effective_on=starts,
            ends_on=ends,
            scope=(
                DemoScope(
                    Area.JOINT_PRODUCTION,
                    "Produksi bersama iklan layanan masyarakat antikorupsi berdurasi 60 detik.",
                    ((Metric.JOINT_PRODUCTIONS, 2, Period.YEAR, "", None),),
                ),
                DemoScope(
                    Area.MEDIA_SHARING,
                    "Penayangan di media sosial dan portal Diskominfo Kota Palembang.",
                    ((Metric.KPK_CONTENT_PUBLISHED, 4, Period.QUARTER, "", None),),
                ),
            ),
            steps=(
                (ago(63), KPK_STAFF, Status.NEGOTIATION, ""),
                (ago(9), KPK_MANAGER, Status.READY, ""),
            ),
            documents=(
                ("draft", "Draf PKS ILM Palembang v1.pdf", "", KPK_STAFF, ago(63, 9)),
                (
                    "draft",
                    "Draf PKS ILM Palembang v2.pdf",
                    "Versi akhir setelah masukan Diskominfo Kota Palembang.",
                    KPK_STAFF,
                    ago(20),
                ),
            ),
            comments=(
                (
                    PALEMBANG_OPERATOR,
                    "Mohon jadwal produksi ILM disesuaikan dengan kalender kegiatan Pemkot; "
                    "Mei dan Oktober paling memungkinkan.",
                    ago(40),
                ),
                (
                    KPK_STAFF,
                    "Baik, jadwal Mei dan Oktober sudah kami masukkan ke draf versi 2.",
                    ago(20, 11),
                ),
            ),
        ),
        DemoAgreement(
            PKS_RADIO_TERMINATED,
            Agreement.Kind.PKS,
            KPK_STAFF,
            (at(date(2024, 7, 15)), KPK_STAFF),
            (
                (BIRO_HUMAS, "PKS-27/HM.01/50-55/08/2024"),
                (DISKOMINFO_SUMSEL, "045/1520/DKI/2024"),
                (RADIO_AMPERA, "012/SA-FM/VIII/2024"),
            ),
            summary="Talkshow antikorupsi bulanan selama 60 menit di Suara Ampera 98,7 FM. "
            + DEMO_NOTE,
            parent=MOU_SUMSEL,
            signatories=(
                kpk_pks,
                sumsel_pks,
                (RADIO_AMPERA, "Bambang Sutrisno", "Direktur Radio Suara Ampera"),
            ),
            signing_place="Palembang",
            signed_on=date(2024, 8, 5),
            effective_on=date(2024, 8, 5),
            ends_on=date(2026, 8, 4),
            scope=(
                DemoScope(
                    Area.DISSEMINATION,
                    "Talkshow bulanan dengan narasumber KPK dan Inspektorat Provinsi.",
                    ((Metric.MANUAL, 12, Period.YEAR, "Episode talkshow", 7),),
                ),
            ),
            steps=(
                (at(date(2024, 7, 18)), KPK_STAFF, Status.NEGOTIATION, ""),
                (at(date(2024, 7, 30)), KPK_MANAGER, Status.READY, ""),
                (at(date(2024, 8, 5), 15), KPK_MANAGER, Status.ACTIVE, ""),
                (
                    at(date(2025, 9, 15)),
                    KPK_MANAGER,
                    Status.TERMINATED,
                    "Radio Suara Ampera menghentikan program bincang-bincang pemerintahan sejak "
                    "Agustus 2025; para pihak sepakat mengakhiri kerja sama lebih awal melalui "
                    "surat bersama tanggal 12 September 2025.",
                ),
            ),
            documents=(
                (
                    "signed",
                    "PKS Talkshow Suara Ampera (ditandatangani).pdf",
                    "",
                    KPK_STAFF,
                    at(date(2024, 8, 5), 14),
                ),
            ),
        ),
        DemoAgreement(
            MOU_SUMUT,
            Agreement.Kind.MOU,
            KPK_STAFF,
            (ago(45), KPK_STAFF),
            ((PIKP, ""), (DISKOMINFO_SUMUT, "")),
            summary="Berbagi informasi, berbagi media komunikasi dan produksi bersama iklan "
            "layanan masyarakat: KPK menitipkan kontennya di media sosial dan kanal Diskominfo "
            "Sumatera Utara serta puluhan perusahaan pers terverifikasi mitranya. " + DEMO_NOTE,
            signatories=(
                (
                    PIKP,
                    "Chandra Wibisono",
                    "Kepala Bagian Pelayanan Informasi dan Komunikasi Publik KPK",
                ),
                (
                    DISKOMINFO_SUMUT,
                    "Hotman Siregar",
                    "Kepala Dinas Komunikasi dan Informatika Provinsi Sumatera Utara",
                ),
            ),
            signing_place="Medan",
            scope=(
                DemoScope(
                    Area.DATA_EXCHANGE,
                    "Berbagi informasi tentang isu dan kegiatan pencegahan korupsi.",
                ),
                DemoScope(
                    Area.MEDIA_SHARING,
                    'KPK "menitipkan" kontennya di media sosial dan media komunikasi Diskominfo '
                    "Sumatera Utara, internal maupun eksternal.",
                    ((Metric.KPK_CONTENT_PUBLISHED, 12, Period.QUARTER, "", None),),
                ),
                DemoScope(
                    Area.JOINT_PRODUCTION,
                    "Produksi bersama konten iklan layanan masyarakat antikorupsi.",
                    ((Metric.JOINT_PRODUCTIONS, 2, Period.YEAR, "", None),),
                ),
            ),
            steps=((ago(40), KPK_STAFF, Status.NEGOTIATION, ""),),
            documents=(
                ("draft", "Draf NK KPK - Diskominfo Sumut v1.pdf", "", KPK_STAFF, ago(40, 9)),
                (
                    "draft",
                    "Draf NK KPK - Diskominfo Sumut v2.pdf",
                    "Memuat target dan rujukan UU Keterbukaan Informasi Publik.",
                    KPK_STAFF,
                    ago(6),
                ),
            ),
            comments=(
                (
                    KPK_STAFF,
                    "Draf pertama sudah kami unggah, mengikuti hasil pertemuan di Aula "
                    "Transparansi. Mohon masukan untuk ruang lingkup berbagi media komunikasi.",
                    ago(39),
                ),
                (
                    SUMUT_MANAGER,
                    "Terima kasih. Kami usulkan 12 konten KPK per triwulan di kanal kami dan dua "
                    "ILM bersama setiap tahun. Pasal pertukaran informasi perlu menyebut "
                    "informasi yang dikecualikan menurut UU KIP.",
                    ago(30),
                ),
                (
                    KPK_STAFF,
                    "Setuju. Draf versi 2 sudah memuat kedua target dan rujukan ke UU KIP.",
                    ago(6, 11),
                ),
                (
                    KPK_MANAGER,
                    "Setelah Biro Hukum selesai menelaah versi 2, kita tetapkan siap "
                    "ditandatangani.",
                    ago(3),
                ),
                (
                    SUMUT_MANAGER,
                    "Baik. Penandatanganan di Medan dapat kami siapkan setelah itu.",
                    ago(1),
                ),
            ),
        ),
    )


def seed(result: SeedResult) -> None:
    """Create each demo agreement that is missing (known by its title), with everything in it.

    The history summarises parties and scope in Indonesian, as a demo user's request would.
    """
    result.created["agreements"] += 0
    result.created["agreement documents"] += 0
    with translation.override("id"):
        _seed_agreements(result)


def _seed_agreements(result: SeedResult) -> None:
    today = timezone.localdate()
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.sinergi.id")}
    organisations = {}
    agreements = {}
    for spec in demo_agreements(today):
        existing = Agreement.objects.filter(title=spec.title).first()
        if existing is not None:
            agreements[spec.title] = existing
            continue
        for name, _number in spec.parties:
            if name not in organisations:
                organisations[name] = Organisation.objects.get(name=name)
        agreements[spec.title] = _agreement(spec, agreements, organisations, users, result)


def _agreement(spec: DemoAgreement, agreements, organisations, users, result) -> Agreement:
    created_at, creator = spec.created
    predecessor = agreements.get(spec.predecessor)
    if predecessor is not None and Agreement.objects.filter(predecessor=predecessor).exists():
        predecessor = None  # renewed already, under another title
    agreement = Agreement(
        kind=spec.kind,
        parent=agreements.get(spec.parent),
        predecessor=predecessor,
        title=spec.title,
        summary=spec.summary,
        status=spec.status,
        signing_place=spec.signing_place,
        signed_on=spec.signed_on,
        effective_on=spec.effective_on,
        ends_on=spec.ends_on,
        termination_reason=spec.steps[-1][3] if spec.status == Status.TERMINATED else "",
        owner=users[spec.owner],
    )
    agreement.full_clean()
    agreement.save()
    result.created["agreements"] += 1
    for position, (name, number) in enumerate(spec.parties):
        AgreementParty.objects.create(
            agreement=agreement,
            organisation=organisations[name],
            document_number=number,
            position=position,
        )
    for name, person, position in spec.signatories:
        Signatory.objects.create(
            agreement=agreement, organisation=organisations[name], name=person, position=position
        )
    for scope in spec.scope:
        item = ScopeItem.objects.create(
            agreement=agreement, area=scope.area, description=scope.description
        )
        for metric, quantity, period, label, achieved in scope.targets:
            Target.objects.create(
                scope_item=item,
                metric=metric,
                quantity=quantity,
                period=period,
                label=label,
                manual_value=achieved,
            )
    events = _story(spec, agreement, predecessor, organisations)
    versions: dict[str, int] = {}
    for kind, name, note, uploader, when in spec.documents:
        versions[kind] = versions.get(kind, 0) + 1
        document = _document(agreement, kind, versions[kind], name, note, users[uploader])
        AgreementDocument.objects.filter(pk=document.pk).update(uploaded_at=when)
        result.created["agreement documents"] += 1
        changes = {"document": document.pk, "kind": kind, "version": document.version}
        events.append((when, uploader, Action.DOCUMENT_UPLOADED, {**changes, "name": name}))
    for author, body, when in spec.comments:
        comment = AgreementComment.objects.create(
            agreement=agreement, author=users[author], body=body
        )
        AgreementComment.objects.filter(pk=comment.pk).update(created_at=when)
        events.append((when, author, Action.COMMENTED, {"comment": comment.pk}))
    events.sort(key=lambda event: event[0])
    # The story goes into the audit trail as it happened; entries keep the demo's dates.
    for when, who, action, changes in events:
        log(agreement, action, by=users[who] if who else None, changes=changes, at=when)
    if predecessor is not None:
        log(
            predecessor,
            Action.RENEWED,
            by=users[creator],
            changes={"successor": agreement.pk},
            at=created_at,
        )
    Agreement.objects.filter(pk=agreement.pk).update(
        created_at=created_at, updated_at=events[-1][0]
    )
    return agreement


def _story(spec: DemoAgreement, agreement, predecessor, organisations) -> list[tuple]:
    """The history entries of the details, parties, scope and status, as the services write
    them: (when, who, action, changes)."""
    created_at, creator = spec.created
    minute = timedelta(minutes=1)
    events = []
    if predecessor is not None:
        # A renewal starts as a copy of its predecessor; only the title changed since.
        events.append((created_at, creator, Action.RENEWED, {"predecessor": predecessor.pk}))
        if spec.title != predecessor.title:
            changes = {"title": [predecessor.title, spec.title]}
            events.append((created_at + minute, creator, Action.DETAILS_CHANGED, changes))
    else:
        parties = _parties_summary(spec, organisations, numbers=False)
        events.append((created_at, creator, Action.CREATED, {"parties": [None, parties]}))
        if spec.signatories:
            signatories = "; ".join(
                f"{name}, {position} ({organisations[organisation].display_name})"
                for organisation, name, position in spec.signatories
            )
            changes = {"signatories": ["", signatories]}
            events.append((created_at + minute, creator, Action.SIGNATORIES_CHANGED, changes))
        if spec.scope:
            changes = {"scope": ["", _scope_summary(spec.scope)]}
            events.append((created_at + 2 * minute, creator, Action.SCOPE_CHANGED, changes))
    # The numbers are entered just before signing, or before the draft is declared ready.
    numbers_entered = Status.ACTIVE if spec.signed_on else Status.READY
    status = Status.DRAFT
    for when, who, to, reason in spec.steps:
        if to == numbers_entered and any(number for _name, number in spec.parties):
            before = _parties_summary(spec, organisations, numbers=False)
            after = _parties_summary(spec, organisations, numbers=True)
            changes = {"parties": [before, after]}
            events.append((when - 30 * minute, who, Action.PARTIES_CHANGED, changes))
        if to == Status.ACTIVE:
            changes = {"signed_on": [None, str(spec.signed_on)]}
            events.append((when - 20 * minute, who, Action.DETAILS_CHANGED, changes))
        changes = {"from": status, "to": to, "reason": reason}
        events.append((when, who, Action.STATUS_CHANGED, changes))
        status = to
    return events


def _parties_summary(spec: DemoAgreement, organisations, *, numbers: bool) -> str:
    return "; ".join(
        f"{organisations[name].display_name} ({(number if numbers else '') or '—'})"
        for name, number in spec.parties
    )


def _scope_summary(scope: tuple[DemoScope, ...]) -> str:
    lines = []
    for item in scope:
        area = ScopeItem.Area(item.area).label
        line = f"{area}: {item.description}" if item.description else str(area)
        targets = ", ".join(
            f"{quantity} {label or Target.Metric(metric).label} {Target.Period(period).label}"
            for metric, quantity, period, label, _achieved in item.targets
        )
        lines.append(f"{line} [{targets}]" if targets else line)
    return "; ".join(lines)


def _document(agreement, kind, version, name, note, uploader) -> AgreementDocument:
    """A one-page PDF standing for the draft or the signed scan, in the private storage."""
    label = (
        "Pindaian naskah yang telah ditandatangani" if kind == "signed" else f"Draf versi {version}"
    )
    content = demo_pdf(
        "SINERGI - DOKUMEN DEMO",
        agreement.title,
        label,
        DEMO_NOTE,
    )
    document = AgreementDocument(
        agreement=agreement,
        kind=kind,
        version=version,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        note=note,
        uploaded_by=uploader,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def demo_pdf(*lines: str) -> bytes:
    """A minimal valid one-page A4 PDF showing ``lines`` in Helvetica (long lines wrapped)."""
    wrapped = []
    for line in lines:
        words, current = line.split(), ""
        for word in words:
            if current and len(current) + 1 + len(word) > 80:
                wrapped.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        wrapped.append(current)
    text = " T* ".join(f"({_pdf_string(line)}) Tj" for line in wrapped)
    stream = f"BT /F1 11 Tf 16 TL 56 780 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def _pdf_string(line: str) -> str:
    line = line.encode("latin-1", "replace").decode("latin-1")
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
