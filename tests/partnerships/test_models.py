from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnerships.models import (
    Channel,
    Invitation,
    Membership,
    Organisation,
    Role,
    hash_token,
    roles_for_kind,
)
from tests.factories import (
    ChannelFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# Organisation


def test_organisation_clean_takes_province_from_regency():
    organisation = Organisation(
        name="Diskominfo Kota Medan",
        kind=Organisation.Kind.REGENCY_DISKOMINFO,
        regency_id="12.71",
        province_id="16",
    )

    organisation.full_clean()

    assert organisation.province_id == "12"


def test_organisation_clean_refuses_kpk_unit_with_region():
    organisation = Organisation(
        name="Biro Humas KPK", kind=Organisation.Kind.KPK_UNIT, province_id="31"
    )

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict == {
        "province": ["A KPK unit is national: leave province and regency empty."]
    }


def test_organisation_clean_requires_province_of_provincial_diskominfo():
    organisation = Organisation(
        name="Diskominfo Provinsi", kind=Organisation.Kind.PROVINCE_DISKOMINFO
    )

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict == {"province": ["A provincial Diskominfo needs its province."]}


def test_organisation_clean_refuses_regency_on_provincial_diskominfo():
    organisation = Organisation(
        name="Diskominfo Provinsi", kind=Organisation.Kind.PROVINCE_DISKOMINFO, regency_id="16.71"
    )

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict == {
        "regency": ["A provincial Diskominfo is not tied to a regency or city."]
    }


def test_organisation_clean_requires_regency_of_regency_diskominfo():
    organisation = Organisation(
        name="Diskominfo Kabupaten", kind=Organisation.Kind.REGENCY_DISKOMINFO, province_id="16"
    )

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict == {
        "regency": ["A regency/city Diskominfo needs its regency or city."]
    }


def test_organisation_clean_accepts_media_outlet_with_province_only():
    organisation = Organisation(
        name="Harian Sriwijaya Pos", kind=Organisation.Kind.MEDIA, province_id="16"
    )

    organisation.full_clean()

    assert (organisation.province_id, organisation.regency_id) == ("16", None)


def test_organisation_constraint_refuses_kpk_unit_with_region():
    _integrity_error(
        lambda: Organisation.objects.create(
            name="Biro Humas KPK", kind=Organisation.Kind.KPK_UNIT, province_id="31"
        )
    )

    assert Organisation.objects.count() == 0


def test_organisation_constraint_refuses_provincial_diskominfo_without_province():
    _integrity_error(
        lambda: Organisation.objects.create(
            name="Diskominfo Provinsi", kind=Organisation.Kind.PROVINCE_DISKOMINFO
        )
    )

    assert Organisation.objects.count() == 0


def test_organisation_constraint_refuses_regency_diskominfo_without_regency():
    _integrity_error(
        lambda: Organisation.objects.create(
            name="Diskominfo Kabupaten",
            kind=Organisation.Kind.REGENCY_DISKOMINFO,
            province_id="16",
        )
    )

    assert Organisation.objects.count() == 0


def test_organisation_constraint_refuses_regency_without_province():
    _integrity_error(
        lambda: Organisation.objects.create(
            name="Radio Kota", kind=Organisation.Kind.MEDIA, regency_id="16.71"
        )
    )

    assert Organisation.objects.count() == 0


def test_organisation_name_is_unique():
    OrganisationFactory(name="Diskominfo Kota Palembang")

    _integrity_error(lambda: OrganisationFactory(name="Diskominfo Kota Palembang"))

    assert Organisation.objects.filter(name="Diskominfo Kota Palembang").count() == 1


def test_organisation_display_name_prefers_short_name():
    with_short = OrganisationFactory.build(name="Dinas Kominfo Sumsel", short_name="Kominfo")
    without_short = OrganisationFactory.build(name="Dinas Kominfo Sumsel", short_name="")

    assert (with_short.display_name, without_short.display_name) == (
        "Kominfo",
        "Dinas Kominfo Sumsel",
    )


def test_organisation_is_kpk_only_for_kpk_units():
    assert OrganisationFactory.build(kpk=True).is_kpk is True
    assert OrganisationFactory.build().is_kpk is False


def test_organisation_absolute_url_is_its_detail_page():
    organisation = OrganisationFactory()

    assert organisation.get_absolute_url() == f"/organisations/{organisation.pk}/"


# Roles and memberships


def test_roles_for_kind_keeps_kpk_roles_in_kpk_units():
    assert roles_for_kind(Organisation.Kind.KPK_UNIT) == {Role.KPK_MANAGER, Role.KPK_STAFF}
    assert roles_for_kind(Organisation.Kind.MEDIA) == {
        Role.PARTNER_MANAGER,
        Role.PARTNER_OPERATOR,
    }


def test_membership_clean_refuses_partner_role_in_kpk_unit():
    membership = Membership(
        user=UserFactory(), organisation=OrganisationFactory(kpk=True), role=Role.PARTNER_MANAGER
    )

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert error.value.message_dict == {"role": ["This role does not exist in this organisation."]}


def test_membership_clean_refuses_kpk_role_in_partner_organisation():
    membership = Membership(
        user=UserFactory(), organisation=OrganisationFactory(), role=Role.KPK_MANAGER
    )

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert error.value.message_dict == {"role": ["This role does not exist in this organisation."]}


def test_membership_clean_accepts_matching_role():
    membership = Membership(
        user=UserFactory(), organisation=OrganisationFactory(), role=Role.PARTNER_OPERATOR
    )

    membership.full_clean()


def test_membership_is_unique_per_user_and_organisation():
    existing = MembershipFactory()

    _integrity_error(
        lambda: MembershipFactory(
            user=existing.user, organisation=existing.organisation, role=Role.PARTNER_MANAGER
        )
    )

    assert Membership.objects.filter(user=existing.user).count() == 1


def test_membership_constraint_refuses_unknown_role():
    _integrity_error(lambda: MembershipFactory(role="chairman"))

    assert Membership.objects.count() == 0


# Channels


def test_channel_clean_refuses_audience_counted_in_the_future():
    channel = ChannelFactory.build(
        organisation=OrganisationFactory(),
        audience_updated_on=timezone.localdate() + timedelta(days=1),
    )

    with pytest.raises(ValidationError) as error:
        channel.full_clean()

    assert error.value.message_dict == {
        "audience_updated_on": ["The audience cannot have been counted in the future."]
    }


def test_channel_clean_accepts_audience_counted_today():
    channel = ChannelFactory.build(
        organisation=OrganisationFactory(), audience_updated_on=timezone.localdate()
    )

    channel.full_clean()


def test_channel_constraint_refuses_negative_audience():
    _integrity_error(lambda: ChannelFactory(audience_size=-1))

    assert Channel.objects.count() == 0


def test_channel_str_names_the_kind():
    channel = ChannelFactory.build(name="@kominfosumsel", kind=Channel.Kind.INSTAGRAM)

    assert str(channel) == "@kominfosumsel (Instagram)"


# Invitations


@pytest.mark.parametrize(
    ("traits", "status"),
    [
        ({}, Invitation.Status.PENDING),
        ({"accepted": True}, Invitation.Status.ACCEPTED),
        ({"revoked": True}, Invitation.Status.REVOKED),
        ({"expired": True}, Invitation.Status.EXPIRED),
        ({"accepted": True, "expired": True}, Invitation.Status.ACCEPTED),
        ({"revoked": True, "expired": True}, Invitation.Status.REVOKED),
    ],
)
def test_invitation_status_follows_its_dates(traits, status):
    invitation = InvitationFactory(**traits)

    assert invitation.status == status
    assert list(Invitation.objects.with_status(status)) == [invitation]


def test_invitation_status_filters_cover_each_invitation_once():
    invitations = [
        InvitationFactory(),
        InvitationFactory(accepted=True),
        InvitationFactory(revoked=True),
        InvitationFactory(expired=True),
    ]

    found = [
        list(Invitation.objects.with_status(status).values_list("pk", flat=True))
        for status in Invitation.Status.values
    ]

    assert sorted(pk for pks in found for pk in pks) == sorted(i.pk for i in invitations)


def test_invitation_status_display_is_the_label():
    assert InvitationFactory(revoked=True).get_status_display() == "Revoked"


def test_invitation_constraint_refuses_accepted_and_revoked():
    _integrity_error(lambda: InvitationFactory(accepted=True, revoked=True))

    assert Invitation.objects.count() == 0


def test_invitation_token_hash_is_unique():
    InvitationFactory(token="same")

    _integrity_error(lambda: InvitationFactory(token="same"))

    assert Invitation.objects.filter(token_hash=hash_token("same")).count() == 1


def test_invitation_clean_refuses_role_foreign_to_the_organisation():
    invitation = InvitationFactory.build(
        organisation=OrganisationFactory(kpk=True), role=Role.PARTNER_OPERATOR
    )

    with pytest.raises(ValidationError) as error:
        invitation.full_clean()

    assert error.value.message_dict["role"] == ["This role does not exist in this organisation."]


def test_invitation_clean_refuses_withdrawing_an_accepted_invitation():
    invitation = InvitationFactory(accepted=True)
    invitation.revoked_at = timezone.now()

    with pytest.raises(ValidationError) as error:
        invitation.full_clean()

    assert error.value.message_dict == {
        "revoked_at": ["An accepted invitation can no longer be withdrawn."]
    }


def test_invitation_new_token_is_long_and_fresh():
    tokens = {Invitation.new_token() for _ in range(20)}

    assert len(tokens) == 20
    assert min(len(token) for token in tokens) >= 43


def test_hash_token_is_sha256_hex():
    assert hash_token("abc") == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
