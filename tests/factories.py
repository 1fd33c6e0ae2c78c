import functools
from dataclasses import dataclass
from datetime import timedelta

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.utils import timezone

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
from content.models import (
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
from events.models import Event, Registration, Session, Speaker
from events.models import Invitation as EventInvitation
from notifications.kinds import Mode
from notifications.models import Notification
from partnerships.models import (
    Channel,
    Invitation,
    Membership,
    Organisation,
    PressPartner,
    Role,
    hash_token,
)

DEFAULT_PASSWORD = "Sinergi-test-2026!"


@functools.cache
def _default_password_hash() -> str:
    # Hashing costs a noticeable fraction of a second by design; do it once per test run.
    return make_password(DEFAULT_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A person; signs in with DEFAULT_PASSWORD unless ``password=`` gives another."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.go.id")
    full_name = factory.Faker("name", locale="id_ID")

    class Params:
        administrator = factory.Trait(is_staff=True)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.password = make_password(extracted) if extracted else _default_password_hash()

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def give_totp(user) -> User:
    """Enrol ``user`` in two-factor sign-in, as the MFA middleware demands of KPK and admins."""
    TOTP.activate(user, generate_totp_secret())
    return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A Diskominfo of Kota Palembang (Sumatera Selatan) unless a trait says otherwise."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Diskominfo Kabupaten Contoh {n}")
    kind = Organisation.Kind.REGENCY_DISKOMINFO
    regency_id = "16.71"
    # The province follows the regency, as Organisation.clean() keeps it.
    province_id = factory.LazyAttribute(
        lambda o: o.regency_id.split(".")[0] if o.regency_id else "16"
    )

    class Params:
        kpk = factory.Trait(
            kind=Organisation.Kind.KPK_UNIT,
            name=factory.Sequence(lambda n: f"Biro Humas KPK {n}"),
            regency_id=None,
            province_id=None,
        )
        province_diskominfo = factory.Trait(
            kind=Organisation.Kind.PROVINCE_DISKOMINFO,
            name=factory.Sequence(lambda n: f"Diskominfo Provinsi {n}"),
            regency_id=None,
        )
        media = factory.Trait(
            kind=Organisation.Kind.MEDIA,
            name=factory.Sequence(lambda n: f"Media Contoh {n}"),
            regency_id=None,
        )
        other = factory.Trait(
            kind=Organisation.Kind.OTHER,
            name=factory.Sequence(lambda n: f"Inspektorat Contoh {n}"),
            regency_id=None,
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARTNER_OPERATOR


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Channel.Kind.INSTAGRAM
    name = factory.Sequence(lambda n: f"@diskominfo{n}")
    audience_size = 12500


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; ``token`` is the secret of its link (only the hash is stored)."""

    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"token-{n}")
        accepted = factory.Trait(accepted_at=factory.LazyFunction(timezone.now))
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
        )

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.go.id")
    role = Role.PARTNER_OPERATOR
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class AgreementFactory(factory.django.DjangoModelFactory):
    """An MoU in draft, without parties; ``between=[org, ...]`` adds them, numbered.

    ``status`` may be given to start in another state: only tests and demo data set it
    directly, the application moves it through ``agreements.services.transition``.
    """

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = Agreement.Kind.MOU
    title = factory.Sequence(lambda n: f"Nota Kesepahaman Pencegahan Korupsi {n}")
    summary = "Kerja sama diseminasi materi antikorupsi."

    class Params:
        dated = factory.Trait(
            signing_place="Jakarta",
            signed_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10)),
            effective_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10)),
            ends_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365)),
        )

    @factory.post_generation
    def between(obj, create, extracted, **kwargs):
        for position, organisation in enumerate(extracted or ()):
            AgreementPartyFactory(
                agreement=obj,
                organisation=organisation,
                position=position,
                document_number=f"{position + 1}/NK/{obj.pk}/2026",
            )


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    document_number = factory.Sequence(lambda n: f"{n}/PKS/2026")


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="id_ID")
    position = "Kepala Dinas Komunikasi dan Informatika"


class ScopeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScopeItem

    agreement = factory.SubFactory(AgreementFactory)
    area = ScopeItem.Area.DISSEMINATION
    description = "Publikasi konten antikorupsi KPK di kanal mitra."


class TargetFactory(factory.django.DjangoModelFactory):
    """24 KPK posts a year on the partner's channels."""

    class Meta:
        model = Target

    scope_item = factory.SubFactory(ScopeItemFactory)
    metric = Target.Metric.KPK_CONTENT_PUBLISHED
    quantity = 24
    period = Target.Period.YEAR


class AgreementDocumentFactory(factory.django.DjangoModelFactory):
    """A signed scan (a tiny PDF) unless ``kind`` says otherwise."""

    class Meta:
        model = AgreementDocument

    agreement = factory.SubFactory(AgreementFactory)
    kind = AgreementDocument.Kind.SIGNED
    version = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(filename="scan.pdf", data=b"%PDF-1.7\n%%EOF\n")
    original_name = "scan.pdf"
    content_type = "application/pdf"
    size = 14
    sha256 = "0" * 64


class AgreementCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementComment

    agreement = factory.SubFactory(AgreementFactory)
    author = factory.SubFactory(UserFactory)
    body = "Mohon pasal 3 ditinjau kembali."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tema antikorupsi {n}")
    name_en = factory.Sequence(lambda n: f"Anti-corruption theme {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class ContentItemFactory(factory.django.DjangoModelFactory):
    """A KPK draft (an infographic) owned by a new KPK unit, unless told otherwise.

    Rows only, without the services' checks or audit entries: tests of behaviour use the services.
    """

    class Meta:
        model = ContentItem

    title = factory.Sequence(lambda n: f"Infografis Gratifikasi {n}")
    kind = ContentItem.Kind.IMAGE
    description = "Kenali gratifikasi dan cara melaporkannya."
    hashtags = "#KPK #AntiKorupsi"
    origin = ContentItem.Origin.KPK
    owner = factory.SubFactory(OrganisationFactory, kpk=True)

    class Params:
        partner = factory.Trait(
            origin=ContentItem.Origin.PARTNER, owner=factory.SubFactory(OrganisationFactory)
        )
        approved = factory.Trait(status=ContentItem.Status.APPROVED)


class CaptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caption

    item = factory.SubFactory(ContentItemFactory)
    platform = Channel.Kind.INSTAGRAM
    text = "Tolak gratifikasi, laporkan ke KPK. #AntiKorupsi"


class AssetFactory(factory.django.DjangoModelFactory):
    """A PDF file of an item (a file row and its stored bytes, not checked by the uploads)."""

    class Meta:
        model = Asset

    item = factory.SubFactory(ContentItemFactory)
    kind = Asset.Kind.PDF
    file = factory.django.FileField(filename="file.pdf", data=b"%PDF-1.7\n%%EOF\n")
    original_name = "panduan.pdf"
    content_type = "application/pdf"
    size = 15

    class Params:
        link = factory.Trait(
            kind=Asset.Kind.VIDEO,
            file="",
            external_url="https://www.youtube.com/watch?v=kpk-ilm",
            original_name="",
            content_type="",
            size=None,
        )


class PressPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressPartner

    organisation = factory.SubFactory(OrganisationFactory)
    outlet = factory.SubFactory(OrganisationFactory, media=True)


class ItemVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemVersion

    item = factory.SubFactory(ContentItemFactory)
    number = factory.Sequence(lambda n: n + 1)
    snapshot = factory.LazyAttribute(lambda version: {"title": version.item.title})


class ItemCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemComment

    item = factory.SubFactory(ContentItemFactory)
    author = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("item.owner")
    body = "Mohon logo KPK diperbesar."


class DispatchFactory(factory.django.DjangoModelFactory):
    """KPK sends an approved item, due in a week."""

    class Meta:
        model = Dispatch

    item = factory.SubFactory(ContentItemFactory, approved=True)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    platforms = factory.LazyFunction(lambda: [Channel.Kind.INSTAGRAM])
    sent_by = factory.SubFactory(UserFactory)


class RequestFactory(factory.django.DjangoModelFactory):
    """A request of a new dispatch to a new Diskominfo (rows only, no services)."""

    class Meta:
        model = Request

    dispatch = factory.SubFactory(DispatchFactory)
    item = factory.SelfAttribute("dispatch.item")
    organisation = factory.SubFactory(OrganisationFactory)
    due_on = factory.SelfAttribute("dispatch.due_on")


class ProofFactory(factory.django.DjangoModelFactory):
    """A post on the request's organisation's Instagram, waiting for verification."""

    class Meta:
        model = Proof

    request = factory.SubFactory(RequestFactory, status=Request.Status.PUBLISHED)
    channel = factory.SubFactory(
        ChannelFactory,
        organisation=factory.SelfAttribute("..request.organisation"),
        kind=Channel.Kind.INSTAGRAM,
        handle="@diskominfo",
    )
    url = factory.Sequence(lambda n: f"https://www.instagram.com/p/KPK{n}/")
    published_at = factory.LazyFunction(timezone.now)


class ReachReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachReport

    proof = factory.SubFactory(ProofFactory)
    views = 1200
    reach = 900
    likes = 150
    shares = 12
    comments = 8


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    item = factory.SubFactory(ContentItemFactory, approved=True)
    kind = Notice.Kind.CORRECTION
    reason = "Nomor pengaduan diperbarui."


class NoticeConfirmationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeConfirmation

    notice = factory.SubFactory(NoticeFactory)
    request = factory.SubFactory(RequestFactory, item=factory.SelfAttribute("..notice.item"))


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread in-app notification linking to an object.

    Its kind is registered by no app, so it reads as its target's label whatever kinds exist.
    """

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "tests.note"
    mode = Mode.IN_APP
    target_url = factory.Sequence(lambda n: f"/notes/{n}/")
    target_label = factory.Sequence(lambda n: f"Note {n}")


def member(role: str, organisation=None, **user_fields):
    """A user holding ``role`` in ``organisation`` (a new one of the right kind if omitted).

    KPK roles come enrolled in two-factor sign-in, so the MFA middleware lets them through.
    """
    if organisation is None:
        organisation = (
            OrganisationFactory(kpk=True)
            if role in (Role.KPK_MANAGER, Role.KPK_STAFF)
            else OrganisationFactory()
        )
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    if role in (Role.KPK_MANAGER, Role.KPK_STAFF):
        give_totp(user)
    return user


def administrator(**user_fields) -> User:
    """An administrator without any membership, enrolled in two-factor sign-in.

    Staff and superuser, as ``createsuperuser`` makes them: the access rules know administrators
    by ``is_staff``; the Django admin's own model permissions come with ``is_superuser``.
    """
    fields = {"is_superuser": True, **user_fields}
    return give_totp(UserFactory(administrator=True, **fields))


@dataclass
class Network:
    """The standard cast: one organisation per kind of reach, one person per role.

    - ``kpk``: KPK's Biro Humas, with a KPK manager and KPK staff.
    - ``province``: Diskominfo of Sumatera Selatan, with its manager (who oversees the
      province's regencies and cities).
    - ``city``: Diskominfo of Kota Palembang (in Sumatera Selatan), with a partner manager and
      a partner operator.
    - ``neighbour``: Diskominfo of Kabupaten Ogan Ilir, also in Sumatera Selatan.
    - ``foreign``: Diskominfo of Kota Medan, in Sumatera Utara: nobody here but KPK reaches it.
    - ``provincial_media``: a media outlet of Sumatera Selatan tied to no regency or city.
    """

    kpk: Organisation
    province: Organisation
    city: Organisation
    neighbour: Organisation
    foreign: Organisation
    provincial_media: Organisation
    kpk_manager: User
    kpk_staff: User
    province_manager: User
    partner_manager: User
    partner_operator: User
    administrator: User

    @property
    def organisations(self) -> list[Organisation]:
        return [
            self.kpk,
            self.province,
            self.city,
            self.neighbour,
            self.foreign,
            self.provincial_media,
        ]


def build_network(**user_fields) -> Network:
    """The standard cast; ``user_fields`` apply to every person (e.g. ``language="en"``)."""
    kpk = OrganisationFactory(kpk=True, name="Biro Hubungan Masyarakat KPK")
    province = OrganisationFactory(
        province_diskominfo=True, name="Diskominfo Provinsi Sumatera Selatan", province_id="16"
    )
    city = OrganisationFactory(name="Diskominfo Kota Palembang", regency_id="16.71")
    neighbour = OrganisationFactory(name="Diskominfo Kabupaten Ogan Ilir", regency_id="16.10")
    foreign = OrganisationFactory(name="Diskominfo Kota Medan", regency_id="12.71")
    provincial_media = OrganisationFactory(
        media=True, name="Harian Sriwijaya Pos", province_id="16"
    )
    return Network(
        kpk=kpk,
        province=province,
        city=city,
        neighbour=neighbour,
        foreign=foreign,
        provincial_media=provincial_media,
        kpk_manager=member(Role.KPK_MANAGER, kpk, email="manajer@kpk.go.id", **user_fields),
        kpk_staff=member(Role.KPK_STAFF, kpk, email="staf@kpk.go.id", **user_fields),
        province_manager=member(
            Role.PARTNER_MANAGER, province, email="kadis@sumselprov.go.id", **user_fields
        ),
        partner_manager=member(
            Role.PARTNER_MANAGER, city, email="kabid@palembang.go.id", **user_fields
        ),
        partner_operator=member(
            Role.PARTNER_OPERATOR, city, email="operator@palembang.go.id", **user_fields
        ),
        administrator=administrator(email="admin@sinergi.go.id", **user_fields),
    )


# --- Events -------------------------------------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    """A published training in Palembang (WIB) next week, organised by a new KPK unit.

    Rows only, without the services' checks or audit entries: tests of behaviour use the services.
    """

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Pelatihan Konten Antikorupsi {n}")
    description = "Pelatihan produksi konten kreatif bersama Diskominfo kabupaten/kota."
    venue_name = "Hotel Aryaduta Palembang"
    venue_address = "Jl. POM IX, Palembang"
    venue_regency_id = "16.71"
    time_zone = "Asia/Jakarta"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=6))
    capacity = 40
    status = Event.Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Event.Status.DRAFT)
        open = factory.Trait(visibility=Event.Visibility.OPEN)
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)),
        )

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [OrganisationFactory(kpk=True)]
        self.organisers.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = "Menulis berita korupsi berbasis data"
    starts_at = factory.LazyAttribute(lambda session: session.event.starts_at)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=1))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    session = factory.SubFactory(SessionFactory)
    name = "Ali Fikri"
    position = "Juru Bicara Bidang Penindakan"
    institution = "KPK"


class EventInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventInvitation

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed guest, unless given a user (then a member of that user's organisation)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Peserta {n}")
    institution = "Detik Sumbagsel"
    position = "Jurnalis"
    email = factory.Sequence(lambda n: f"peserta{n}@example.id")
    source = Registration.Source.GUEST
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        waitlisted = factory.Trait(
            status=Registration.Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=factory.LazyFunction(timezone.now),
        )
        checked_in = factory.Trait(checked_in_at=factory.LazyFunction(timezone.now))
