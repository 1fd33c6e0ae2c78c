import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from agreements.audit_actions import Action
from agreements.models import Agreement, ScopeItem, Target
from agreements.selectors import COMMENTS_SHOWN
from agreements.targets import register_counter, unregister_counter
from audit.actions import lines
from audit.models import AuditEntry
from audit.selectors import entries_for
from audit.services import log
from notifications.models import Notification
from notifications.services import notify
from tests.factories import (
    AgreementCommentFactory,
    AgreementDocumentFactory,
    AgreementFactory,
    MembershipFactory,
    OrganisationFactory,
    ScopeItemFactory,
    SignatoryFactory,
    TargetFactory,
    UserFactory,
)
from tests.helpers import count_queries, listed, messages_of

Status = Agreement.Status
LIST = reverse("agreements:list")
CREATE = reverse("agreements:create")


@pytest.fixture
def palembang(network):
    """An MoU in negotiation between KPK and Kota Palembang."""
    return AgreementFactory(
        title="MoU Diseminasi Palembang",
        status=Status.NEGOTIATION,
        between=[network.kpk, network.city],
        dated=True,
    )


@pytest.fixture
def medan(network):
    """An agreement of Kota Medan, out of reach of every partner of Sumatera Selatan."""
    return AgreementFactory(
        title="MoU Diseminasi Medan", status=Status.ACTIVE, between=[network.kpk, network.foreign]
    )


def _url(name, agreement):
    return reverse(f"agreements:{name}", args=[agreement.pk])


# The list


def test_agreement_list_shows_every_agreement_to_kpk(network, client_as, palembang, medan):
    response = client_as(network.kpk_staff).get(LIST)

    assert response.status_code == 200
    assert sorted(listed(response, "title")) == ["MoU Diseminasi Medan", "MoU Diseminasi Palembang"]


def test_agreement_list_of_partner_shows_only_their_agreements(
    network, client_as, palembang, medan
):
    response = client_as(network.partner_operator).get(LIST)

    assert listed(response, "title") == ["MoU Diseminasi Palembang"]
    content = response.content.decode()
    assert "Medan" not in content


def test_agreement_list_of_province_manager_leaves_out_the_regencies_agreements(
    network, client_as, palembang
):
    response = client_as(network.province_manager).get(LIST)

    assert listed(response, "title") == []
    assert "No agreements yet." in response.content.decode()


def test_agreement_list_filters_by_status_kind_province_and_party(network, client_as, medan):
    draft = AgreementFactory(title="Draf PKS", kind=Agreement.Kind.PKS, between=[network.kpk])
    AgreementFactory(title="MoU Ogan Ilir", status=Status.EXPIRED, between=[network.neighbour])
    client = client_as(network.kpk_manager)

    assert listed(client.get(LIST, {"status": "active"}), "title") == ["MoU Diseminasi Medan"]
    assert listed(client.get(LIST, {"kind": "pks"}), "title") == [draft.title]
    assert listed(client.get(LIST, {"province": "12"}), "title") == ["MoU Diseminasi Medan"]
    assert listed(client.get(LIST, {"party": network.neighbour.pk}), "title") == ["MoU Ogan Ilir"]


def test_agreement_list_filters_the_expiring_soon(network, client_as):
    today = timezone.localdate()
    AgreementFactory(title="Hampir habis", status=Status.ACTIVE, ends_on=today + timedelta(30))
    AgreementFactory(title="Masih lama", status=Status.ACTIVE, ends_on=today + timedelta(300))
    AgreementFactory(title="Draf", status=Status.DRAFT, ends_on=today + timedelta(30))

    response = client_as(network.kpk_manager).get(LIST, {"status": "expiring"})

    assert listed(response, "title") == ["Hampir habis"]
    assert "Active, ends in 30 days" in response.content.decode()


def test_agreement_list_filters_those_owned_by_me(network, client_as):
    AgreementFactory(title="Milik manajer", owner=network.kpk_manager, between=[network.kpk])
    AgreementFactory(title="Milik staf", owner=network.kpk_staff, between=[network.kpk])
    AgreementFactory(title="Tanpa pemilik", between=[network.kpk])

    response = client_as(network.kpk_manager).get(LIST, {"owner": "me"})

    assert listed(response, "title") == ["Milik manajer"]
    assert '<option value="me" selected>Owned by me</option>' in response.content.decode()


def test_agreement_list_owner_filter_is_offered_to_kpk_only(network, client_as, palembang):
    kpk = client_as(network.kpk_staff).get(LIST).content.decode()
    partner = client_as(network.partner_manager).get(LIST, {"owner": "me"})

    assert 'name="owner"' in kpk
    assert 'name="owner"' not in partner.content.decode()
    # A partner owns no agreement: the filter, typed in the address, shows none.
    assert listed(partner, "title") == []


def test_agreement_list_searches_titles_and_party_numbers(network, client_as, palembang):
    AgreementFactory(title="Lain", between=[network.kpk]).parties.update(
        document_number="B-77/HM/2026"
    )
    client = client_as(network.kpk_manager)

    assert listed(client.get(LIST, {"q": "palembang"}), "title") == ["MoU Diseminasi Palembang"]
    assert listed(client.get(LIST, {"q": "b-77"}), "title") == ["Lain"]


def test_agreement_list_party_filter_offers_only_visible_organisations(
    network, client_as, palembang, medan
):
    response = client_as(network.partner_manager).get(LIST, {"party": network.foreign.pk})

    offered = list(response.context["filter"].form.fields["party"].queryset)
    assert offered == [network.city]
    # An organisation out of reach is no valid choice: the filter is ignored, nothing leaks.
    assert listed(response, "title") == ["MoU Diseminasi Palembang"]
    assert "Kota Medan" not in response.content.decode()


def test_agreement_list_lists_no_organisation_but_the_chosen_party(network, client_as, medan):
    for number in range(30):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="16.71")
    client = client_as(network.kpk_manager)

    page = client.get(LIST).content.decode()
    filtered = client.get(LIST, {"party": network.foreign.pk}).content.decode()

    assert "Dinas Contoh" not in page
    assert "Dinas Contoh" not in filtered
    assert f'<option value="{network.foreign.pk}" selected>Diskominfo Kota Medan</option>' in (
        filtered
    )


def test_agreement_list_queries_do_not_grow_with_organisations(network, client_as, medan):
    client = client_as(network.kpk_manager)
    url = f"{LIST}?party={network.foreign.pk}"
    few = count_queries(lambda: client.get(url))

    for number in range(40):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="16.71")
    many = count_queries(lambda: client.get(url))

    assert few == many


def test_agreement_list_party_search_without_script_offers_the_matches(
    network, client_as, palembang, medan
):
    for number in range(25):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="16.71")

    response = client_as(network.kpk_manager).get(LIST, {"party_search": "contoh", "party": ""})
    page = response.content.decode()

    offered = [f"Dinas Contoh {number:02}" for number in range(20)]
    assert [name for name in offered if f">{name}</option>" in page] == offered
    assert "Dinas Contoh 20" not in page
    assert 'value="contoh"' in page
    # Found but not chosen yet: the page says so and lists every agreement meanwhile.
    assert "Choose one of the organisations found, or search again." in page
    assert listed(response, "title") == ["MoU Diseminasi Medan", "MoU Diseminasi Palembang"]


def test_agreement_list_party_search_of_a_partner_finds_only_what_they_see(
    network, client_as, palembang, medan
):
    page = client_as(network.partner_manager).get(LIST, {"party_search": "kota"}).text

    assert "Diskominfo Kota Palembang</option>" in page
    assert "Kota Medan" not in page


@pytest.mark.parametrize("party", ["abc", "99999999", "99999999999999999999999", "-1"])
def test_agreement_list_refuses_a_party_that_is_no_organisation_with_a_message(
    network, client_as, palembang, party
):
    response = client_as(network.kpk_manager).get(LIST, {"party": party})

    assert response.status_code == 200
    assert "Choose one of the organisations found, or search again." in response.text
    # Bootstrap shows the message after an element marked invalid: the picker is.
    assert '<div class="organisation-picker input-group flex-nowrap is-invalid"' in response.text
    assert listed(response, "title") == ["MoU Diseminasi Palembang"]


def test_agreement_list_paginates_and_keeps_the_filters(network, client_as):
    for number in range(27):
        AgreementFactory(title=f"PKS Contoh {number:02}", kind=Agreement.Kind.PKS)

    response = client_as(network.kpk_manager).get(LIST, {"kind": "pks", "page": "2"})

    assert len(listed(response, "title")) == 2
    assert response.context["query"] == "kind=pks"
    assert "?kind=pks&amp;page=1" in response.content.decode()


def test_agreement_list_refuses_a_user_without_membership(network, client_as, medan):
    response = client_as(UserFactory(language="en")).get(LIST)

    assert response.status_code == 403
    assert "Medan" not in response.content.decode()


def test_agreement_list_sends_anonymous_to_sign_in(anonymous_client, db):
    response = anonymous_client.get(LIST)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={LIST}"


@pytest.mark.parametrize("role", ["kpk_manager", "partner_manager", "administrator"])
def test_agreement_list_queries_do_not_grow_with_rows(network, client_as, role):
    client = client_as(getattr(network, role))
    for _ in range(3):
        _agreement_of_city(network)
    few = count_queries(lambda: client.get(LIST))

    for _ in range(22):
        _agreement_of_city(network)
    many = count_queries(lambda: client.get(LIST))

    assert few == many
    assert len(client.get(LIST).context["page"].object_list) == 25


def _agreement_of_city(network):
    """An agreement every role of the test sees, with what the list shows of it."""
    agreement = AgreementFactory(
        status=Status.ACTIVE, between=[network.kpk, network.city, network.neighbour], dated=True
    )
    SignatoryFactory(agreement=agreement, organisation=network.city)
    return agreement


# The detail


def test_agreement_detail_shows_parties_scope_documents_history_and_comments(
    network, client_as, palembang, media
):
    SignatoryFactory(agreement=palembang, organisation=network.city, name="Budi Santoso")
    dissemination = ScopeItemFactory(agreement=palembang)
    TargetFactory(scope_item=dissemination)
    TargetFactory(
        scope_item=dissemination,
        metric=Target.Metric.MANUAL,
        label="talk shows on city radio",
        quantity=4,
        manual_value=3,
    )
    document = AgreementDocumentFactory(
        agreement=palembang, original_name="draf-mou.pdf", kind="draft"
    )
    AgreementCommentFactory(agreement=palembang, body="Mohon pasal 3 ditinjau kembali.")
    log(
        palembang,
        Action.STATUS_CHANGED,
        by=network.kpk_staff,
        changes={"from": "draft", "to": "negotiation", "reason": ""},
    )

    response = client_as(network.partner_operator).get(_url("detail", palembang))

    assert response.status_code == 200
    content = response.content.decode()
    for expected in [
        "Diskominfo Kota Palembang",
        f"2/NK/{palembang.pk}/2026",
        "Budi Santoso",
        "Dissemination and publication of anti-corruption material",
        "not measured yet",
        "3 / 4",
        "draf-mou.pdf",
        reverse("agreements:document", args=[palembang.pk, document.pk]),
        "Mohon pasal 3 ditinjau kembali.",
        f"{network.kpk_staff}</span> changed the status",
        "Draft → In negotiation",
    ]:
        assert expected in content, expected
    assert content.count('data-testid="event"') == 1
    [unmeasured, manual] = response.context["scope"][0][1]
    assert (unmeasured.progress, manual.progress.percent) == (None, 75)


def test_agreement_detail_shows_progress_counted_by_a_registered_counter(
    network, client_as, palembang
):
    TargetFactory(scope_item=ScopeItemFactory(agreement=palembang), quantity=24)
    register_counter(Target.Metric.KPK_CONTENT_PUBLISHED)(lambda windows: dict.fromkeys(windows, 6))
    try:
        response = client_as(network.kpk_staff).get(_url("detail", palembang))
    finally:
        unregister_counter(Target.Metric.KPK_CONTENT_PUBLISHED)

    [line] = response.context["scope"][0][1]
    assert (line.progress.achieved, line.progress.percent) == (6, 25)
    assert "not measured yet" not in response.content.decode()


def test_agreement_detail_offers_the_kpk_manager_the_allowed_moves(network, client_as, palembang):
    response = client_as(network.kpk_manager).get(_url("detail", palembang))

    assert [to for to, _label in response.context["transitions"]] == ["draft", "ready"]
    assert 'data-testid="transition-ready"' in response.content.decode()


def test_agreement_detail_offers_a_partner_no_move_but_the_discussion(
    network, client_as, palembang
):
    response = client_as(network.partner_operator).get(_url("detail", palembang))

    content = response.content.decode()
    assert response.context["transitions"] == []
    assert 'data-testid="transitions"' not in content
    assert _url("comment", palembang) in content
    assert _url("update", palembang) not in content


def test_agreement_detail_of_a_foreign_agreement_is_not_found(network, client_as, palembang, medan):
    response = client_as(network.partner_manager).get(_url("detail", medan))

    assert response.status_code == 404
    assert "Medan" not in response.content.decode()


def test_agreement_detail_marks_my_notifications_about_it_read(network, client_as, palembang):
    me = network.partner_manager
    mine = notify("agreements.commented", [me], target=palembang, context={"excerpt": "Siap"})
    others = notify("agreements.commented", [network.kpk_staff], target=palembang, context={})
    elsewhere = notify("agreements.commented", [me], target=network.city, context={})

    client_as(me).get(_url("detail", palembang))

    assert list(Notification.objects.filter(read_at=None).order_by("pk")) == sorted(
        others + elsewhere, key=lambda notification: notification.pk
    )
    assert Notification.objects.get(pk=mine[0].pk).read_at is not None


def test_agreement_detail_queries_do_not_grow_with_history(network, client_as, palembang, media):
    client = client_as(network.kpk_manager)
    url = _url("detail", palembang)
    _grow(network, palembang, 2)
    few = count_queries(lambda: client.get(url))

    _grow(network, palembang, 10)
    many = count_queries(lambda: client.get(url))

    assert few == many


def _grow(network, agreement, times):
    for _ in range(times):
        AgreementCommentFactory(agreement=agreement)
        AgreementDocumentFactory(agreement=agreement, uploaded_by=network.kpk_staff)
        log(agreement, Action.DETAILS_CHANGED, by=network.kpk_staff, changes={})
        SignatoryFactory(agreement=agreement, organisation=network.city)


def test_agreement_detail_shows_the_newest_comments_and_the_rest_on_request(
    network, client_as, palembang
):
    for number in range(COMMENTS_SHOWN + 5):
        AgreementCommentFactory(agreement=palembang, body=f"Komentar nomor {number}.")
    client = client_as(network.partner_manager)
    url = _url("detail", palembang)

    page = client.get(url).text
    everything = client.get(url, {"comments": "all"}).text

    shown = re.findall(r"Komentar nomor (\d+)\.", page)
    assert shown == [str(number) for number in range(5, COMMENTS_SHOWN + 5)]
    assert 'href="?comments=all#comments"' in page
    assert re.findall(r"Komentar nomor (\d+)\.", everything) == [
        str(number) for number in range(COMMENTS_SHOWN + 5)
    ]
    assert 'data-testid="earlier-comments"' not in everything


def test_agreement_detail_offers_no_earlier_comments_when_all_are_shown(
    network, client_as, palembang
):
    AgreementCommentFactory(agreement=palembang, body="Satu-satunya komentar.")

    page = client_as(network.partner_manager).get(_url("detail", palembang)).text

    assert "Satu-satunya komentar." in page
    assert 'data-testid="earlier-comments"' not in page


def test_agreement_detail_history_is_paginated_and_its_queries_do_not_grow(
    network, client_as, palembang
):
    client = client_as(network.kpk_manager)
    url = _url("detail", palembang)
    for number in range(2):
        log(palembang, Action.DETAILS_CHANGED, by=network.kpk_staff, changes={"n": [0, number]})
    few = count_queries(lambda: client.get(url))

    for number in range(2, 30):
        by = network.kpk_manager if number % 2 else None
        log(palembang, Action.DETAILS_CHANGED, by=by, changes={"n": [0, number]})
    many = count_queries(lambda: client.get(url))
    first = client.get(url).content.decode()
    second = client.get(url, {"history": 2}).content.decode()

    assert entries_for(palembang).count() == 30
    assert few == many
    assert (first.count('data-testid="event"'), second.count('data-testid="event"')) == (25, 5)
    # Newest first: page 1 holds entries 29 down to 5, page 2 entries 4 down to 0.
    assert ("N: 0 → 29" in first, "N: 0 → 5" in first, "N: 0 → 4" in first) == (True, True, False)
    assert ("N: 0 → 4" in second, "N: 0 → 1" in second, "N: 0 → 5" in second) == (
        True,
        True,
        False,
    )


def test_agreement_detail_offers_the_older_history_in_place_and_by_link(
    network, client_as, palembang
):
    for number in range(30):
        log(palembang, Action.DETAILS_CHANGED, by=None, changes={"n": [0, number]})
    history = _url("history", palembang)

    page = client_as(network.partner_manager).get(_url("detail", palembang)).text

    assert f'href="?history=2#history" hx-get="{history}?history=2"' in page
    assert page.count('data-testid="event"') == 25


def test_agreement_history_answers_the_next_page_as_items_to_append(network, client_as, palembang):
    for number in range(60):
        log(palembang, Action.DETAILS_CHANGED, by=None, changes={"n": [0, number]})
    client = client_as(network.partner_manager)
    url = _url("history", palembang)
    few = count_queries(lambda: client.get(url, {"history": 2}))

    for number in range(60, 90):
        log(palembang, Action.DETAILS_CHANGED, by=None, changes={"n": [0, number]})
    many = count_queries(lambda: client.get(url, {"history": 2}))
    second = client.get(url, {"history": 2}).text
    last = client.get(url, {"history": 4}).text

    assert few == many
    # Newest first: page 2 holds entries 64 down to 40; its first item takes the focus.
    assert second.count('data-testid="event"') == 25
    assert ("N: 0 → 64" in second, "N: 0 → 40" in second, "N: 0 → 65" in second) == (
        True,
        True,
        False,
    )
    assert second.index('tabindex="-1" autofocus') < second.index("N: 0 → 64")
    assert f'hx-get="{url}?history=3"' in second
    assert "<html" not in second
    # The last page has no link to older entries.
    assert last.count('data-testid="event"') == 15
    assert "?history=5" not in last


def test_agreement_history_of_an_agreement_out_of_reach_is_not_found(network, client_as, medan):
    log(medan, Action.DETAILS_CHANGED, by=None, changes={"n": [0, 1]})

    response = client_as(network.partner_manager).get(_url("history", medan))

    assert response.status_code == 404
    assert "N: 0" not in response.text


def _entry(action, changes) -> AuditEntry:
    """An unsaved audit entry about an agreement."""
    return AuditEntry(
        action=action,
        changes=changes,
        target_type=ContentType.objects.get_for_model(Agreement),
    )


@pytest.mark.django_db
def test_timeline_reads_edits_status_changes_and_documents():
    edit = _entry(
        Action.DETAILS_CHANGED,
        {"title": ["Lama", "Baru"], "ends_on": ["2027-12-31", "2028-12-31"]},
    )
    created = _entry(Action.CREATED, {"parties": [None, "KPK (1/NK)"]})
    terminated = _entry(
        Action.STATUS_CHANGED, {"from": "active", "to": "terminated", "reason": "Dilebur"}
    )
    upload = _entry(
        Action.DOCUMENT_UPLOADED,
        {"document": 4, "kind": "signed", "version": 2, "name": "scan.pdf"},
    )
    comment = _entry(Action.COMMENTED, {"comment": 9})
    signatories = _entry(Action.SIGNATORIES_CHANGED, {"signatories": ["", "Ratu Dewa, Wali Kota"]})
    figure = _entry(Action.TARGET_VALUE_ENTERED, {"5 baliho per year": [None, 3]})

    assert lines(edit) == [
        "Title: Lama → Baru",
        "Ends on: Friday, 31 December 2027 → Sunday, 31 December 2028",
    ]
    assert lines(created) == ["Parties: KPK (1/NK)"]
    assert lines(terminated) == ["Active → Terminated", "Reason: Dilebur"]
    assert lines(upload) == ["Signed scan v2: scan.pdf"]
    assert lines(comment) == []
    assert lines(signatories) == ["Signatories: Ratu Dewa, Wali Kota"]
    assert lines(figure) == ["5 baliho per year: 3"]


# Create and edit


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def agreement_payload(parties, *, title="MoU Diseminasi Antikorupsi", kind="mou", **extra):
    """What the create page posts: details, parties, no signatory, one scope row with a target."""
    data = {
        "kind": kind,
        "title": title,
        "summary": "Kerja sama diseminasi.",
        "signing_place": "Jakarta",
        "effective_on": "2026-01-01",
        "ends_on": "2028-12-31",
        **_management("parties", len(parties)),
        **_management("signatories", 0),
        **_management("scope", 1),
        "scope-0-area": ScopeItem.Area.DISSEMINATION,
        "scope-0-description": "Konten KPK di kanal mitra",
        "scope-0-metric": Target.Metric.KPK_CONTENT_PUBLISHED,
        "scope-0-quantity": "24",
        "scope-0-period": Target.Period.YEAR,
    }
    for index, (organisation, number) in enumerate(parties):
        data[f"parties-{index}-organisation"] = str(organisation.pk)
        data[f"parties-{index}-document_number"] = number
    data.update(extra)
    return data


def test_agreement_create_page_opens_for_kpk(network, client_as):
    response = client_as(network.kpk_staff).get(CREATE)

    assert response.status_code == 200
    assert "signed_on" not in response.context["form"].fields
    assert response.context["parties"].total_form_count() == 2


def test_agreement_create_drafts_the_agreement_with_parties_signatories_and_scope(
    network, client_as
):
    data = agreement_payload(
        [(network.kpk, "12/NK/2026"), (network.city, "")],
        **{
            **_management("signatories", 1),
            "signatories-0-organisation": str(network.city.pk),
            "signatories-0-name": "Budi Santoso",
            "signatories-0-position": "Kepala Dinas",
            **_management("scope", 2),
            "scope-1-area": ScopeItem.Area.DISSEMINATION,
            "scope-1-description": "Konten KPK di kanal mitra",
            "scope-1-metric": Target.Metric.TRAININGS_HELD,
            "scope-1-quantity": "2",
            "scope-1-period": Target.Period.YEAR,
        },
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert (agreement.title, agreement.status, agreement.owner) == (
        "MoU Diseminasi Antikorupsi",
        Status.DRAFT,
        network.kpk_staff,
    )
    assert [(p.organisation, p.document_number) for p in agreement.parties.all()] == [
        (network.kpk, "12/NK/2026"),
        (network.city, ""),
    ]
    assert [s.name for s in agreement.signatories.all()] == ["Budi Santoso"]
    [item] = agreement.scope_items.all()
    assert [(t.metric, t.quantity) for t in item.targets.all()] == [
        (Target.Metric.KPK_CONTENT_PUBLISHED, 24),
        (Target.Metric.TRAININGS_HELD, 2),
    ]
    # One readable entry: what was created, not a paragraph of its whole scope.
    [created] = entries_for(agreement)
    assert created.action == Action.CREATED
    assert lines(created) == [
        "Kind: Memorandum of understanding (MoU)",
        "Parties: Biro Hubungan Masyarakat KPK (12/NK/2026); Diskominfo Kota Palembang (—)",
        "Signatories: Budi Santoso, Kepala Dinas (Diskominfo Kota Palembang)",
        "Scope and targets: 1 scope item, 2 targets",
    ]


def test_agreement_form_lists_only_the_chosen_organisations(network, client_as, palembang):
    for number in range(30):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="16.71")
    client = client_as(network.kpk_staff)

    new = client.get(CREATE).text
    edit = client.get(_url("update", palembang)).text

    assert "Dinas Contoh" not in new
    assert "Diskominfo Kota Medan" not in new
    assert "Dinas Contoh" not in edit
    assert f'<option value="{network.city.pk}" selected>Diskominfo Kota Palembang</option>' in edit


def test_agreement_form_queries_do_not_grow_with_organisations(network, client_as, palembang):
    client = client_as(network.kpk_staff)
    url = _url("update", palembang)
    few = count_queries(lambda: client.get(url))

    for number in range(30):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="16.71")
    many = count_queries(lambda: client.get(url))

    assert few == many


def test_agreement_create_without_script_offers_the_organisations_searched(network, client_as):
    # Without script a drafter types in the search box and submits: the row offers the matches.
    data = agreement_payload([(network.kpk, "")], **_management("parties", 2))
    data["parties-1-organisation_search"] = "palembang"

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert f'<option value="{network.city.pk}">Diskominfo Kota Palembang</option>' in response.text
    assert "Choose one of the organisations found, or search again." in response.text
    assert "Diskominfo Kota Medan" not in response.text


def test_agreement_create_shows_the_refusal_and_stores_nothing(network, client_as):
    data = agreement_payload([(network.city, "1"), (network.neighbour, "2")])

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 200
    assert "One of the parties must be a KPK unit." in response.content.decode()
    assert not Agreement.objects.exists()


def test_agreement_create_figures_beyond_the_database_range_are_a_form_error(network, client_as):
    data = agreement_payload(
        [(network.kpk, "1"), (network.city, "2")],
        **{"scope-0-quantity": "99999999999999999999", "scope-0-manual_value": "2147483648"},
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 200
    assert response.context["scope"].errors == [
        {
            "quantity": ["Ensure this value is less than or equal to 2147483647."],
            "manual_value": ["Ensure this value is less than or equal to 2147483647."],
        }
    ]
    assert not Agreement.objects.exists()


def test_agreement_create_text_beyond_its_limit_is_a_form_error(network, client_as):
    data = agreement_payload(
        [(network.kpk, "1"), (network.city, "2")],
        summary="x" * 1_000_000,
        **{"scope-0-description": "d" * 1001},
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "summary": ["Ensure this value has at most 5000 characters (it has 1000000)."]
    }
    assert response.context["scope"].errors == [
        {"description": ["Ensure this value has at most 1000 characters (it has 1001)."]}
    ]
    assert not Agreement.objects.exists()


def test_agreement_create_rolls_back_when_a_later_step_is_refused(network, client_as):
    data = agreement_payload(
        [(network.kpk, "1"), (network.city, "2")],
        **{
            **_management("signatories", 1),
            "signatories-0-organisation": str(network.neighbour.pk),
            "signatories-0-name": "Orang Lain",
            "signatories-0-position": "Kepala Dinas",
        },
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 200
    assert "Diskominfo Kabupaten Ogan Ilir is not a party to this agreement." in (
        response.content.decode()
    )
    assert not Agreement.objects.exists()


def test_agreement_create_is_refused_to_partners(network, client_as):
    response = client_as(network.partner_manager).get(CREATE)

    assert response.status_code == 403


def test_agreement_update_prefills_and_saves_the_changes(network, client_as, palembang):
    TargetFactory(scope_item=ScopeItemFactory(agreement=palembang, description="Konten"))
    client = client_as(network.kpk_staff)
    url = _url("update", palembang)
    form = client.get(url)
    parties = [(p.organisation, p.document_number) for p in palembang.parties.all()]
    data = agreement_payload(
        parties,
        title="MoU Diseminasi Palembang 2026",
        **_management("parties", 2, initial=2),
        **_management("scope", 1, initial=1),
        **{"scope-0-description": "Konten", "scope-0-quantity": "36"},
    )
    data.pop("kind")

    response = client.post(url, data)

    assert form.context["scope"].initial == [
        {
            "area": "dissemination",
            "description": "Konten",
            "metric": "kpk_content_published",
            "quantity": 24,
            "period": "year",
            "label": "",
            "manual_value": None,
        }
    ]
    assert response.status_code == 302
    palembang.refresh_from_db()
    assert palembang.title == "MoU Diseminasi Palembang 2026"
    assert [t.quantity for t in Target.objects.filter(scope_item__agreement=palembang)] == [36]
    assert set(entries_for(palembang).values_list("action", flat=True)) == {
        Action.DETAILS_CHANGED,
        Action.SCOPE_CHANGED,
    }


def test_agreement_update_shows_the_refusal_and_changes_nothing(network, client_as):
    mou = AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.city], dated=True)
    pks = AgreementFactory(
        kind=Agreement.Kind.PKS, parent=mou, title="PKS Palembang", between=[network.kpk]
    )
    parties = [(p.organisation, p.document_number) for p in pks.parties.all()]
    data = agreement_payload(
        [*parties, (network.city, "")],
        title="PKS Palembang diperpanjang",
        parent=str(mou.pk),
        ends_on=(mou.ends_on + timedelta(days=1)).isoformat(),
        **_management("parties", 2, initial=1),
    )
    data.pop("kind")

    response = client_as(network.kpk_staff).post(_url("update", pks), data)

    assert response.status_code == 200
    assert "A PKS cannot end after its MoU ends." in response.content.decode()
    pks.refresh_from_db()
    assert (pks.title, pks.parties.count(), entries_for(pks).count()) == ("PKS Palembang", 1, 0)


def test_agreement_update_is_refused_once_signed(network, client_as, medan):
    response = client_as(network.kpk_manager).get(_url("update", medan))

    assert response.status_code == 403


def test_agreement_update_of_a_foreign_agreement_is_not_found(network, client_as, medan):
    response = client_as(network.partner_manager).get(_url("update", medan))

    assert response.status_code == 404
    assert "Medan" not in response.content.decode()


# Transitions, renewal and comments


def test_agreement_transition_moves_the_agreement(network, client_as, palembang):
    response = client_as(network.kpk_manager).post(_url("transition", palembang), {"to": "ready"})

    palembang.refresh_from_db()
    assert response.status_code == 302
    assert palembang.status == Status.READY
    assert messages_of(response) == ["The agreement is now: Ready to sign."]


def test_agreement_transition_shows_why_it_was_refused(network, client_as, palembang):
    response = client_as(network.kpk_staff).post(_url("transition", palembang), {"to": "ready"})

    palembang.refresh_from_db()
    assert palembang.status == Status.NEGOTIATION
    assert messages_of(response) == ["Only a KPK manager can mark an agreement ready to sign."]


def test_agreement_termination_needs_a_reason(network, client_as, medan):
    client = client_as(network.kpk_manager)
    url = _url("transition", medan)

    refused = client.post(url, {"to": "terminated", "reason": " "})
    medan.refresh_from_db()
    status_after_refusal = medan.status
    client.post(url, {"to": "terminated", "reason": "Digantikan MoU baru"})
    medan.refresh_from_db()

    assert messages_of(refused) == ["Give the reason for terminating the agreement."]
    assert status_after_refusal == Status.ACTIVE
    assert (medan.status, medan.termination_reason) == (Status.TERMINATED, "Digantikan MoU baru")


def test_agreement_transition_is_refused_to_a_partner(network, client_as, palembang, medan):
    client = client_as(network.partner_manager)

    own = client.post(_url("transition", palembang), {"to": "draft"})
    foreign = client.post(_url("transition", medan), {"to": "terminated", "reason": "x"})

    assert (own.status_code, foreign.status_code) == (403, 404)
    assert "Medan" not in foreign.content.decode()
    palembang.refresh_from_db()
    medan.refresh_from_db()
    assert (palembang.status, medan.status) == (Status.NEGOTIATION, Status.ACTIVE)


def test_agreement_renew_drafts_a_linked_successor(network, client_as, medan):
    response = client_as(network.kpk_staff).post(_url("renew", medan))

    successor = Agreement.objects.get(predecessor=medan)
    assert response.url == successor.get_absolute_url()
    assert (successor.status, successor.title) == (Status.DRAFT, medan.title)


def test_agreement_detail_offers_renewal_only_when_the_agreement_can_be_renewed(
    network, client_as, palembang, medan
):
    client = client_as(network.kpk_staff)

    in_negotiation = client.get(_url("detail", palembang))
    active = client.get(_url("detail", medan))
    client.post(_url("renew", medan))
    renewed = client.get(_url("detail", medan))

    assert 'data-testid="renew"' not in in_negotiation.content.decode()
    assert 'data-testid="renew"' in active.content.decode()
    assert 'data-testid="renew"' not in renewed.content.decode()


def test_agreement_renew_is_refused_to_a_partner(network, client_as, palembang, medan):
    client = client_as(network.partner_manager)

    own = client.post(_url("renew", palembang))
    foreign = client.post(_url("renew", medan))

    assert (own.status_code, foreign.status_code) == (403, 404)
    assert Agreement.objects.count() == 2


def test_agreement_comment_is_posted_by_a_party(network, client_as, palembang):
    response = client_as(network.partner_operator).post(
        _url("comment", palembang), {"body": "Kami setuju dengan pasal 3."}
    )

    assert response.url == f"{palembang.get_absolute_url()}#comments"
    assert [(c.author, c.body) for c in palembang.comments.all()] == [
        (network.partner_operator, "Kami setuju dengan pasal 3.")
    ]


def test_agreement_comment_is_refused_to_others(network, client_as, medan):
    MembershipFactory(organisation=network.neighbour)
    response = client_as(network.partner_manager).post(_url("comment", medan), {"body": "Halo"})

    assert response.status_code == 404
    assert not medan.comments.exists()


def test_agreement_comment_needs_a_body(network, client_as, palembang):
    response = client_as(network.partner_operator).post(_url("comment", palembang), {"body": ""})

    assert messages_of(response) == ["Write a comment before posting it."]
    assert not palembang.comments.exists()


# Lifecycle integrity on the pages


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (Status.DRAFT, "kpk_staff", [("negotiation", "Start negotiation")]),
        (
            Status.NEGOTIATION,
            "kpk_manager",
            [("draft", "Back to draft"), ("ready", "Mark ready to sign")],
        ),
        (
            Status.READY,
            "kpk_staff",
            [("negotiation", "Back to negotiation"), ("active", "Record the signing")],
        ),
        (Status.ACTIVE, "kpk_manager", [("terminated", "Terminate")]),
    ],
)
def test_agreement_detail_names_each_move_for_what_it_does(
    network, client_as, status, role, expected
):
    agreement = AgreementFactory(status=status, between=[network.kpk, network.city], dated=True)

    response = client_as(getattr(network, role)).get(_url("detail", agreement))

    assert [(to, str(label)) for to, label in response.context["transitions"]] == expected


def test_agreement_list_shows_and_filters_signed_not_yet_in_force(network, client_as, palembang):
    signed = AgreementFactory(
        title="PKS Berlaku Januari", status=Status.SIGNED, between=[network.kpk, network.city]
    )

    response = client_as(network.kpk_staff).get(LIST, {"status": "signed"})

    assert listed(response, "title") == [signed.title]
    assert 'data-status="signed">Signed, not yet in force</span>' in response.content.decode()


def test_recording_the_signing_with_what_is_missing_lists_each_reason_with_its_link(
    network, client_as
):
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    client = client_as(network.kpk_staff)

    response = client.post(_url("transition", agreement), {"to": "active"})

    assert response.url == f"{agreement.get_absolute_url()}#signing-problems"
    assert messages_of(response) == [
        "The signing cannot be recorded yet: see what is missing below."
    ]
    content = client.get(_url("detail", agreement)).content.decode()
    upload = reverse("agreements:document_upload", args=[agreement.pk])
    edit = _url("update", agreement)
    assert f'<a href="{upload}?kind=signed">Upload the signed scan first.</a>' in content
    assert f'<a href="{edit}#id_signed_on">Enter the date of signing first.</a>' in content


def test_upload_page_starts_with_the_kind_the_link_asks_for(network, client_as, palembang):
    response = client_as(network.kpk_staff).get(
        _url("document_upload", palembang), {"kind": "signed"}
    )

    assert response.context["form"]["kind"].value() == "signed"


def test_terminating_an_mou_says_what_ends_with_it_and_ends_it(network, client_as, medan):
    pks = AgreementFactory(
        title="PKS Medan Berjalan",
        kind=Agreement.Kind.PKS,
        parent=medan,
        status=Status.ACTIVE,
        between=[network.kpk, network.foreign],
    )
    client = client_as(network.kpk_manager)

    page = client.get(_url("detail", medan)).content.decode()
    client.post(_url("transition", medan), {"to": "terminated", "reason": "Digabung."})

    assert 'data-testid="ending-with"' in page
    assert "This agreement under it ends with it, with the same reason:" in page
    assert pks.get_absolute_url() in page
    pks.refresh_from_db()
    assert (pks.status, pks.termination_reason) == (
        Status.TERMINATED,
        "Ended with its MoU: Digabung.",
    )


def test_agreement_form_lists_every_problem_at_once_in_words(network, client_as, palembang):
    pks = AgreementFactory(
        kind=Agreement.Kind.PKS, status=Status.NEGOTIATION, between=[network.kpk, network.city]
    )
    data = {
        "parent": "",
        "title": pks.title,
        "signed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "effective_on": "2026-06-01",
        "ends_on": "2026-01-01",
        **_management("parties", 2, 2),
        "parties-0-organisation": str(network.city.pk),
        "parties-1-organisation": str(network.neighbour.pk),
        **_management("signatories", 0),
        **_management("scope", 0),
    }

    response = client_as(network.kpk_staff).post(_url("update", pks), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A PKS falls under an MoU: choose its MoU.",
        "The date of signing cannot be in the future.",
        "The end date cannot be before the effective date.",
        "One of the parties must be a KPK unit.",
    ]
    assert "agreement_ends_after_it_starts" not in response.content.decode()


# Withdrawing a version


def test_document_withdraw_strikes_it_through_and_it_no_longer_counts(network, client_as):
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    scan = AgreementDocumentFactory(agreement=agreement, original_name="draf-keliru.pdf", version=1)
    client = client_as(network.partner_manager)

    response = client.post(
        reverse("agreements:document_withdraw", args=[agreement.pk, scan.pk]),
        {"reason": "Ini draf, bukan naskah bertanda tangan."},
    )

    assert response.url == f"{agreement.get_absolute_url()}#documents"
    assert messages_of(response) == ["Signed scan version 1 withdrawn."]
    content = client.get(_url("detail", agreement)).content.decode()
    assert "<del><a href=" in content
    assert "withdrawn: Ini draf, bukan naskah bertanda tangan." in content
    assert "draf-keliru.pdf" in content


def test_document_withdraw_is_refused_to_an_operator_and_hidden_from_strangers(
    network, client_as, medan
):
    own = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    scan = AgreementDocumentFactory(agreement=own)
    foreign_scan = AgreementDocumentFactory(agreement=medan)
    client = client_as(network.partner_operator)

    refused = client.post(
        reverse("agreements:document_withdraw", args=[own.pk, scan.pk]), {"reason": "x"}
    )
    hidden = client.post(
        reverse("agreements:document_withdraw", args=[medan.pk, foreign_scan.pk]),
        {"reason": "x"},
    )

    assert (refused.status_code, hidden.status_code) == (403, 404)
    scan.refresh_from_db()
    foreign_scan.refresh_from_db()
    assert (scan.withdrawn_at, foreign_scan.withdrawn_at) == (None, None)


# Partners take part


def test_partys_manager_enters_their_own_number_on_the_detail_page(network, client_as):
    agreement = AgreementFactory(status=Status.SIGNED, between=[network.kpk, network.city])
    city = agreement.parties.get(organisation=network.city)
    kpk = agreement.parties.get(organisation=network.kpk)
    client = client_as(network.partner_manager)

    page = client.get(_url("detail", agreement))
    response = client.post(
        reverse("agreements:party_number", args=[agreement.pk, city.pk]),
        {"document_number": "045/88/2026"},
    )
    other = client.post(
        reverse("agreements:party_number", args=[agreement.pk, kpk.pk]),
        {"document_number": "dirusak"},
    )

    forms = [party.pk for party, may in page.context["parties"] if may]
    assert forms == [city.pk]
    assert messages_of(response) == ["Document number saved."]
    assert agreement.parties.get(pk=city.pk).document_number == "045/88/2026"
    assert other.status_code == 403
    assert agreement.parties.get(pk=kpk.pk).document_number == kpk.document_number


def test_discussion_stays_open_while_active(network, client_as, medan):
    response = client_as(network.kpk_staff).post(_url("comment", medan), {"body": "Bagaimana?"})

    assert messages_of(response) == ["Comment posted."]


def test_a_parent_the_partner_may_not_open_is_named_without_a_link(network, client_as):
    mou = AgreementFactory(title="MoU Provinsi", between=[network.kpk, network.province])
    predecessor = AgreementFactory(title="PKS Lama", between=[network.kpk, network.province])
    pks = AgreementFactory(
        kind=Agreement.Kind.PKS,
        parent=mou,
        predecessor=predecessor,
        between=[network.kpk, network.city],
    )
    successor = AgreementFactory(
        title="PKS Baru", predecessor=pks, between=[network.kpk, network.province]
    )

    partner = client_as(network.partner_operator).get(_url("detail", pks)).content.decode()
    kpk = client_as(network.kpk_staff).get(_url("detail", pks)).content.decode()

    for related in (mou, predecessor, successor):
        assert related.title in partner
        assert related.get_absolute_url() not in partner
        assert f'<a href="{related.get_absolute_url()}">{related.title}</a>' in kpk


# Drafting: a PKS from its MoU, the parent and party pickers, several targets per item


@pytest.fixture
def signed_mou(network):
    """An active MoU of KPK and Kota Palembang with a signatory and an item with two targets."""
    mou = AgreementFactory(
        title="MoU Palembang", status=Status.ACTIVE, between=[network.kpk, network.city], dated=True
    )
    SignatoryFactory(
        agreement=mou, organisation=network.city, name="Budi Santoso", position="Kepala Dinas"
    )
    item = ScopeItemFactory(agreement=mou, area=ScopeItem.Area.DISSEMINATION, description="Konten")
    TargetFactory(scope_item=item, quantity=24, manual_value=7)
    TargetFactory(
        scope_item=item,
        metric=Target.Metric.TRAININGS_HELD,
        quantity=2,
        period=Target.Period.YEAR,
    )
    return mou


def test_agreement_create_starts_a_pks_prefilled_from_its_mou(network, client_as, signed_mou):
    response = client_as(network.kpk_staff).get(f"{CREATE}?kind=pks&parent={signed_mou.pk}")

    assert response.context["form"].initial == {"kind": "pks", "parent": signed_mou.pk}
    assert response.context["parties"].initial == [
        {"organisation": network.kpk.pk, "document_number": ""},
        {"organisation": network.city.pk, "document_number": ""},
    ]
    assert response.context["signatories"].initial == [
        {"organisation": network.city.pk, "name": "Budi Santoso", "position": "Kepala Dinas"}
    ]
    assert response.context["scope"].initial == [
        {
            "area": "dissemination",
            "description": "Konten",
            "metric": "kpk_content_published",
            "quantity": 24,
            "period": "year",
            "label": "",
            "manual_value": None,
        },
        {
            "area": "same",
            "description": "",
            "metric": "trainings_held",
            "quantity": 2,
            "period": "year",
            "label": "",
            "manual_value": None,
        },
    ]


def test_agreement_create_prefills_nothing_from_an_mou_that_cannot_be_a_parent(network, client_as):
    draft = AgreementFactory(status=Status.DRAFT, between=[network.kpk, network.city])

    response = client_as(network.kpk_staff).get(f"{CREATE}?kind=pks&parent={draft.pk}")

    assert response.context["form"].initial == {"kind": "pks", "parent": None}
    assert response.context["parties"].initial is None
    assert response.context["scope"].initial is None


def test_agreement_detail_offers_kpk_a_pks_under_an_active_mou(
    network, client_as, signed_mou, palembang
):
    draft_pks = f"{CREATE}?kind=pks&amp;parent={signed_mou.pk}"

    assert (
        draft_pks in client_as(network.kpk_staff).get(_url("detail", signed_mou)).content.decode()
    )
    assert (
        "kind=pks"
        not in client_as(network.kpk_staff).get(_url("detail", palembang)).content.decode()
    )
    partner = client_as(network.partner_manager).get(_url("detail", signed_mou))
    assert "kind=pks" not in partner.content.decode()


def test_agreement_form_offers_only_active_agreements_as_parents(
    network, client_as, signed_mou, palembang
):
    pks = AgreementFactory(
        kind=Agreement.Kind.PKS, parent=signed_mou, status=Status.ACTIVE, between=[network.kpk]
    )

    response = client_as(network.kpk_staff).get(CREATE)

    parents = response.context["form"].fields["parent"].queryset
    assert set(parents) == {signed_mou, pks}
    page = response.content.decode()
    assert f'value="{signed_mou.pk}" data-kind="mou"' in page
    assert f'value="{pks.pk}" data-kind="pks"' in page


def test_agreement_create_refuses_a_parent_that_is_not_offered(network, client_as, palembang):
    data = agreement_payload(
        [(network.kpk, "1"), (network.city, "2")], kind="pks", parent=str(palembang.pk)
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not Agreement.objects.filter(kind="pks").exists()


def test_agreement_create_refuses_a_pks_under_a_pks(network, client_as, signed_mou):
    pks = AgreementFactory(
        kind=Agreement.Kind.PKS, parent=signed_mou, status=Status.ACTIVE, between=[network.kpk]
    )
    data = agreement_payload(
        [(network.kpk, "1"), (network.city, "2")], kind="pks", parent=str(pks.pk)
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.context["form"].errors["parent"] == [
        "This agreement cannot fall under the one chosen."
    ]


def test_agreement_update_keeps_a_parent_that_has_ended(network, client_as):
    mou = AgreementFactory(status=Status.EXPIRED, between=[network.kpk, network.city])
    pks = AgreementFactory(kind=Agreement.Kind.PKS, parent=mou, between=[network.kpk])

    response = client_as(network.kpk_staff).get(_url("update", pks))

    assert list(response.context["form"].fields["parent"].queryset) == [mou]


def test_agreement_create_adds_a_target_to_the_item_above(network, client_as):
    data = agreement_payload(
        [(network.kpk, "1"), (network.city, "")],
        **{
            **_management("scope", 2),
            "scope-1-area": "same",
            "scope-1-metric": Target.Metric.TRAININGS_HELD,
            "scope-1-quantity": "2",
            "scope-1-period": Target.Period.YEAR,
        },
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 302
    [item] = Agreement.objects.get().scope_items.all()
    assert (item.area, item.description) == ("dissemination", "Konten KPK di kanal mitra")
    assert [(t.metric, t.quantity) for t in item.targets.all()] == [
        (Target.Metric.KPK_CONTENT_PUBLISHED, 24),
        (Target.Metric.TRAININGS_HELD, 2),
    ]


def test_agreement_create_refuses_same_item_as_above_in_the_first_row(network, client_as):
    data = agreement_payload([(network.kpk, "1"), (network.city, "")], **{"scope-0-area": "same"})

    response = client_as(network.kpk_staff).post(CREATE, data)

    assert response.status_code == 200
    assert response.context["scope"].non_form_errors() == [
        "The first scope row needs its own area: there is no item above it."
    ]
    assert not Agreement.objects.exists()


def test_agreement_create_leaves_out_rows_marked_for_removal(network, client_as):
    data = agreement_payload(
        [(network.kpk, "1"), (network.city, ""), (network.neighbour, "")],
        **{"parties-2-DELETE": "on", "scope-0-quantity": "", "scope-0-DELETE": "on"},
    )

    response = client_as(network.kpk_staff).post(CREATE, data)

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert [p.organisation for p in agreement.parties.all()] == [network.kpk, network.city]
    assert not agreement.scope_items.exists()


def test_agreement_form_labels_every_row_field(network, client_as, palembang):
    page = client_as(network.kpk_staff).get(_url("update", palembang)).content.decode()

    for name in ("parties-0-organisation", "parties-0-document_number", "scope-0-area"):
        assert f'<label class="row-label" for="id_{name}">' in page


ORGANISATION_SEARCH = reverse("agreements:organisation_search")


def _found(client, q):
    response = client.get(ORGANISATION_SEARCH, {"q": q})
    return [result["label"] for result in response.json()["results"]]


def test_organisation_search_matches_name_kind_and_province_words(network, client_as):
    client = client_as(network.kpk_staff)

    assert _found(client, "palembang") == ["Diskominfo Kota Palembang"]
    assert _found(client, "media") == ["Harian Sriwijaya Pos"]
    assert _found(client, "provincial sumatera") == ["Diskominfo Provinsi Sumatera Selatan"]
    assert _found(client, "kota medan") == ["Diskominfo Kota Medan"]


def test_organisation_search_answers_at_most_twenty(network, client_as):
    for number in range(25):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="16.71")

    assert len(_found(client_as(network.kpk_staff), "contoh")) == 20


PARTY_SEARCH = reverse("agreements:party_search")


def test_party_search_finds_only_organisations_the_user_sees(network, client_as):
    response = client_as(network.partner_manager).get(PARTY_SEARCH, {"q": "diskominfo"})

    assert response.json() == {
        "results": [{"id": network.city.pk, "label": "Diskominfo Kota Palembang"}]
    }


def test_party_search_answers_kpk_at_most_twenty(network, client_as):
    for number in range(25):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="12.71")

    response = client_as(network.kpk_manager).get(PARTY_SEARCH, {"q": "contoh"})

    labels = [result["label"] for result in response.json()["results"]]
    assert labels == [f"Dinas Contoh {number:02}" for number in range(20)]


def test_organisation_search_is_refused_to_partners(network, client_as):
    response = client_as(network.partner_manager).get(ORGANISATION_SEARCH, {"q": "kota"})

    assert response.status_code == 403


def test_agreement_list_labels_its_cells_so_a_phone_shows_them_as_cards(
    network, client_as, palembang
):
    page = client_as(network.kpk_staff).get(LIST).content.decode()

    assert '<div class="stack-on-phone">' in page
    for label in ("Parties", "Status", "Term"):
        assert f'data-label="{label}"' in page


def test_agreement_detail_writes_ids_without_a_thousands_separator(network, client_as):
    # Numbers are shown with a thousands separator ("12.345", "12,345"); an id in a link or an
    # element's id must not be.
    mou = AgreementFactory(
        pk=12345,
        kind=Agreement.Kind.MOU,
        status=Status.ACTIVE,
        between=[network.kpk, network.city],
        dated=True,
    )

    page = client_as(network.kpk_staff).get(_url("detail", mou)).content.decode()

    assert "parent=12345" in page
