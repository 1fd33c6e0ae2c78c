"""The review's pages: the moves and comments posted from the item page, the versions compared,
and the review part the item page includes."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from content import services
from content.models import ContentItem, ItemComment
from content.selectors import review_context
from partnerships.models import Channel
from tests.factories import (
    AssetFactory,
    CaptionFactory,
    ContentItemFactory,
    ItemCommentFactory,
    ItemVersionFactory,
    NoticeFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import count_queries, messages_of

Status = ContentItem.Status


@pytest.fixture
def city_item(network):
    return ContentItemFactory(
        partner=True, owner=network.city, title="Video Sosialisasi Gratifikasi"
    )


def url(name, item):
    return reverse(f"content:{name}", args=[item.pk])


def status_of(item):
    return ContentItem.objects.get(pk=item.pk).status


# Moves


def test_the_owner_submits_from_the_item_page(network, client_as, city_item):
    client = client_as(network.partner_operator)

    response = client.post(url("transition", city_item), {"to": "submitted", "note": "Siap"})

    assert response.status_code == 302
    assert response.url == f"{url('item_detail', city_item)}#review"
    assert status_of(city_item) == Status.SUBMITTED
    assert city_item.versions.get().note == "Siap"
    assert messages_of(response) == ["The item is now: Submitted for review."]


def test_a_move_returns_to_the_page_it_came_from(network, client_as, city_item):
    client = client_as(network.partner_operator)
    back = url("versions", city_item)

    response = client.post(url("transition", city_item), {"to": "submitted", "next": back})

    assert response.url == back


def test_a_move_never_returns_to_another_site(network, client_as, city_item):
    client = client_as(network.partner_operator)

    response = client.post(
        url("transition", city_item), {"to": "submitted", "next": "https://example.com/"}
    )

    assert response.url == f"{url('item_detail', city_item)}#review"


def test_kpk_asks_for_changes_with_the_reason_typed(network, client_as, city_item):
    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator)
    client = client_as(network.kpk_staff)

    client.post(
        url("transition", city_item), {"to": "changes_requested", "reason": "Tambahkan subtitle."}
    )

    assert status_of(city_item) == Status.CHANGES_REQUESTED
    assert city_item.versions.get().decision_reason == "Tambahkan subtitle."


def test_asking_for_changes_without_a_reason_says_so_and_changes_nothing(
    network, client_as, city_item
):
    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator)
    client = client_as(network.kpk_staff)

    response = client.post(url("transition", city_item), {"to": "changes_requested"})

    assert response.status_code == 302
    assert messages_of(response) == ["Say what should change."]
    assert status_of(city_item) == Status.SUBMITTED


def test_the_refusal_reads_in_the_users_language(network, client_as, city_item):
    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator)
    network.kpk_staff.language = "id"
    network.kpk_staff.save()
    client = client_as(network.kpk_staff)

    response = client.post(url("transition", city_item), {"to": "changes_requested"})

    assert messages_of(response) == ["Sebutkan apa yang perlu diubah."]


def test_a_move_the_state_no_longer_allows_is_explained(network, client_as, city_item):
    client = client_as(network.partner_operator)
    client.post(url("transition", city_item), {"to": "submitted"})

    response = client.post(url("transition", city_item), {"to": "submitted"})

    assert messages_of(response)[-1] == (
        "A content item cannot move from “Submitted for review” to “Submitted for review”."
    )
    assert city_item.versions.count() == 1


def test_an_unknown_move_is_refused(network, client_as, city_item):
    response = client_as(network.kpk_staff).post(url("transition", city_item), {"to": "gone"})

    assert messages_of(response) == ["This change of status is not known."]
    assert status_of(city_item) == Status.DRAFT


def test_a_partner_may_not_approve(network, client_as, city_item):
    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator)

    response = client_as(network.partner_manager).post(
        url("transition", city_item), {"to": "approved"}
    )

    assert response.status_code == 403
    assert status_of(city_item) == Status.SUBMITTED


def test_another_partner_gets_not_found(network, client_as):
    neighbours = ContentItemFactory(partner=True, owner=network.neighbour)

    response = client_as(network.partner_manager).post(
        url("transition", neighbours), {"to": "submitted"}
    )

    assert response.status_code == 404
    assert status_of(neighbours) == Status.DRAFT


# Comments


def test_the_owner_comments_from_the_item_page(network, client_as, city_item):
    response = client_as(network.partner_operator).post(
        url("comment", city_item), {"body": "Mohon masukan."}
    )

    assert response.url == f"{url('item_detail', city_item)}#review-comments"
    assert messages_of(response) == ["Comment posted."]
    assert ItemComment.objects.get().body == "Mohon masukan."


def test_a_co_producer_comments_on_a_joint_production(network, client_as):
    item = ContentItemFactory(owner=network.city, origin=ContentItem.Origin.JOINT)
    item.co_producers.set([network.province])

    client_as(network.province_manager).post(url("comment", item), {"body": "Setuju."})

    assert ItemComment.objects.get().organisation == network.province


def test_an_empty_comment_is_refused(network, client_as, city_item):
    response = client_as(network.partner_operator).post(url("comment", city_item), {"body": " "})

    assert messages_of(response) == ["Write something to comment."]
    assert ItemComment.objects.count() == 0


@pytest.mark.parametrize("role", ["province_manager", "partner_manager"])
def test_who_does_not_see_the_item_gets_not_found_when_commenting(network, client_as, role):
    neighbours = ContentItemFactory(partner=True, owner=network.neighbour)

    response = client_as(getattr(network, role)).post(
        url("comment", neighbours), {"body": "Komentar"}
    )

    assert response.status_code == 404
    assert ItemComment.objects.count() == 0


def test_an_archived_item_refuses_comments(network, client_as, city_item):
    services.transition(city_item, Status.ARCHIVED, by=network.kpk_staff)

    response = client_as(network.partner_operator).post(
        url("comment", city_item), {"body": "Komentar"}
    )

    assert response.status_code == 403
    assert ItemComment.objects.count() == 0


@pytest.mark.parametrize("name", ["transition", "comment"])
def test_moves_and_comments_are_posted(network, client_as, city_item, name):
    assert client_as(network.partner_operator).get(url(name, city_item)).status_code == 405


# The versions compared


@pytest.fixture
def reviewed(network, city_item):
    """A partner's item submitted twice: changes were asked for, then it was approved."""
    old_theme = ThemeFactory(name="Tema lama", slug="tema-lama")
    new_theme = ThemeFactory(name="Tema baru", slug="tema-baru")
    city_item.themes.set([old_theme])
    CaptionFactory(item=city_item, platform=Channel.Kind.INSTAGRAM, text="Tolak gratifikasi!")
    kept = AssetFactory(item=city_item, original_name="naskah.pdf")
    dropped = AssetFactory(item=city_item, original_name="logo-lama.pdf")
    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator)
    services.transition(
        city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="Logo KPK terlalu kecil"
    )
    services.update_item(
        city_item,
        by=network.partner_operator,
        title="Video Sosialisasi Gratifikasi di Sekolah",
        themes=[new_theme],
    )
    services.set_captions(
        city_item, {"instagram": "Tolak gratifikasi, laporkan!"}, by=network.partner_operator
    )
    dropped.delete()
    AssetFactory(item=city_item, original_name="logo-baru.pdf")
    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator)
    services.transition(city_item, Status.APPROVED, by=network.kpk_manager)
    assert kept.pk
    return city_item


def test_versions_page_lists_every_version_with_its_decision(network, client_as, reviewed):
    response = client_as(network.partner_operator).get(url("versions", reviewed))

    assert response.status_code == 200
    assert [(v.number, v.decision, v.decision_reason) for v in response.context["versions"]] == [
        (2, "approved", ""),
        (1, "changes_requested", "Logo KPK terlalu kecil"),
    ]
    content = response.content.decode()
    assert content.count('data-testid="version"') == 2
    assert "Logo KPK terlalu kecil" in content


def test_versions_page_compares_the_latest_two_field_by_field(network, client_as, reviewed):
    response = client_as(network.kpk_staff).get(url("versions", reviewed))

    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    changes = {str(change.label): change for change in response.context["changes"]}
    assert list(changes) == ["Title", "Themes", "Caption for Instagram", "Files"]
    assert [(s.op, s.text) for s in changes["Title"].segments] == [
        ("", "Video Sosialisasi Gratifikasi"),
        ("+", " di Sekolah"),
    ]
    assert (changes["Themes"].removed, changes["Themes"].added) == (["Tema lama"], ["Tema baru"])
    assert [(s.op, s.text) for s in changes["Caption for Instagram"].segments] == [
        ("", "Tolak "),
        ("-", "gratifikasi!"),
        ("+", "gratifikasi, laporkan!"),
    ]
    assert (changes["Files"].removed, changes["Files"].added) == (
        ["logo-lama.pdf"],
        ["logo-baru.pdf"],
    )
    content = response.content.decode()
    assert '<ins class="bg-success-subtle text-success-emphasis">' in content
    assert "logo-lama.pdf</del>" in content


def test_versions_page_compares_the_versions_asked_for(network, client_as, reviewed):
    ItemVersionFactory(item=reviewed, number=3, snapshot=reviewed.versions.get(number=1).snapshot)

    response = client_as(network.kpk_staff).get(url("versions", reviewed) + "?a=3&b=1")

    # The older version is always on the left.
    assert (response.context["old"].number, response.context["new"].number) == (1, 3)
    assert response.context["changes"] == []
    assert 'data-testid="no-changes"' in response.content.decode()


def test_versions_page_compares_nothing_with_one_version(network, client_as, city_item):
    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator)

    response = client_as(network.kpk_staff).get(url("versions", city_item))

    assert response.status_code == 200
    assert response.context["changes"] is None


def test_versions_page_of_an_item_without_versions(network, client_as, city_item):
    response = client_as(network.partner_operator).get(url("versions", city_item))

    assert response.status_code == 200
    assert response.context["versions"] == []
    assert "no version yet" in response.content.decode()


@pytest.mark.parametrize("query", ["?a=7", "?b=0", "?a=satu"])
def test_versions_page_of_a_version_that_does_not_exist_is_not_found(
    network, client_as, reviewed, query
):
    response = client_as(network.kpk_staff).get(url("versions", reviewed) + query)

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["partner_manager", "province_manager"])
def test_versions_page_is_not_found_for_who_may_not_see_the_item(network, client_as, role):
    neighbours = ContentItemFactory(partner=True, owner=network.neighbour, title="Rahasia")
    ItemVersionFactory(item=neighbours, number=1)

    response = client_as(getattr(network, role)).get(url("versions", neighbours))

    assert response.status_code == 404
    assert "Rahasia" not in response.content.decode()


def test_versions_page_queries_do_not_grow_with_versions(network, client_as, city_item):
    client = client_as(network.kpk_staff)
    for number in range(1, 3):
        ItemVersionFactory(item=city_item, number=number, created_by=network.partner_operator)
    few = count_queries(lambda: client.get(url("versions", city_item)))

    for number in range(3, 20):
        ItemVersionFactory(item=city_item, number=number, created_by=network.partner_operator)
    many = count_queries(lambda: client.get(url("versions", city_item)))

    assert few == many


# The review part of the item page


def render_review(item, user):
    return render_to_string(
        "content/includes/item_review.html", {"review": review_context(item, user)}
    )


def test_review_part_offers_kpk_its_moves_with_a_reason_box(network, reviewed):
    item = ContentItemFactory(partner=True, owner=network.city)
    services.transition(item, Status.SUBMITTED, by=network.partner_operator)

    html = render_review(item, network.kpk_staff)

    assert 'data-testid="move-approved"' in html
    assert 'data-testid="move-changes_requested"' in html
    assert 'name="reason" rows="3" maxlength="2000" required' in html
    assert 'data-testid="move-submitted"' not in html


def test_review_part_shows_versions_and_comments_newest_first(network, reviewed):
    services.add_comment(reviewed, body="Komentar pertama", by=network.partner_operator)
    services.add_comment(reviewed, body="Komentar kedua", by=network.kpk_staff)

    html = render_review(reviewed, network.partner_operator)

    assert html.index("Komentar kedua") < html.index("Komentar pertama")
    assert html.count('data-testid="review-version"') == 2
    assert "Logo KPK terlalu kecil" in html
    assert 'data-status="approved"' in html
    assert 'data-testid="review-moves"' not in html  # a partner has no move on approved content
    assert f'action="/content/{reviewed.pk}/comments/"' in html


def test_item_page_queries_do_not_grow_with_versions_comments_and_notices(
    network, client_as, reviewed
):
    client = client_as(network.kpk_manager)
    numbers = iter(range(10, 20))

    def grow(times):
        for _ in range(times):
            # Named by their e-mail addresses: every column a name is made of is read.
            person = UserFactory(full_name="")
            version = ItemVersionFactory(
                item=reviewed,
                number=next(numbers),
                created_by=person,
                decision="approved",
                decided_by=person,
            )
            ItemCommentFactory(item=reviewed, version=version, author=person)
            NoticeFactory(item=reviewed, version=version, issued_by=person)

    grow(1)
    few = count_queries(lambda: client.get(url("item_detail", reviewed)))
    grow(4)
    many = count_queries(lambda: client.get(url("item_detail", reviewed)))
    html = client.get(url("item_detail", reviewed)).content.decode()

    assert few == many
    assert html.count('data-testid="review-version"') == 7
    assert html.count('data-testid="review-comment"') == 5
    assert html.count("@example.go.id") == 5 * 4


def test_review_part_offers_the_owner_the_submission_with_a_note(network, city_item):
    html = render_review(city_item, network.partner_operator)

    assert 'data-testid="move-submitted"' in html
    assert 'name="note"' in html
    assert "Not submitted yet" in html


def test_review_part_of_an_archived_item_takes_no_comment(network, city_item):
    services.transition(city_item, Status.ARCHIVED, by=network.kpk_staff)

    html = render_review(ContentItem.objects.get(pk=city_item.pk), network.kpk_staff)

    assert 'data-testid="post-comment"' not in html
    assert 'data-testid="review-moves"' not in html
