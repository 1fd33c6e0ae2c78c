"""The event's pages (list, page, form, agenda, invitations and their list, cancelling) checked by
axe-core at desktop and phone width, as KPK and as a partner manager."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events import registrations, services
from events.models import Event
from partnerships.demo import DISKOMINFO_SUMSEL
from partnerships.models import Organisation, Regency
from tests.browser.support import assert_accessible, journey, sign_in

pytestmark = journey

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"


def _training() -> Event:
    kpk_manager = User.objects.get(email=KPK_MANAGER)
    kpk = Organisation.objects.filter(kind="kpk_unit", memberships__user=kpk_manager).first()
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=14)
    event = services.create_event(
        by=kpk_manager,
        organisers=[kpk],
        kind="training",
        title="Pelatihan Konten Antikorupsi Diskominfo Sumatera Selatan",
        description="Pelatihan untuk Diskominfo kabupaten dan kota.",
        venue_name="Hotel Aryaduta Palembang",
        venue_address="Jl. POM IX, Palembang",
        venue_regency=Regency.objects.get(pk="16.71"),
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        capacity=40,
        visibility="open",
    )
    services.add_session(
        event,
        by=kpk_manager,
        title="Menulis berita berbasis data",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        speakers=[("Ali Fikri", "Juru Bicara", "KPK")],
    )
    services.invite(event, by=kpk_manager, provinces=["16"])
    services.transition(event, "published", by=kpk_manager)
    # One declines, so the event page quotes a reason and the invitations' list shows one.
    registrations.decline_invitation(
        event.invitations.get(organisation__name=DISKOMINFO_SUMSEL),
        reason="Bertepatan dengan rapat anggaran daerah.",
        by=User.objects.get(email=SUMSEL_MANAGER),
    )
    return event


def test_event_pages_pass_axe_for_kpk(page, demo, console):
    event = _training()
    session = event.sessions.get()
    sign_in(page, KPK_MANAGER, totp=True)

    for path in (
        reverse("events:list"),
        reverse("events:list") + "?tab=past&kind=training",
        reverse("events:create"),
        event.get_absolute_url(),
        reverse("events:update", args=[event.pk]),
        reverse("events:agenda", args=[event.pk]),
        reverse("events:session_update", args=[event.pk, session.pk]),
        reverse("events:invite", args=[event.pk]),
        reverse("events:invitations", args=[event.pk]),
        reverse("events:invitations", args=[event.pk]) + "?status=declined&q=tidak-ada",
        reverse("events:cancel", args=[event.pk]),
        # The organisers' attendance pages other journeys do not open.
        reverse("events:registrations", args=[event.pk]),
        reverse("events:walk_in", args=[event.pk]),
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_event_pages_pass_axe_for_a_partner_manager(page, demo, console):
    event = _training()
    sign_in(page, SUMSEL_MANAGER)

    for path in (reverse("events:list"), reverse("events:create"), event.get_absolute_url()):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    assert Organisation.objects.filter(name=DISKOMINFO_SUMSEL).exists()
