"""Demo data of the content library and its dissemination: KPK's public service ad and
infographic entrusted ("dititipkan") to the Sumsel and Sumut Diskominfo and their regencies, with
requests in every state (new, accepted, scheduled for tomorrow morning, declined, overdue,
published, verified, forwarded to a press partner), proofs with reach reported over time,
partner and joint content at every step of review, and a correction partners are still
confirming.

Only ``seed_demo`` (``dashboard.demo``) calls ``seed``, after the agreements' demo. Rows are
written in their final state, as the services would leave them (the demo sends no
notifications); each item is known by its title and created only if missing, so a second run
writes nothing. Dates are counted from the day it runs, so "overdue" and "due soon" look current.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from PIL import Image, ImageDraw, ImageFont

from agreements.demo import PKS_SUMSEL_EXPIRING
from agreements.models import Agreement, ScopeItem
from audit.services import log
from common import images
from partnerships.demo import (
    BIRO_HUMAS,
    DEMO_NOTE,
    DISKOMINFO_PALEMBANG,
    DISKOMINFO_SUMSEL,
    DISKOMINFO_SUMUT,
    SeedResult,
)
from partnerships.models import Channel, Organisation

from . import services
from .audit_actions import Action
from .models import (
    Asset,
    Caption,
    ContentItem,
    Dispatch,
    ItemComment,
    ItemVersion,
    Notice,
    NoticeConfirmation,
    Proof,
    ReachReport,
    Request,
    Theme,
)

User = get_user_model()

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
KPK_STAFF = "kpk.staff@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"
SUMSEL_OPERATOR = "sumsel.operator@demo.sinergi.id"
SUMUT_MANAGER = "sumut.manager@demo.sinergi.id"
SUMUT_OPERATOR = "sumut.operator@demo.sinergi.id"
PALEMBANG_OPERATOR = "palembang.operator@demo.sinergi.id"
MEDAN_KINI = "Medan Kini (demo)"

ILM = "ILM Berani Jujur Hebat: Tolak Gratifikasi"
INFOGRAPHIC = "Infografis: Kenali Gratifikasi dan Cara Melaporkannya"
PRESS_RELEASE = "Siaran Pers: KPK dan Diskominfo Sumsel Perkuat Diseminasi Antikorupsi"
PALEMBANG_VIDEO = "Video Sosialisasi Pelayanan Publik Bebas Pungli Kota Palembang"
SUMUT_POSTER = "Poster Ayo Lapor LHKPN Tepat Waktu"
JOINT_ILM = "ILM Bersama KPK dan Diskominfo Sumut: Pengadaan Bersih"
KPK_DRAFT = "Draf Infografis Benturan Kepentingan"
OLD_ITEM = "Infografis Hari Antikorupsi Sedunia 2025"

K = Channel.Kind
ST = Request.Status


@dataclass(frozen=True)
class DemoItem:
    title: str
    kind: str
    origin: str
    owner: str
    creator: str
    status: str
    themes: tuple[str, ...]
    description: str
    captions: dict
    poster: tuple[str, str] | None = None  # (background colour, headline) of its image
    video_link: str = ""
    is_public: bool = False
    co_producers: tuple[str, ...] = ()
    agreement: str = ""
    created_days_ago: int = 30


def demo_items() -> tuple[DemoItem, ...]:
    return (
        DemoItem(
            ILM,
            ContentItem.Kind.PUBLIC_SERVICE_AD,
            ContentItem.Origin.KPK,
            BIRO_HUMAS,
            KPK_STAFF,
            ContentItem.Status.APPROVED,
            ("gratifikasi", "integritas"),
            "Iklan layanan masyarakat 30 detik: seorang pegawai menolak bingkisan dari rekanan "
            "dan melaporkannya ke KPK. " + DEMO_NOTE,
            {
                K.INSTAGRAM: "Berani jujur itu hebat. Tolak gratifikasi, laporkan ke KPK "
                "melalui gol.kpk.go.id. #BeraniJujurHebat #TolakGratifikasi",
                K.FACEBOOK: "Menerima hadiah dari rekanan? Tolak dan laporkan. Berani jujur "
                "itu hebat! #BeraniJujurHebat",
                K.X: "Tolak gratifikasi, laporkan ke KPK. #BeraniJujurHebat",
            },
            poster=("#8b0000", "BERANI JUJUR HEBAT"),
            video_link="https://www.youtube.com/watch?v=demo-kpk-ilm",
            is_public=True,
            agreement=PKS_SUMSEL_EXPIRING,
            created_days_ago=40,
        ),
        DemoItem(
            INFOGRAPHIC,
            ContentItem.Kind.IMAGE,
            ContentItem.Origin.KPK,
            BIRO_HUMAS,
            KPK_MANAGER,
            ContentItem.Status.APPROVED,
            ("gratifikasi", "whistleblowing"),
            "Apa itu gratifikasi, kapan wajib dilaporkan, dan bagaimana melaporkannya dalam 30 "
            "hari kerja. " + DEMO_NOTE,
            {K.INSTAGRAM: "Kenali gratifikasi dan laporkan dalam 30 hari kerja. #KPK"},
            poster=("#0b5394", "KENALI GRATIFIKASI"),
            is_public=True,
            created_days_ago=20,
        ),
        DemoItem(
            PRESS_RELEASE,
            ContentItem.Kind.ARTICLE,
            ContentItem.Origin.KPK,
            BIRO_HUMAS,
            KPK_STAFF,
            ContentItem.Status.APPROVED,
            ("pencegahan-korupsi",),
            "KPK dan Diskominfo Provinsi Sumatera Selatan menyepakati penitipan konten "
            "antikorupsi di kanal pemerintah daerah dan media mitra. " + DEMO_NOTE,
            {K.WEBSITE: "Siaran pers lengkap untuk portal berita pemerintah daerah."},
            agreement=PKS_SUMSEL_EXPIRING,
            created_days_ago=25,
        ),
        DemoItem(
            PALEMBANG_VIDEO,
            ContentItem.Kind.VIDEO,
            ContentItem.Origin.PARTNER,
            DISKOMINFO_PALEMBANG,
            PALEMBANG_OPERATOR,
            ContentItem.Status.SUBMITTED,
            ("pelayanan-publik",),
            "Video 60 detik tentang layanan perizinan tanpa pungutan liar di Kota Palembang, "
            "diajukan untuk ditinjau KPK sebelum tayang. " + DEMO_NOTE,
            {K.INSTAGRAM: "Layanan publik tanpa pungli. #PalembangBersih"},
            video_link="https://www.youtube.com/watch?v=demo-palembang",
            created_days_ago=6,
        ),
        DemoItem(
            SUMUT_POSTER,
            ContentItem.Kind.IMAGE,
            ContentItem.Origin.PARTNER,
            DISKOMINFO_SUMUT,
            SUMUT_MANAGER,
            ContentItem.Status.CHANGES_REQUESTED,
            ("lhkpn",),
            "Poster ajakan bagi pejabat Pemprov Sumut untuk melaporkan LHKPN tepat waktu. "
            + DEMO_NOTE,
            {K.INSTAGRAM: "Lapor LHKPN tepat waktu. #SumutBersih"},
            poster=("#38761d", "AYO LAPOR LHKPN"),
            created_days_ago=12,
        ),
        DemoItem(
            JOINT_ILM,
            ContentItem.Kind.PUBLIC_SERVICE_AD,
            ContentItem.Origin.JOINT,
            BIRO_HUMAS,
            KPK_STAFF,
            ContentItem.Status.DRAFT,
            ("pengadaan-barang-dan-jasa",),
            "Naskah ILM produksi bersama tentang pengadaan barang dan jasa yang bersih, sedang "
            "disusun bersama Diskominfo Sumatera Utara. " + DEMO_NOTE,
            {},
            co_producers=(DISKOMINFO_SUMUT,),
            created_days_ago=4,
        ),
        DemoItem(
            KPK_DRAFT,
            ContentItem.Kind.IMAGE,
            ContentItem.Origin.KPK,
            BIRO_HUMAS,
            KPK_STAFF,
            ContentItem.Status.DRAFT,
            ("benturan-kepentingan",),
            "Draf infografis tentang benturan kepentingan dalam jabatan. " + DEMO_NOTE,
            {},
            created_days_ago=2,
        ),
        DemoItem(
            OLD_ITEM,
            ContentItem.Kind.IMAGE,
            ContentItem.Origin.KPK,
            BIRO_HUMAS,
            KPK_MANAGER,
            ContentItem.Status.ARCHIVED,
            ("budaya-antikorupsi",),
            "Materi peringatan Hakordia tahun lalu, tidak lagi disebarkan. " + DEMO_NOTE,
            {},
            created_days_ago=360,
        ),
    )


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(result: SeedResult) -> None:
    """Create whatever of the content demo is missing; the dissemination of an item is created
    with the item (an existing item is left as it is)."""
    for kind in ("content items", "dissemination requests", "proofs"):
        result.created[kind] += 0
    with translation.override("id"):
        _seed(result)


def _seed(result: SeedResult) -> None:
    today = timezone.localdate()
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.sinergi.id")}
    names = {spec.owner for spec in demo_items()} | {
        DISKOMINFO_SUMSEL,
        DISKOMINFO_SUMUT,
        DISKOMINFO_PALEMBANG,
        MEDAN_KINI,
    }
    organisations = {org.name: org for org in Organisation.objects.filter(name__in=names)}
    created = {}
    for spec in demo_items():
        if ContentItem.objects.filter(title=spec.title).exists():
            continue
        created[spec.title] = _item(spec, today, organisations, users)
        result.created["content items"] += 1
    if ILM in created:
        _disseminate_ilm(created[ILM], today, organisations, users, result)
    if INFOGRAPHIC in created:
        _disseminate_infographic(created[INFOGRAPHIC], today, organisations, users, result)
    if PRESS_RELEASE in created:
        _correct_press_release(created[PRESS_RELEASE], today, organisations, users, result)
    if SUMUT_POSTER in created:
        _review_sumut_poster(created[SUMUT_POSTER], today, organisations, users)
    if PALEMBANG_VIDEO in created:
        _version(created[PALEMBANG_VIDEO], users[PALEMBANG_OPERATOR], at(today - timedelta(days=5)))
    if JOINT_ILM in created:
        item = created[JOINT_ILM]
        _comment(
            item,
            users[SUMUT_MANAGER],
            organisations[DISKOMINFO_SUMUT],
            None,
            "Kami usulkan pemeran dari ASN Pemprov Sumut dan lokasi di Kantor Gubernur.",
            at(today - timedelta(days=3)),
        )
        _comment(
            item,
            users[KPK_STAFF],
            organisations[BIRO_HUMAS],
            None,
            "Setuju. Naskah versi kedua kami unggah minggu ini.",
            at(today - timedelta(days=2)),
        )


def _item(spec: DemoItem, today, organisations, users) -> ContentItem:
    agreement = Agreement.objects.filter(title=spec.agreement).first() if spec.agreement else None
    scope_item = (
        ScopeItem.objects.filter(agreement=agreement, targets__isnull=False).first()
        if agreement
        else None
    )
    item = ContentItem(
        title=spec.title,
        kind=spec.kind,
        origin=spec.origin,
        owner=organisations[spec.owner],
        description=spec.description,
        hashtags=" ".join(
            word for text in spec.captions.values() for word in text.split() if word[0] == "#"
        )[:500],
        status=spec.status,
        is_public=spec.is_public,
        agreement=agreement,
        scope_item=scope_item,
        created_by=users[spec.creator],
    )
    item.full_clean(exclude=["created_by"])
    item.save()
    item.themes.set(Theme.objects.filter(slug__in=spec.themes))
    item.co_producers.set([organisations[name] for name in spec.co_producers])
    Caption.objects.bulk_create(
        Caption(item=item, platform=platform, text=text) for platform, text in spec.captions.items()
    )
    created_at = at(today - timedelta(days=spec.created_days_ago), 9)
    if spec.poster:
        _poster(item, *spec.poster, uploader=users[spec.creator])
    if spec.video_link:
        Asset.objects.create(
            item=item,
            kind=Asset.Kind.VIDEO,
            external_url=spec.video_link,
            uploaded_by=users[spec.creator],
        )
    log(
        item,
        Action.ITEM_CREATED,
        by=users[spec.creator],
        changes={"title": [None, spec.title]},
        at=created_at,
    )
    if spec.status in (ContentItem.Status.APPROVED, ContentItem.Status.ARCHIVED) and (
        spec.origin != ContentItem.Origin.PARTNER
    ):
        _version(
            item,
            users[spec.creator],
            created_at + timedelta(hours=2),
            decided_by=users[KPK_MANAGER],
            decision=ItemVersion.Decision.APPROVED,
        )
    ContentItem.objects.filter(pk=item.pk).update(created_at=created_at, updated_at=created_at)
    return item


def _poster(item: ContentItem, colour: str, headline: str, *, uploader) -> Asset:
    """A 1080² poster with the headline, kept as an upload would be (re-encoded) with its sizes."""
    image = Image.new("RGB", (1080, 1080), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=72)
    draw.rectangle((60, 60, 1020, 1020), outline="white", width=12)
    draw.text((540, 480), headline, fill="white", font=font, anchor="mm")
    draw.text(
        (540, 620),
        "KPK · Sinergi (demo)",
        fill="white",
        font=ImageFont.load_default(size=40),
        anchor="mm",
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    upload = ContentFile(buffer.getvalue(), name="poster.png")
    info = images.inspect_image(upload)
    clean = images.reencode(upload, info)
    asset = Asset(
        item=item,
        kind=Asset.Kind.IMAGE,
        original_name=f"{headline.title()}.png",
        content_type=info.content_type,
        size=clean.size,
        width=info.width,
        height=info.height,
        uploaded_by=uploader,
    )
    asset.file.save(f"file{info.extension}", clean, save=False)
    asset.save()
    services.make_renditions(asset.pk)
    return asset


def _version(item, by, when, *, decided_by=None, decision="", reason="") -> ItemVersion:
    number = item.versions.count() + 1
    version = ItemVersion.objects.create(
        item=item,
        number=number,
        snapshot=services_snapshot(item),
        created_by=by,
        decision=decision,
        decision_reason=reason,
        decided_by=decided_by,
        decided_at=when + timedelta(hours=3) if decision else None,
    )
    ItemVersion.objects.filter(pk=version.pk).update(created_at=when)
    return version


def services_snapshot(item) -> dict:
    """What a reviewer judged, as the review's snapshot keeps it (the demo's own, minimal)."""
    return {
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "hashtags": item.hashtags,
        "themes": sorted(theme.name for theme in item.themes.all()),
        "captions": dict(item.captions.values_list("platform", "text")),
        "assets": [
            {"id": asset.pk, "name": asset.original_name or asset.external_url, "kind": asset.kind}
            for asset in item.assets.all()
        ],
    }


def _comment(item, author, organisation, version, body, when) -> ItemComment:
    comment = ItemComment.objects.create(
        item=item, version=version, author=author, organisation=organisation, body=body
    )
    ItemComment.objects.filter(pk=comment.pk).update(created_at=when)
    return comment


def _review_sumut_poster(item, today, organisations, users) -> None:
    sent = at(today - timedelta(days=10))
    version = _version(
        item,
        users[SUMUT_MANAGER],
        sent,
        decided_by=users[KPK_MANAGER],
        decision=ItemVersion.Decision.CHANGES_REQUESTED,
        reason="Cantumkan batas waktu pelaporan (31 Maret) dan tautan elhkpn.kpk.go.id.",
    )
    _comment(
        item,
        users[KPK_MANAGER],
        organisations[BIRO_HUMAS],
        version,
        "Logo KPK sebaiknya di kanan atas, sesuai pedoman identitas visual.",
        sent + timedelta(hours=2),
    )


def _dispatch(item, sender, sent_at, due_on, platforms, message) -> Dispatch:
    dispatch = Dispatch.objects.create(
        item=item, due_on=due_on, platforms=platforms, message=message, sent_by=sender
    )
    Dispatch.objects.filter(pk=dispatch.pk).update(sent_at=sent_at)
    return dispatch


def _request(
    dispatch,
    organisation,
    status,
    *,
    answered=None,
    by=None,
    assignee=None,
    reason="",
    forwarded_from=None,
    scheduled_for=None,
    result,
) -> Request:
    request = Request.objects.create(
        dispatch=dispatch,
        item=dispatch.item,
        organisation=organisation,
        forwarded_from=forwarded_from,
        status=status,
        due_on=dispatch.due_on,
        assignee=assignee,
        decline_reason=reason,
        scheduled_for=scheduled_for,
        responded_by=by if answered else None,
        responded_at=answered,
    )
    Request.objects.filter(pk=request.pk).update(created_at=dispatch.sent_at)
    result.created["dissemination requests"] += 1
    return request


def _proof(request, kind, url, published, by, *, verified_by=None, reach=(), result) -> Proof:
    channel = Channel.objects.filter(organisation=request.organisation, kind=kind).first()
    proof = Proof.objects.create(
        request=request,
        channel=channel,
        url=url,
        published_at=published,
        status=Proof.Status.VERIFIED if verified_by else Proof.Status.SUBMITTED,
        submitted_by=by,
        reviewed_by=verified_by,
        reviewed_at=published + timedelta(days=1) if verified_by else None,
    )
    Proof.objects.filter(pk=proof.pk).update(submitted_at=published + timedelta(minutes=20))
    for days, (views, people, likes, shares, comments) in reach:
        report = ReachReport.objects.create(
            proof=proof,
            views=views,
            reach=people,
            likes=likes,
            shares=shares,
            comments=comments,
            reported_by=by,
        )
        ReachReport.objects.filter(pk=report.pk).update(
            reported_at=published + timedelta(days=days)
        )
        Proof.objects.filter(pk=proof.pk).update(
            views=views,
            reach=people,
            likes=likes,
            shares=shares,
            comments=comments,
            reach_reported_at=published + timedelta(days=days),
        )
    result.created["proofs"] += 1
    return proof


def _disseminate_ilm(item, today, organisations, users, result) -> None:
    """The ILM of the Sumsel report, sent to both provinces and three Sumsel regencies."""
    sent = at(today - timedelta(days=30), 9)
    dispatch = _dispatch(
        item,
        users[KPK_STAFF],
        sent,
        today - timedelta(days=16),
        [K.INSTAGRAM, K.FACEBOOK, K.YOUTUBE],
        "Mohon ditayangkan di kanal media sosial Bapak/Ibu dalam rangka kampanye gratifikasi.",
    )
    sumsel = _request(
        dispatch,
        organisations[DISKOMINFO_SUMSEL],
        ST.VERIFIED,
        answered=sent + timedelta(hours=5),
        by=users[SUMSEL_MANAGER],
        assignee=users[SUMSEL_OPERATOR],
        result=result,
    )
    _proof(
        sumsel,
        K.INSTAGRAM,
        "https://www.instagram.com/p/DemoSumselILM1/",
        sent + timedelta(days=2),
        users[SUMSEL_OPERATOR],
        verified_by=users[KPK_STAFF],
        reach=((1, (5_200, 4_100, 610, 48, 33)), (7, (12_900, 9_800, 1_140, 97, 61))),
        result=result,
    )
    _proof(
        sumsel,
        K.YOUTUBE,
        "https://www.youtube.com/watch?v=DemoSumselILM",
        sent + timedelta(days=3),
        users[SUMSEL_OPERATOR],
        verified_by=users[KPK_STAFF],
        reach=((7, (3_400, 2_900, 210, 15, 12)),),
        result=result,
    )
    sumut = _request(
        dispatch,
        organisations[DISKOMINFO_SUMUT],
        ST.PUBLISHED,
        answered=sent + timedelta(days=1),
        by=users[SUMUT_MANAGER],
        assignee=users[SUMUT_OPERATOR],
        result=result,
    )
    _proof(
        sumut,
        K.INSTAGRAM,
        "https://www.instagram.com/p/DemoSumutILM1/",
        sent + timedelta(days=4),
        users[SUMUT_OPERATOR],
        reach=((2, (7_800, 6_200, 830, 64, 40)),),
        result=result,
    )
    _request(dispatch, organisations[MEDAN_KINI], ST.REQUESTED, forwarded_from=sumut, result=result)
    _request(
        dispatch,
        organisations[DISKOMINFO_PALEMBANG],
        ST.ACCEPTED,
        answered=sent + timedelta(days=2),
        by=users[PALEMBANG_OPERATOR],
        assignee=users[PALEMBANG_OPERATOR],
        result=result,
    )
    regencies = list(
        Organisation.objects.filter(kind=Organisation.Kind.REGENCY_DISKOMINFO, province_id="16")
        .exclude(name=DISKOMINFO_PALEMBANG)
        .order_by("name")[:2]
    )
    if regencies:
        # Never answered, and past its due date: the tracker shows it overdue.
        _request(dispatch, regencies[0], ST.REQUESTED, result=result)
    if len(regencies) > 1:
        _request(
            dispatch,
            regencies[1],
            ST.DECLINED,
            answered=sent + timedelta(days=3),
            reason="Kanal kami sedang dalam masa tenang pilkada hingga akhir bulan.",
            result=result,
        )


def _disseminate_infographic(item, today, organisations, users, result) -> None:
    """A fresh request, due in two days: new for Sumsel; Sumut accepted it and plans the post
    for tomorrow morning."""
    sent = at(today - timedelta(days=1), 14)
    dispatch = _dispatch(
        item,
        users[KPK_MANAGER],
        sent,
        today + timedelta(days=2),
        [K.INSTAGRAM],
        "Infografis untuk unggahan Jumat.",
    )
    _request(dispatch, organisations[DISKOMINFO_SUMSEL], ST.REQUESTED, result=result)
    _request(
        dispatch,
        organisations[DISKOMINFO_SUMUT],
        ST.SCHEDULED,
        answered=sent + timedelta(hours=3),
        by=users[SUMUT_MANAGER],
        assignee=users[SUMUT_OPERATOR],
        scheduled_for=at(today + timedelta(days=1), 9),
        result=result,
    )


def _correct_press_release(item, today, organisations, users, result) -> None:
    """Published on the Sumsel portal, then corrected by KPK: Sumsel has not confirmed yet."""
    sent = at(today - timedelta(days=25), 9)
    dispatch = _dispatch(
        item,
        users[KPK_STAFF],
        sent,
        today - timedelta(days=20),
        [K.WEBSITE],
        "Mohon dimuat di portal berita.",
    )
    sumsel = _request(
        dispatch,
        organisations[DISKOMINFO_SUMSEL],
        ST.VERIFIED,
        answered=sent + timedelta(hours=2),
        by=users[SUMSEL_MANAGER],
        assignee=users[SUMSEL_OPERATOR],
        result=result,
    )
    _proof(
        sumsel,
        K.WEBSITE,
        "https://berita.sumsel.demo.sinergi.id/kpk-diskominfo-sumsel",
        sent + timedelta(days=1),
        users[SUMSEL_OPERATOR],
        verified_by=users[KPK_STAFF],
        reach=((3, (2_300, 2_300, 0, 41, 3)),),
        result=result,
    )
    corrected = _version(item, users[KPK_STAFF], at(today - timedelta(days=2)))
    notice = Notice.objects.create(
        item=item,
        kind=Notice.Kind.CORRECTION,
        version=corrected,
        reason="Nama jabatan narasumber pada paragraf kedua diperbaiki.",
        issued_by=users[KPK_STAFF],
    )
    Notice.objects.filter(pk=notice.pk).update(issued_at=at(today - timedelta(days=2)))
    NoticeConfirmation.objects.create(notice=notice, request=sumsel)
