from urllib.parse import quote

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.actions import lines
from audit.selectors import entries_for
from tests.factories import UserFactory
from tests.helpers import enrol_totp, is_signed_in, sign_in, verify_email


def test_admin_login_sends_visitors_to_the_sinergi_sign_in(client, db):
    response = client.get(reverse("admin:login") + "?next=/admin/")

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={quote('/admin/', safe='')}"


def test_admin_index_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.templates[0].name == "account/login.html"


def test_admin_refuses_a_signed_in_non_staff_user(client, partner_operator):
    client.force_login(partner_operator)

    index = client.get(reverse("admin:index"))
    login = client.get(index.url)

    assert index.url.startswith(reverse("admin:login"))
    assert login.status_code == 403


def test_admin_opens_for_an_enrolled_administrator(client, administrator):
    enrol_totp(administrator)
    client.force_login(administrator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["site_header"] == "Sinergi"


def test_admin_deactivation_keeps_old_sessions_dead_after_reactivation(client, administrator):
    enrol_totp(administrator)
    person = verify_email(UserFactory(full_name="Siti Rahma"))
    their_browser = Client()
    sign_in(their_browser, person)
    client.force_login(administrator)
    change_url = reverse("admin:accounts_user_change", args=[person.pk])
    form = {
        "email": person.email,
        "full_name": person.full_name,
        "position": "",
        "phone": "",
        "language": "id",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "08:00:00",
    }

    deactivated = client.post(change_url, form)  # "is_active" unticked
    client.post(change_url, {**form, "is_active": "on"})

    assert deactivated.status_code == 302
    person.refresh_from_db()
    assert person.is_active
    assert not is_signed_in(their_browser)


def test_navigation_links_the_administration_only_for_administrators(
    client, administrator, partner_operator
):
    admin_url = reverse("admin:index")
    enrol_totp(administrator)

    client.force_login(partner_operator)
    partner_page = client.get(reverse("home")).content.decode()
    client.force_login(administrator)
    admin_page = client.get(reverse("home")).content.decode()

    assert f'href="{admin_url}"' not in partner_page
    assert f'href="{admin_url}"' in admin_page


def _account_form(person, **changes):
    return {
        "email": person.email,
        "full_name": person.full_name,
        "position": "",
        "phone": "",
        "language": "id",
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "08:00:00",
        **changes,
    }


def test_admin_account_change_is_audited_with_who_and_what(client, administrator):
    enrol_totp(administrator)
    person = UserFactory(full_name="Siti Rahma")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        _account_form(person, is_staff="on", full_name="Siti Rahmawati"),
    )

    assert response.status_code == 302
    entry = entries_for(person).get()
    assert (entry.action, entry.actor, entry.changes) == (
        "accounts.account_changed",
        administrator,
        {"full_name": ["Siti Rahma", "Siti Rahmawati"], "is_staff": [False, True]},
    )
    with translation.override("en"):
        assert lines(entry) == ["Full name: Siti Rahma → Siti Rahmawati", "Administrator: no → yes"]


def test_admin_account_groups_and_new_password_are_audited(client, administrator):
    enrol_totp(administrator)
    person = UserFactory(full_name="Siti Rahma")
    group = Group.objects.create(name="Operator data")
    client.force_login(administrator)

    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        _account_form(person, groups=[group.pk]),
    )
    client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": "Kata-sandi-baru-2026", "password2": "Kata-sandi-baru-2026"},
    )

    assert [(e.action, e.changes) for e in entries_for(person).order_by("sequence")] == [
        ("accounts.access_changed", {"access": [[], ["group: Operator data"]]}),
        ("accounts.password_set", {}),
    ]
    person.refresh_from_db()
    assert person.check_password("Kata-sandi-baru-2026")


def test_admin_account_saved_without_changes_writes_no_entry(client, administrator):
    enrol_totp(administrator)
    person = UserFactory(full_name="Siti Rahma")
    client.force_login(administrator)

    client.post(reverse("admin:accounts_user_change", args=[person.pk]), _account_form(person))

    assert not entries_for(person).exists()
