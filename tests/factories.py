import factory
from django.utils import timezone

from accounts.models import User
from partnerships.models import Channel, Invitation, Membership, Organisation, Role, hash_token

DEFAULT_PASSWORD = "Sinergi-test-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.go.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Diskominfo Kabupaten Contoh {n}")
    kind = Organisation.Kind.REGENCY_DISKOMINFO
    regency_id = "16.71"
    province_id = "16"

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
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.go.id")
    role = Role.PARTNER_OPERATOR
    token_hash = factory.Sequence(lambda n: hash_token(f"token-{n}"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))


def member(role: str, organisation=None, **user_fields):
    """A user holding ``role`` in ``organisation`` (a new one of the right kind if omitted)."""
    if organisation is None:
        organisation = (
            OrganisationFactory(kpk=True)
            if role in (Role.KPK_MANAGER, Role.KPK_STAFF)
            else OrganisationFactory()
        )
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
