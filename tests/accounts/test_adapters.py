from django.conf import settings
from django.core import mail
from django.urls import reverse

from notifications.models import Delivery
from tests.helpers import english, sign_in


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_allauth_email_waits_in_the_outbox_until_the_commit(
    client, partner_operator, django_capture_on_commit_callbacks
):
    english(client)

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("account_reset_password"), {"email": partner_operator.email})

    delivery = Delivery.objects.get()
    assert (delivery.mode, delivery.user, delivery.to_email, delivery.status) == (
        Delivery.MESSAGE,
        None,
        partner_operator.email,
        Delivery.Status.PENDING,
    )
    assert delivery.subject == "[Sinergi] Reset your password"
    assert "/accounts/password/reset/key/" in delivery.body_text
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_allauth_email_speaks_the_language_of_the_request(
    client, partner_operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": partner_operator.email})

    [message] = mail.outbox
    assert message.subject == "[Sinergi] Atur ulang kata sandi Anda"


def test_password_reset_email_is_sinergis_with_a_contact_for_help(
    client, partner_operator, settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_EMAIL = "bantuan@kpk.go.id"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": partner_operator.email})

    [message] = mail.outbox
    lines = message.body.splitlines()
    assert lines[:3] == [
        "Halo,",
        "",
        "Seseorang, mungkin Anda, meminta untuk mengatur ulang kata sandi akun Sinergi "
        f"{partner_operator.email}. Buka tautan ini untuk memilih kata sandi baru:",
    ]
    assert lines[4].startswith("http://testserver/accounts/password/reset/key/")
    assert lines[6:] == [
        "Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tetap seperti semula.",
        "",
        "Butuh bantuan? Tulis ke bantuan@kpk.go.id.",
        "",
        "Tim Sinergi",
    ]


def test_password_reset_email_arrives_through_the_outbox_with_a_working_link(
    client, partner_operator, smtp, django_capture_on_commit_callbacks
):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": partner_operator.email})

    [message] = smtp.messages
    delivery = Delivery.objects.get()
    assert message["To"] == partner_operator.email
    assert message["Subject"] == "[Sinergi] Reset your password"
    assert message["Message-ID"] == f"<sinergi.delivery.{delivery.pk}@testserver>"
    assert message["Auto-Submitted"] == "auto-generated"
    link = next(
        line.strip()
        for line in _text(message).splitlines()
        if "/accounts/password/reset/key/" in line
    )
    set_password_page = client.get(link.removeprefix("http://testserver"), follow=True)
    response = client.post(
        set_password_page.redirect_chain[-1][0],
        {"password1": "Fresh-password-2026", "password2": "Fresh-password-2026"},
    )
    assert response.url == reverse("account_reset_password_from_key_done")
    assert sign_in(client, partner_operator, password="Fresh-password-2026").url == reverse("home")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body_text, delivery.body_html) == (
        Delivery.Status.SENT,
        1,
        "",
        "",
    )
    assert delivery.subject == "[Sinergi] Reset your password"


def test_settings_use_the_sinergi_mfa_adapter():
    # Its messages and its refusal to remove a required authenticator exist only if allauth uses it.
    assert settings.MFA_ADAPTER == "accounts.adapters.MFAAdapter"


def test_settings_use_the_sinergi_account_adapter():
    assert settings.ACCOUNT_ADAPTER == "accounts.adapters.AccountAdapter"
