"""The attendance pages: the registration list, check-in, walk-ins, the daftar hadir exports."""

from io import BytesIO

import pytest
from django.template import Context, Template
from django.urls import reverse
from openpyxl import load_workbook

from events.models import Registration
from tests.factories import (
    EventFactory,
    EventInvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
)
from tests.helpers import count_queries, finish, listed, messages_of


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


@pytest.fixture
def event(network):
    return EventFactory(organisers=[network.city], title="Pelatihan Konten Palembang")


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.pk, *args])


# The registration list ---------------------------------------------------------------------------


def test_registrations_lists_every_status_with_details(client_as, network, event):
    organisation = OrganisationFactory(name="Diskominfo Kabupaten Lahat", regency_id="16.04")
    nominated = RegistrationFactory(
        event=event,
        name="Ani Lestari",
        organisation=organisation,
        source=Registration.Source.NOMINATED,
        checked_in=True,
    )
    waiting = RegistrationFactory(event=event, name="Budi", waitlisted=True)
    RegistrationFactory(name="Another Event's Person")

    response = client_as(network.partner_manager).get(url("registrations", event))

    assert response.status_code == 200
    assert listed(response, "name") == ["Ani Lestari", "Budi"]
    page = response.content.decode()
    assert "Diskominfo Kabupaten Lahat" in page
    assert "Kabupaten Lahat" in page
    assert "Nominated by their organisation" in page
    assert "On the waiting list" in page
    assert "WIB" in page
    assert response.context["counts"] == {"registered": 1, "waiting": 1, "checked_in": 1}
    assert {nominated, waiting} == set(response.context["page"].object_list)


def test_registrations_filter_by_status_and_search(client_as, network, event):
    RegistrationFactory(event=event, name="Ani Lestari", institution="Tribun Sumsel")
    RegistrationFactory(event=event, name="Budi", institution="Tribun Sumsel", waitlisted=True)
    RegistrationFactory(event=event, name="Citra", institution="Detik")
    client = client_as(network.partner_manager)

    by_status = client.get(url("registrations", event), {"status": "waitlisted"})
    by_words = client.get(url("registrations", event), {"q": "tribun"})
    both = client.get(url("registrations", event), {"q": "tribun", "status": "confirmed"})

    assert listed(by_status, "name") == ["Budi"]
    assert listed(by_words, "name") == ["Ani Lestari", "Budi"]
    assert listed(both, "name") == ["Ani Lestari"]


def test_registrations_queries_do_not_grow_with_the_list(client_as, network, event):
    client = client_as(network.partner_manager)
    organisation = OrganisationFactory(regency_id="16.04")

    def add(count):
        for _ in range(count):
            RegistrationFactory(event=event, organisation=organisation, checked_in=True)
            RegistrationFactory(event=event, waitlisted=True)

    add(2)
    few = count_queries(lambda: client.get(url("registrations", event)))
    add(15)
    many = count_queries(lambda: client.get(url("registrations", event)))

    assert few == many


def test_registrations_refused_to_an_organiser_member_who_is_not_a_manager(
    client_as, network, event
):
    response = client_as(network.partner_operator).get(url("registrations", event))

    assert response.status_code == 403


def test_registrations_of_an_invisible_event_are_hidden(client_as, network):
    foreign = EventFactory(organisers=[network.foreign])
    RegistrationFactory(event=foreign, name="Secret Person")

    response = client_as(network.partner_manager).get(url("registrations", foreign))

    assert response.status_code == 404
    assert "Secret Person" not in response.content.decode()


def test_registrations_refused_to_an_invited_manager(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)

    response = client_as(network.partner_manager).get(url("registrations", event))

    assert response.status_code == 403


# The check-in page --------------------------------------------------------------------------------


def test_checkin_page_lists_confirmed_people_with_counts(client_as, network, event):
    RegistrationFactory(event=event, name="Ani", checked_in=True)
    RegistrationFactory(event=event, name="Budi")
    RegistrationFactory(event=event, name="Citra", waitlisted=True)

    response = client_as(network.partner_operator).get(url("checkin", event))

    assert response.status_code == 200
    assert listed(response, "name") == ["Ani", "Budi"]
    page = response.content.decode()
    assert 'data-testid="scanner"' in page
    assert 'name="viewport"' in page
    assert response.context["counts"] == {"registered": 2, "waiting": 1, "checked_in": 1}
    assert page.count('data-testid="check-in"') == 1
    assert page.count('data-testid="undo"') == 1


def test_checkin_search_by_htmx_answers_only_the_results(client_as, network, event):
    RegistrationFactory(event=event, name="Ani Lestari")
    RegistrationFactory(event=event, name="Budi")

    response = client_as(network.partner_operator).get(
        url("checkin", event), {"q": "ani"}, headers={"HX-Request": "true"}
    )

    assert listed(response, "name") == ["Ani Lestari"]
    page = response.content.decode()
    assert "<html" not in page
    assert "Ani Lestari" in page
    assert "HX-Request" in response["Vary"]


def test_checkin_search_without_match_offers_the_walk_in(client_as, network, event):
    response = client_as(network.partner_operator).get(url("checkin", event), {"q": "zzz"})

    assert "Add them as a walk-in if they are here." in response.content.decode()


def test_checkin_page_queries_do_not_grow(client_as, network, event):
    client = client_as(network.partner_operator)
    RegistrationFactory.create_batch(2, event=event)
    few = count_queries(lambda: client.get(url("checkin", event)))
    RegistrationFactory.create_batch(20, event=event, checked_in=True)
    many = count_queries(lambda: client.get(url("checkin", event)))

    assert few == many


def test_checkin_refused_to_an_invited_member(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)

    response = client_as(network.partner_operator).get(url("checkin", event))

    assert response.status_code == 403


# Tap to check in ----------------------------------------------------------------------------------


def test_checkin_mark_checks_in_and_returns_to_the_page(client_as, network, event):
    registration = RegistrationFactory(event=event, name="Ani")

    response = client_as(network.partner_operator).post(
        url("checkin_mark", event, registration.pk), {"next": url("checkin", event) + "?q=an"}
    )

    assert response.status_code == 302
    assert response.url == url("checkin", event) + "?q=an"
    assert messages_of(response) == ["Ani is checked in."]
    registration.refresh_from_db()
    assert registration.checked_in_by == network.partner_operator


def test_checkin_mark_by_htmx_answers_the_row_and_the_counts(client_as, network, event):
    registration = RegistrationFactory(event=event, name="Ani")

    response = client_as(network.partner_operator).post(
        url("checkin_mark", event, registration.pk), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="registration-{registration.pk}"' in page
    assert 'data-testid="undo"' in page
    assert 'hx-swap-oob="true"' in page
    assert response.context["counts"]["checked_in"] == 1


def test_checkin_row_ids_are_not_written_with_thousands_separators(client_as, network, event):
    # The row is htmx's swap target: "registration-12,345" would match no element.
    registration = RegistrationFactory(pk=12345, event=event, name="Ani")

    response = client_as(network.partner_operator).post(
        url("checkin_mark", event, registration.pk), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert 'id="registration-12345"' in page
    assert 'hx-target="#registration-12345"' in page


def test_checkin_mark_undo_takes_it_back(client_as, network, event):
    registration = RegistrationFactory(event=event, name="Ani", checked_in=True)

    response = client_as(network.partner_operator).post(
        url("checkin_mark", event, registration.pk), {"undo": "1"}
    )

    assert messages_of(response) == ["Ani's check-in is taken back."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_checkin_mark_of_a_waitlisted_person_is_refused(client_as, network, event):
    registration = RegistrationFactory(event=event, name="Budi", waitlisted=True)

    response = client_as(network.partner_operator).post(url("checkin_mark", event, registration.pk))

    assert messages_of(response) == ["Budi is on the waiting list, not registered with a seat."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_checkin_mark_of_another_events_registration_is_hidden(client_as, network, event):
    other = RegistrationFactory(event=EventFactory(organisers=[network.city]))

    response = client_as(network.partner_operator).post(url("checkin_mark", event, other.pk))

    assert response.status_code == 404
    assert Registration.objects.get(pk=other.pk).checked_in_at is None


def test_checkin_mark_refuses_get(client_as, network, event):
    registration = RegistrationFactory(event=event)

    response = client_as(network.partner_operator).get(url("checkin_mark", event, registration.pk))

    assert response.status_code == 405


# Scan a ticket ------------------------------------------------------------------------------------


def test_checkin_token_checks_in_this_events_ticket(client_as, network, event):
    registration = RegistrationFactory(event=event, name="Ani")

    response = client_as(network.partner_operator).post(
        url("checkin_token", event),
        {"code": f"https://sinergi.kpk.go.id/events/tickets/{registration.token}/", "scan": "1"},
    )

    assert response.url == url("checkin", event) + "?scan=1"
    [message] = messages_of(response)
    assert message.startswith("Ani is checked in (")
    assert message.endswith(" WIB).")
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


def test_checkin_token_twice_says_already(client_as, network, event):
    registration = RegistrationFactory(event=event, name="Ani")
    client = client_as(network.partner_operator)
    client.post(url("checkin_token", event), {"code": registration.token}, follow=True)

    response = client.post(url("checkin_token", event), {"code": registration.token})

    [message] = messages_of(response)
    assert message.startswith("Ani was already checked in at ")


def test_checkin_token_of_another_event_is_refused(client_as, network, event):
    elsewhere = RegistrationFactory(event=EventFactory(organisers=[network.city]), name="Ani")

    response = client_as(network.partner_operator).post(
        url("checkin_token", event), {"code": elsewhere.token}
    )

    assert messages_of(response) == ["This QR code is not a ticket for this event."]
    assert Registration.objects.get(pk=elsewhere.pk).checked_in_at is None


def test_checkin_token_of_a_cancelled_registration_is_refused(client_as, network, event):
    registration = RegistrationFactory(
        event=event, name="Ani", status=Registration.Status.CANCELLED
    )

    response = client_as(network.partner_operator).post(
        url("checkin_token", event), {"code": registration.token}
    )

    assert messages_of(response) == ["Ani cancelled their registration."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_checkin_token_without_a_code_is_refused(client_as, network, event):
    response = client_as(network.partner_operator).post(url("checkin_token", event), {})

    assert messages_of(response) == ["Scan a ticket's QR code or type its code."]


# Walk-ins -----------------------------------------------------------------------------------------


def test_walk_in_adds_a_checked_in_registration(client_as, network, event):
    response = client_as(network.partner_operator).post(
        url("walk_in", event),
        {
            "name": "Budi Santoso",
            "institution": "Inspektorat Kota Palembang",
            "position": "Auditor",
            "email": "",
            "phone": "+62 711 352020",
        },
    )

    assert response.url == url("checkin", event)
    assert messages_of(response) == ["Budi Santoso is added and checked in."]
    registration = event.registrations.get()
    assert registration.source == Registration.Source.WALK_IN
    assert registration.checked_in_by == network.partner_operator
    assert registration.phone == "+62 711 352020"


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"institution": "  "}, "institution", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        (
            {"phone": "call me"},
            "phone",
            "Enter a phone number of digits, for example +62 811 1234 5678.",
        ),
    ],
)
def test_walk_in_with_bad_input_is_refused(client_as, network, event, data, field, error):
    valid = {"name": "Budi", "institution": "Inspektorat", "position": "Auditor"}

    response = client_as(network.partner_operator).post(url("walk_in", event), valid | data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [error]
    assert event.registrations.count() == 0


def test_walk_in_with_a_registered_address_is_refused(client_as, network, event):
    RegistrationFactory(event=event, email="budi@example.id")

    response = client_as(network.partner_operator).post(
        url("walk_in", event),
        {"name": "Budi", "institution": "X", "position": "Y", "email": "budi@example.id"},
    )

    assert response.context["form"].errors["email"] == [
        "budi@example.id is already registered for this event: check them in from the list."
    ]
    assert event.registrations.count() == 1


def test_walk_in_at_a_cancelled_event_is_refused_on_the_form(client_as, network):
    event = EventFactory(organisers=[network.city], status="cancelled", cancel_reason="Banjir")

    response = client_as(network.partner_operator).post(
        url("walk_in", event), {"name": "Budi", "institution": "X", "position": "Y"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This event was cancelled: nobody can be checked in."
    ]
    assert event.registrations.count() == 0


# Exports ------------------------------------------------------------------------------------------


def test_attendance_pdf_downloads(client_as, network, event):
    RegistrationFactory(event=event, name="Nguyễn Văn Ánh", checked_in=True)

    response = client_as(network.partner_manager).get(url("attendance_pdf", event))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="daftar-hadir-')
    assert response.content.startswith(b"%PDF")


def test_attendance_xlsx_of_everyone(client_as, network, event):
    RegistrationFactory(event=event, name="Ani", checked_in=True)
    RegistrationFactory(event=event, name="Budi")
    RegistrationFactory(event=event, name="Citra", waitlisted=True)

    response = client_as(network.partner_manager).get(url("attendance_xlsx", event), {"all": "1"})
    data = b"".join(response.streaming_content)

    assert response["Content-Disposition"].startswith('attachment; filename="daftar-peserta-')
    names = [row[1] for row in load_workbook(BytesIO(data)).active.iter_rows(values_only=True)]
    assert names == ["Name", "Ani", "Budi"]


@pytest.mark.parametrize("name", ["attendance_pdf", "attendance_xlsx"])
def test_exports_queries_do_not_grow(client_as, network, event, name):
    client = client_as(network.partner_manager)
    organisation = OrganisationFactory(regency_id="16.04")

    def fetch():
        response = client.get(url(name, event))
        finish(response)
        return response

    RegistrationFactory.create_batch(2, event=event, organisation=organisation, checked_in=True)
    few = count_queries(fetch)
    RegistrationFactory.create_batch(30, event=event, organisation=organisation, checked_in=True)
    many = count_queries(fetch)

    assert few == many


@pytest.mark.parametrize("name", ["attendance_pdf", "attendance_xlsx"])
def test_exports_refused_to_an_organiser_member_who_is_not_a_manager(
    client_as, network, event, name
):
    response = client_as(network.partner_operator).get(url(name, event))
    finish(response)

    assert response.status_code == 403


# The event page's box -----------------------------------------------------------------------------


BOX = Template('{% include "events/includes/detail_attendance.html" %}')


def test_attendance_box_shows_counts_and_links_to_an_organiser_manager(network, event):
    RegistrationFactory(event=event, checked_in=True)

    html = BOX.render(Context({"event": event, "user": network.partner_manager}))

    assert 'data-testid="attendance-box"' in html
    assert url("registrations", event) in html
    assert url("checkin", event) in html
    assert url("attendance_pdf", event) in html
    assert 'data-testid="count-checked-in">1<' in html


def test_attendance_box_offers_only_check_in_to_a_member(network, event):
    html = BOX.render(Context({"event": event, "user": network.partner_operator}))

    assert url("checkin", event) in html
    assert url("registrations", event) not in html


def test_attendance_box_is_empty_for_an_invited_member(network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)

    html = BOX.render(Context({"event": event, "user": network.partner_manager}))

    assert html.strip() == ""
