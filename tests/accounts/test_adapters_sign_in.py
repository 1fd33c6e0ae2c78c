from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import english, is_signed_in, sign_in, verify_email


def test_sign_in_with_email_and_password_signs_the_user_in(client, partner_operator):
    response = sign_in(client, partner_operator)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(partner_operator.pk)


def test_sign_in_with_a_wrong_password_is_refused(client, partner_operator):
    english(client)

    response = sign_in(client, partner_operator, password="not-the-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors() == [
        "The email address and/or password you specified are not correct."
    ]


def test_sign_in_with_an_unverified_email_sends_a_verification_mail_instead(
    client, db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, user)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_sign_in_is_rate_limited_after_repeated_failures(client, partner_operator):
    english(client)
    for _attempt in range(5):
        sign_in(client, partner_operator, password="not-the-password")

    response = sign_in(client, partner_operator)

    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]


def test_sign_in_gives_a_new_session_key(client, partner_operator):
    session = client.session
    session["visited"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    anonymous_key = session.session_key

    sign_in(client, partner_operator)

    assert client.session.session_key != anonymous_key
    assert client.session["_auth_user_id"] == str(partner_operator.pk)


def test_sign_in_page_offers_no_sign_up(client, db):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert reverse("account_signup") not in response.content.decode()


def test_signup_creates_no_account(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@example.com",
            "password1": "Xy7-long-password",
            "password2": "Xy7-long-password",
        },
    )

    assert response.status_code == 200
    assert response.templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email="stranger@example.com").exists()
    assert not EmailAddress.objects.filter(email="stranger@example.com").exists()


def test_password_reset_sets_a_new_password_from_the_emailed_link(
    client, partner_operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": partner_operator.email})
    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/key/" in line
    )

    set_password_page = client.get(link.strip(), follow=True)
    response = client.post(
        set_password_page.redirect_chain[-1][0],
        {"password1": "Fresh-password-2026", "password2": "Fresh-password-2026"},
    )

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    partner_operator.refresh_from_db()
    assert partner_operator.check_password("Fresh-password-2026")
    # Signing in stays a separate step (ACCOUNT_LOGIN_ON_PASSWORD_RESET is off).
    assert "_auth_user_id" not in client.session
    assert sign_in(client, partner_operator, password="Fresh-password-2026").url == reverse("home")


def test_password_reset_for_an_unknown_address_does_not_invite_a_sign_up(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert [message.to for message in mail.outbox] == [["nobody@example.com"]]
    assert "/accounts/signup/" not in mail.outbox[0].body
    assert not User.objects.filter(email="nobody@example.com").exists()


def test_inactive_account_cannot_sign_in(client, db):
    user = verify_email(UserFactory(is_active=False))

    sign_in(client, user, password=DEFAULT_PASSWORD)

    assert not is_signed_in(client)
