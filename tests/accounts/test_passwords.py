import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

HINTS = [
    "Kata sandi Anda tidak boleh mirip dengan nama atau alamat email Anda.",
    "Kata sandi Anda harus terdiri dari setidaknya 10 karakter.",
    "Kata sandi Anda tidak boleh berupa kata sandi yang umum dipakai.",
    "Kata sandi Anda tidak boleh hanya berisi angka.",
]


def test_password_hints_have_one_wording_in_indonesian():
    with translation.override("id"):
        html = password_validators_help_text_html()

    assert html == "<ul>" + "".join(f"<li>{hint}</li>" for hint in HINTS) + "</ul>"


def test_password_change_and_invitation_pages_show_the_same_hints(client):
    user = UserFactory()
    invitation = InvitationFactory(email="baru@palembang.go.id", token="undangan")

    client.force_login(user)
    change = client.get(reverse("account_change_password")).content.decode()
    client.logout()
    accept = client.get(reverse("partnerships:invitation_accept", args=["undangan"]))

    for hint in HINTS:
        assert hint in change
        assert hint in accept.content.decode()
    assert invitation.email in accept.content.decode()


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("pendek", "Kata sandi ini terlalu pendek: gunakan setidaknya 10 karakter."),
        ("1234567890123", "Kata sandi ini hanya berisi angka."),
        ("password1234", "Kata sandi ini terlalu umum: pilih yang lebih sulit ditebak."),
        ("rina.wulandari", "Kata sandi ini terlalu mirip dengan alamat email Anda."),
    ],
)
def test_password_errors_read_in_indonesian(password, error):
    user = UserFactory(email="rina.wulandari@palembang.go.id")

    with translation.override("id"), pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert error in refused.value.messages
