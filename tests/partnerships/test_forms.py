from datetime import timedelta

import pytest
from django.utils import timezone

from partnerships.forms import AcceptInvitationForm, ChannelForm, InvitationForm
from partnerships.models import Channel, Role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Kerja-sama-antikorupsi-2026"


# InvitationForm


def test_invitation_form_offers_only_the_given_roles():
    form = InvitationForm(roles=[Role.PARTNER_MANAGER, Role.PARTNER_OPERATOR])

    assert list(form.fields["role"].choices) == [
        ("partner_manager", "Partner manager"),
        ("partner_operator", "Partner operator"),
    ]


def test_invitation_form_accepts_an_offered_role():
    form = InvitationForm(
        {"email": "rina@palembang.go.id", "role": Role.PARTNER_OPERATOR, "full_name": ""},
        roles=[Role.PARTNER_OPERATOR],
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "email": "rina@palembang.go.id",
        "full_name": "",
        "role": Role.PARTNER_OPERATOR,
    }


def test_invitation_form_refuses_a_role_not_offered():
    form = InvitationForm(
        {"email": "rina@palembang.go.id", "role": Role.KPK_MANAGER},
        roles=[Role.PARTNER_MANAGER, Role.PARTNER_OPERATOR],
    )

    assert form.errors == {
        "role": ["Select a valid choice. kpk_manager is not one of the available choices."]
    }


def test_invitation_form_refuses_an_invalid_address():
    form = InvitationForm(
        {"email": "bukan-alamat", "role": Role.PARTNER_OPERATOR}, roles=[Role.PARTNER_OPERATOR]
    )

    assert form.errors == {"email": ["Enter a valid email address."]}


# AcceptInvitationForm


def _accept_form(**data):
    values = {"full_name": "Rina Marlina", "password1": STRONG_PASSWORD}
    values["password2"] = values["password1"]
    values.update(data)
    return AcceptInvitationForm(values, email="rina@palembang.go.id")


def test_accept_invitation_form_accepts_a_strong_matching_password():
    form = _accept_form()

    assert form.is_valid(), form.errors


def test_accept_invitation_form_refuses_different_passwords():
    form = _accept_form(password2="Kerja-sama-lain-2026")

    assert form.errors == {"password2": ["The two passwords do not match."]}


def test_accept_invitation_form_refuses_a_short_password():
    form = _accept_form(password1="pendek", password2="pendek")

    assert form.errors == {"password1": ["This password is too short: use at least 10 characters."]}


def test_accept_invitation_form_refuses_a_password_like_the_address():
    form = _accept_form(password1="rinapalembang", password2="rinapalembang")

    assert form.errors == {"password1": ["This password is too similar to your email address."]}


def test_accept_invitation_form_requires_a_name():
    form = _accept_form(full_name="")

    assert form.errors == {"full_name": ["This field is required."]}


# ChannelForm


def test_channel_form_saves_to_the_organisation_it_was_given():
    organisation = OrganisationFactory()
    form = ChannelForm(
        {
            "kind": Channel.Kind.YOUTUBE,
            "name": "Kominfo Palembang TV",
            "handle": "https://youtube.com/@kominfopalembang",
            "audience_size": "48200",
            "audience_updated_on": timezone.localdate().isoformat(),
            "is_active": "on",
        },
        instance=Channel(organisation=organisation),
    )

    assert form.is_valid(), form.errors
    channel = form.save()
    assert (channel.organisation, channel.audience_size) == (organisation, 48200)


def test_channel_form_has_no_organisation_field():
    # A channel cannot be moved into another organisation through the form.
    assert "organisation" not in ChannelForm().fields


def test_channel_form_refuses_a_negative_audience():
    form = ChannelForm(
        {"kind": Channel.Kind.RADIO, "name": "RRI Palembang", "audience_size": "-5"},
        instance=Channel(organisation=OrganisationFactory()),
    )

    assert form.errors == {"audience_size": ["Ensure this value is greater than or equal to 0."]}


def test_channel_form_refuses_an_audience_counted_in_the_future():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = ChannelForm(
        {
            "kind": Channel.Kind.RADIO,
            "name": "RRI Palembang",
            "audience_size": "5000",
            "audience_updated_on": tomorrow.isoformat(),
        },
        instance=Channel(organisation=OrganisationFactory()),
    )

    assert form.errors == {
        "audience_updated_on": ["The audience cannot have been counted in the future."]
    }
