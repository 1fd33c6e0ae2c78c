"""Agreement services: creating, editing, parties, signatories, scope, renewal and discussion."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services as agreements
from agreements.audit_actions import Action
from agreements.models import (
    Agreement,
    AgreementComment,
    ScopeItem,
    Signatory,
    Target,
)
from agreements.services import (
    AgreementError,
    PartyInput,
    ScopeInput,
    SignatoryInput,
    TargetInput,
)
from audit.models import AuditEntry
from audit.selectors import entries_for
from notifications.models import Delivery, Notification
from partnerships.models import Role
from tests.factories import (
    AgreementDocumentFactory,
    AgreementFactory,
    MembershipFactory,
    ScopeItemFactory,
    SignatoryFactory,
    TargetFactory,
    UserFactory,
    member,
)

Status = Agreement.Status
Kind = Agreement.Kind


def _create(network, **fields):
    values = {
        "kind": Kind.MOU,
        "title": "Nota Kesepahaman Pencegahan Korupsi",
        "parties": [(network.kpk, "12/NK/2026"), (network.province, "")],
        "by": network.kpk_staff,
        **fields,
    }
    return agreements.create_agreement(**values)


def _refusal(call, *args, **kwargs) -> list[str]:
    with pytest.raises(AgreementError) as refusal:
        call(*args, **kwargs)
    return refusal.value.messages


# create_agreement


def test_create_agreement_makes_a_draft_owned_by_its_author(network):
    agreement = _create(network, summary="Diseminasi", effective_on=date(2026, 1, 1))

    assert (agreement.kind, agreement.status, agreement.owner, agreement.summary) == (
        Kind.MOU,
        Status.DRAFT,
        network.kpk_staff,
        "Diseminasi",
    )
    assert [(p.organisation, p.document_number, p.position) for p in agreement.parties.all()] == [
        (network.kpk, "12/NK/2026", 0),
        (network.province, "", 1),
    ]
    event = entries_for(agreement).get()
    assert (event.action, event.actor, event.changes) == (
        Action.CREATED,
        network.kpk_staff,
        {
            "kind": "mou",
            "parties": [
                None,
                "Biro Hubungan Masyarakat KPK (12/NK/2026); "
                "Diskominfo Provinsi Sumatera Selatan (—)",
            ],
        },
    )


def test_create_agreement_with_signatories_and_scope_logs_one_entry_counting_the_scope(network):
    agreement = _create(
        network,
        signatories=[agreements.SignatoryInput("Budi Santoso", "Kepala Dinas", network.province)],
        scope=[
            agreements.ScopeInput(
                "dissemination",
                "Konten KPK",
                [
                    agreements.TargetInput("kpk_content_published", 24, "year"),
                    agreements.TargetInput("trainings_held", 2, "year"),
                ],
            ),
            agreements.ScopeInput("coordination"),
        ],
    )

    assert [s.name for s in agreement.signatories.all()] == ["Budi Santoso"]
    assert [item.targets.count() for item in agreement.scope_items.all()] == [2, 0]
    event = entries_for(agreement).get()
    assert (event.action, event.changes["scope_size"]) == (
        Action.CREATED,
        {"items": 2, "targets": 2},
    )
    assert "Konten KPK" not in str(event.changes)


def test_create_agreement_refuses_a_signatory_of_no_party_and_stores_nothing(network):
    messages = _refusal(
        _create,
        network,
        signatories=[agreements.SignatoryInput("Orang Lain", "Kepala", network.city)],
    )

    assert messages == ["Diskominfo Kota Palembang is not a party to this agreement."]
    assert not Agreement.objects.exists()


def test_create_pks_under_its_mou(network):
    mou = AgreementFactory(between=[network.kpk, network.province])

    pks = _create(network, kind=Kind.PKS, parent=mou)

    assert pks.parent == mou


@pytest.mark.parametrize("role", ["partner_manager", "province_manager", "partner_operator"])
def test_create_agreement_forbidden_to_partners(network, role):
    with pytest.raises(PermissionDenied):
        _create(network, by=getattr(network, role))

    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(
    ("parties", "messages"),
    [
        ("kpk_only", ["An agreement needs at least two parties."]),
        ("twice", ["Each organisation can be a party only once."]),
        ("no_kpk", ["One of the parties must be a KPK unit."]),
    ],
)
def test_create_agreement_refuses_bad_parties(network, parties, messages):
    lists = {
        "kpk_only": [(network.kpk, "")],
        "twice": [(network.kpk, ""), (network.city, "1"), (network.city, "2")],
        "no_kpk": [(network.city, ""), (network.province, "")],
    }

    assert _refusal(_create, network, parties=lists[parties]) == messages
    assert Agreement.objects.count() == 0


def test_create_agreement_refuses_a_pks_without_an_mou(network):
    other_pks = AgreementFactory(kind=Kind.PKS)

    assert _refusal(_create, network, kind=Kind.PKS) == [
        "A PKS falls under an MoU: choose its MoU."
    ]
    assert _refusal(_create, network, kind=Kind.PKS, parent=other_pks) == [
        "A PKS falls under an MoU: choose its MoU."
    ]


def test_create_agreement_refuses_an_addendum_without_what_it_amends(network):
    other = AgreementFactory(kind=Kind.ADDENDUM)

    assert _refusal(_create, network, kind=Kind.ADDENDUM) == [
        "An addendum amends an MoU or a PKS: choose the agreement it amends."
    ]
    assert _refusal(_create, network, kind=Kind.ADDENDUM, parent=other) == [
        "An addendum amends an MoU or a PKS: choose the agreement it amends."
    ]


def test_create_agreement_refuses_an_mou_under_another(network):
    mou = AgreementFactory()

    assert _refusal(_create, network, parent=mou) == [
        "An MoU does not fall under another agreement."
    ]


def test_create_agreement_refuses_a_pks_outside_its_mou(network):
    mou = AgreementFactory(effective_on=date(2026, 1, 1), ends_on=date(2030, 12, 31))

    assert _refusal(
        _create,
        network,
        kind=Kind.PKS,
        parent=mou,
        effective_on=date(2025, 12, 31),
        ends_on=date(2031, 1, 1),
    ) == ["A PKS cannot start before its MoU takes effect.", "A PKS cannot end after its MoU ends."]


def test_create_agreement_refuses_an_end_before_the_start(network):
    assert _refusal(_create, network, effective_on=date(2026, 2, 1), ends_on=date(2026, 1, 31)) == [
        "The end date cannot be before the effective date."
    ]


def test_create_agreement_needs_a_title(network):
    assert _refusal(_create, network, title="  ") == ["An agreement needs a title."]


def test_create_agreement_refuses_text_longer_than_its_field(network):
    assert _refusal(
        _create,
        network,
        title="T" * 301,
        summary="x" * 1_000_000,
    ) == [
        "Title can be at most 300 characters long.",
        "Summary can be at most 5000 characters long.",
    ]
    assert not Agreement.objects.exists()


def test_create_agreement_refuses_a_document_number_longer_than_its_field(network):
    assert _refusal(
        _create, network, parties=[(network.kpk, "1" * 121), (network.province, "")]
    ) == ["Document number can be at most 120 characters long."]


def test_update_agreement_refuses_a_summary_longer_than_its_field(network):
    agreement = AgreementFactory(summary="Lama", between=[network.kpk, network.city])

    assert _refusal(
        agreements.update_agreement, agreement, by=network.kpk_staff, summary="x" * 5001
    ) == ["Summary can be at most 5000 characters long."]
    agreement.refresh_from_db()
    assert agreement.summary == "Lama"


def test_set_signatories_refuses_names_longer_than_their_fields(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    assert _refusal(
        agreements.set_signatories,
        agreement,
        [("N" * 151, "P" * 201, network.kpk)],
        by=network.kpk_staff,
    ) == [
        "Name can be at most 150 characters long.",
        "Position can be at most 200 characters long.",
    ]
    assert not agreement.signatories.exists()


def test_set_scope_refuses_text_longer_than_its_fields(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    assert _refusal(
        agreements.set_scope,
        agreement,
        [
            (
                ScopeItem.Area.OTHER,
                "d" * 1001,
                [(Target.Metric.MANUAL, 5, Target.Period.YEAR, "l" * 201, None)],
            )
        ],
        by=network.kpk_staff,
    ) == [
        "Description can be at most 1000 characters long.",
        "Label can be at most 200 characters long.",
    ]
    assert ScopeItem.objects.count() == 0


# update_agreement


def test_update_agreement_records_what_changed(network):
    agreement = AgreementFactory(title="Lama", between=[network.kpk, network.city])

    agreements.update_agreement(
        agreement, by=network.kpk_staff, title="Baru", signed_on=date(2026, 3, 4), summary=""
    )

    agreement.refresh_from_db()
    assert (agreement.title, agreement.signed_on) == ("Baru", date(2026, 3, 4))
    event = entries_for(agreement).get()
    assert (event.action, event.changes) == (
        Action.DETAILS_CHANGED,
        {
            "title": ["Lama", "Baru"],
            "signed_on": [None, "2026-03-04"],
            "summary": [
                "Kerja sama diseminasi materi antikorupsi.",
                "",
            ],
        },
    )


def test_update_agreement_without_changes_records_nothing(network):
    agreement = AgreementFactory(title="Sama")

    agreements.update_agreement(agreement, by=network.kpk_staff, title="Sama")

    assert AuditEntry.objects.filter(action__startswith="agreements.").count() == 0


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.EXPIRED, Status.TERMINATED])
def test_update_agreement_refused_once_signed(network, status):
    agreement = AgreementFactory(status=status, title="Lama")

    assert _refusal(agreements.update_agreement, agreement, by=network.kpk_manager, title="B") == [
        "A signed or ended agreement can no longer be changed; renew it instead."
    ]
    assert Agreement.objects.get(pk=agreement.pk).title == "Lama"


def test_update_agreement_forbidden_to_a_partys_manager(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    with pytest.raises(PermissionDenied):
        agreements.update_agreement(agreement, by=network.partner_manager, title="B")


def test_update_agreement_keeps_a_pks_within_its_mou(network):
    mou = AgreementFactory(effective_on=date(2026, 1, 1), ends_on=date(2030, 12, 31))
    pks = AgreementFactory(kind=Kind.PKS, parent=mou)

    assert _refusal(
        agreements.update_agreement, pks, by=network.kpk_staff, ends_on=date(2031, 1, 1)
    ) == ["A PKS cannot end after its MoU ends."]


def test_update_agreement_refuses_unknown_fields(network):
    with pytest.raises(TypeError):
        agreements.update_agreement(AgreementFactory(), by=network.kpk_staff, status="active")


# set_parties


def test_set_parties_replaces_them_and_records_before_and_after(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    agreements.set_parties(
        agreement,
        [PartyInput(network.kpk, "9/NK/2026"), PartyInput(network.neighbour, " 7/PKS ")],
        by=network.kpk_staff,
    )

    assert [(p.organisation, p.document_number) for p in agreement.parties.all()] == [
        (network.kpk, "9/NK/2026"),
        (network.neighbour, "7/PKS"),
    ]
    event = entries_for(agreement).get()
    assert (event.action, event.changes) == (
        Action.PARTIES_CHANGED,
        {
            "parties": [
                f"Biro Hubungan Masyarakat KPK (1/NK/{agreement.pk}/2026); "
                f"Diskominfo Kota Palembang (2/NK/{agreement.pk}/2026)",
                "Biro Hubungan Masyarakat KPK (9/NK/2026); Diskominfo Kabupaten Ogan Ilir (7/PKS)",
            ]
        },
    )


def test_set_parties_refuses_to_drop_a_party_with_a_signatory(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])
    SignatoryFactory(agreement=agreement, organisation=network.city)

    assert _refusal(
        agreements.set_parties,
        agreement,
        [(network.kpk, ""), (network.neighbour, "")],
        by=network.kpk_staff,
    ) == ["Diskominfo Kota Palembang still has a signatory: remove them first."]
    assert agreement.parties.count() == 2


def test_set_parties_refused_once_active(network):
    agreement = AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.city])

    assert _refusal(
        agreements.set_parties,
        agreement,
        [(network.kpk, ""), (network.neighbour, "")],
        by=network.kpk_manager,
    ) == ["A signed or ended agreement can no longer be changed; renew it instead."]


# set_signatories


def test_set_signatories_replaces_them(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])
    SignatoryFactory(agreement=agreement, organisation=network.city, name="Lama", position="X")

    agreements.set_signatories(
        agreement,
        [
            SignatoryInput("Setyo Budiyanto", "Ketua KPK", network.kpk),
            ("Ratu Dewa", "Wali Kota Palembang", network.city),
        ],
        by=network.kpk_staff,
    )

    assert [(s.name, s.organisation) for s in agreement.signatories.all()] == [
        ("Setyo Budiyanto", network.kpk),
        ("Ratu Dewa", network.city),
    ]
    event = entries_for(agreement).get()
    assert (event.action, event.changes) == (
        Action.SIGNATORIES_CHANGED,
        {
            "signatories": [
                "Lama, X (Diskominfo Kota Palembang)",
                "Setyo Budiyanto, Ketua KPK (Biro Hubungan Masyarakat KPK); "
                "Ratu Dewa, Wali Kota Palembang (Diskominfo Kota Palembang)",
            ]
        },
    )


def test_set_signatories_refuses_someone_of_a_non_party(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    assert _refusal(
        agreements.set_signatories,
        agreement,
        [("Bobby Nasution", "Gubernur", network.foreign)],
        by=network.kpk_staff,
    ) == ["Diskominfo Kota Medan is not a party to this agreement."]
    assert Signatory.objects.count() == 0


# set_scope


def test_set_scope_replaces_items_and_targets(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])
    TargetFactory(scope_item=ScopeItemFactory(agreement=agreement))

    agreements.set_scope(
        agreement,
        [
            ScopeInput(
                ScopeItem.Area.EDUCATION,
                "Pelatihan penyuluh antikorupsi",
                [TargetInput(Target.Metric.TRAININGS_HELD, 2, Target.Period.YEAR)],
            ),
            ScopeInput(
                ScopeItem.Area.OTHER,
                "Lomba video",
                [TargetInput(Target.Metric.MANUAL, 10, Target.Period.TERM, "video lomba", 3)],
            ),
        ],
        by=network.kpk_staff,
    )

    items = list(agreement.scope_items.all())
    assert [(i.area, i.description) for i in items] == [
        (ScopeItem.Area.EDUCATION, "Pelatihan penyuluh antikorupsi"),
        (ScopeItem.Area.OTHER, "Lomba video"),
    ]
    assert [
        (t.metric, t.quantity, t.period, t.label, t.manual_value)
        for t in Target.objects.filter(scope_item__agreement=agreement)
    ] == [
        (Target.Metric.TRAININGS_HELD, 2, Target.Period.YEAR, "", None),
        (Target.Metric.MANUAL, 10, Target.Period.TERM, "video lomba", 3),
    ]
    event = entries_for(agreement).get()
    assert (event.action, event.changes) == (
        Action.SCOPE_CHANGED,
        {
            "scope": [
                "Dissemination and publication of anti-corruption material: Publikasi konten "
                "antikorupsi KPK di kanal mitra. "
                "[24 KPK content published on partner channels per year]",
                "Education and training: Pelatihan penyuluh antikorupsi [2 Trainings held per "
                "year]; Other: Lomba video [10 video lomba over the whole term]",
            ]
        },
    )


def test_set_scope_refuses_bad_targets(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    assert _refusal(
        agreements.set_scope,
        agreement,
        [
            ("nonsense", "", []),
            (ScopeItem.Area.OTHER, " ", []),
            (
                ScopeItem.Area.DISSEMINATION,
                "",
                [(Target.Metric.MANUAL, 0, Target.Period.YEAR, "", -1)],
            ),
        ],
        by=network.kpk_staff,
    ) == [
        "Choose the area of each scope item from the list.",
        "Describe a scope item of the area “Other”.",
        "A target counts at least one.",
        "Name what a target entered by hand counts.",
        "A figure achieved cannot be negative.",
    ]
    assert ScopeItem.objects.count() == 0


def test_set_scope_refuses_figures_beyond_the_database_range(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    assert _refusal(
        agreements.set_scope,
        agreement,
        [
            (
                ScopeItem.Area.DISSEMINATION,
                "",
                [(Target.Metric.MANUAL, 2**31, Target.Period.YEAR, "baliho", 10**20)],
            ),
        ],
        by=network.kpk_staff,
    ) == ["A target's figures can be at most 2147483647."]
    assert ScopeItem.objects.count() == 0


def test_set_scope_accepts_the_largest_figures(network):
    agreement = AgreementFactory(between=[network.kpk, network.city])

    agreements.set_scope(
        agreement,
        [
            (
                ScopeItem.Area.DISSEMINATION,
                "",
                [(Target.Metric.MANUAL, 2**31 - 1, Target.Period.YEAR, "baliho", 2**31 - 1)],
            ),
        ],
        by=network.kpk_staff,
    )

    assert list(Target.objects.values_list("quantity", "manual_value")) == [(2**31 - 1, 2**31 - 1)]


def test_set_target_value_refuses_a_figure_beyond_the_database_range(network):
    agreement = AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.city])
    target = TargetFactory(
        scope_item=ScopeItemFactory(agreement=agreement), metric=Target.Metric.MANUAL
    )

    assert _refusal(
        agreements.set_target_value, target, value=10**20, by=network.partner_manager
    ) == ["A target's figures can be at most 2147483647."]
    target.refresh_from_db()
    assert target.manual_value is None


def test_set_target_value_while_active_by_a_partys_manager(network):
    agreement = AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.city])
    target = TargetFactory(
        scope_item=ScopeItemFactory(agreement=agreement),
        metric=Target.Metric.MANUAL,
        label="baliho",
        quantity=5,
    )

    agreements.set_target_value(target, value=3, by=network.partner_manager)

    target.refresh_from_db()
    assert target.manual_value == 3
    event = entries_for(agreement).get()
    assert (event.action, event.changes) == (
        Action.TARGET_VALUE_ENTERED,
        {"5 baliho per year": [None, 3]},
    )


def test_set_target_value_forbidden_to_an_operator(network):
    agreement = AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.city])
    target = TargetFactory(scope_item=ScopeItemFactory(agreement=agreement), metric="manual")

    with pytest.raises(PermissionDenied):
        agreements.set_target_value(target, value=3, by=network.partner_operator)


# renew_agreement


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.EXPIRED])
def test_renew_agreement_creates_a_prefilled_linked_draft(network, status):
    mou = AgreementFactory(status=Status.ACTIVE)
    old = AgreementFactory(
        kind=Kind.PKS,
        parent=mou,
        status=status,
        dated=True,
        title="PKS Diseminasi",
        between=[network.kpk, network.city],
    )
    SignatoryFactory(agreement=old, organisation=network.city, name="Ratu Dewa")
    TargetFactory(scope_item=ScopeItemFactory(agreement=old), manual_value=None)

    new = agreements.renew_agreement(old, by=network.kpk_staff)

    assert (new.kind, new.parent, new.predecessor, new.status, new.title, new.owner) == (
        Kind.PKS,
        mou,
        old,
        Status.DRAFT,
        "PKS Diseminasi",
        network.kpk_staff,
    )
    assert (new.signed_on, new.effective_on, new.ends_on) == (None, None, None)
    assert [(p.organisation, p.document_number) for p in new.parties.all()] == [
        (network.kpk, ""),
        (network.city, ""),
    ]
    assert [s.name for s in new.signatories.all()] == ["Ratu Dewa"]
    assert [(t.metric, t.quantity) for t in Target.objects.filter(scope_item__agreement=new)] == [
        (Target.Metric.KPK_CONTENT_PUBLISHED, 24)
    ]
    assert Agreement.objects.get(pk=old.pk).successor == new
    assert [(e.action, e.changes) for e in entries_for(old)] == [
        (Action.RENEWED, {"successor": new.pk})
    ]
    assert [(e.action, e.changes) for e in entries_for(new)] == [
        (Action.RENEWED, {"predecessor": old.pk})
    ]


def test_renew_agreement_only_once(network):
    old = AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.city])
    agreements.renew_agreement(old, by=network.kpk_staff)

    assert _refusal(agreements.renew_agreement, old, by=network.kpk_manager) == [
        "This agreement has already been renewed."
    ]
    assert Agreement.objects.count() == 2


@pytest.mark.parametrize("status", [Status.DRAFT, Status.READY, Status.TERMINATED])
def test_renew_agreement_refused_unless_active_or_expired(network, status):
    old = AgreementFactory(status=status, between=[network.kpk, network.city])

    assert _refusal(agreements.renew_agreement, old, by=network.kpk_manager) == [
        "Only an active or expired agreement can be renewed."
    ]


def test_renew_agreement_forbidden_to_a_partys_manager(network):
    old = AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.city])

    with pytest.raises(PermissionDenied):
        agreements.renew_agreement(old, by=network.partner_manager)


# add_comment and who is notified


def test_add_comment_by_a_party_member_notifies_the_others(network):
    agreement = AgreementFactory(
        status=Status.NEGOTIATION, owner=network.kpk_staff, between=[network.kpk, network.city]
    )
    MembershipFactory(organisation=network.city, role=Role.PARTNER_MANAGER, is_active=False)
    UserFactory(is_active=False)

    comment = agreements.add_comment(
        agreement, body="  Mohon pasal 3 ditinjau.  ", by=network.partner_operator
    )

    assert (comment.body, comment.author) == ("Mohon pasal 3 ditinjau.", network.partner_operator)
    event = entries_for(agreement).get()
    assert (event.action, event.changes) == (Action.COMMENTED, {"comment": comment.pk})
    notified = Notification.objects.filter(kind="agreements.commented")
    assert sorted(n.recipient.email for n in notified) == [
        "kabid@palembang.go.id",
        "manajer@kpk.go.id",
        "staf@kpk.go.id",
    ]
    assert notified.first().message == (
        f"{network.partner_operator} commented on {agreement}: “Mohon pasal 3 ditinjau.”"
    )


def test_add_comment_previews_the_comment_cut_at_a_word(network):
    agreement = AgreementFactory(status=Status.NEGOTIATION, between=[network.kpk, network.city])
    body = "Mohon pasal tiga ditinjau. " * 10  # 270 characters

    agreements.add_comment(agreement, body=body, by=network.partner_operator)

    excerpt = Notification.objects.filter(kind="agreements.commented").first().context["excerpt"]
    assert excerpt == "Mohon pasal tiga ditinjau. " * 4 + "Mohon pasal…"
    assert len(excerpt) <= 120


def test_add_comment_does_not_notify_the_author(network):
    agreement = AgreementFactory(
        status=Status.DRAFT, owner=network.kpk_staff, between=[network.kpk, network.city]
    )

    agreements.add_comment(agreement, body="Draf pertama.", by=network.kpk_manager)

    assert sorted(n.recipient.email for n in Notification.objects.all()) == [
        "kabid@palembang.go.id",
        "staf@kpk.go.id",
    ]


def test_add_comment_forbidden_to_a_non_party(network):
    agreement = AgreementFactory(status=Status.NEGOTIATION, between=[network.kpk, network.city])

    with pytest.raises(PermissionDenied):
        agreements.add_comment(agreement, body="Halo", by=network.province_manager)

    assert AgreementComment.objects.count() == 0


@pytest.mark.parametrize("status", [Status.EXPIRED, Status.TERMINATED])
def test_add_comment_refused_once_ended(network, status):
    agreement = AgreementFactory(status=status, between=[network.kpk, network.city])

    assert _refusal(agreements.add_comment, agreement, body="Halo", by=network.kpk_staff) == [
        "The discussion is closed once the agreement has ended."
    ]
    assert AgreementComment.objects.count() == 0


def test_add_comment_refuses_one_longer_than_its_field(network):
    agreement = AgreementFactory(status=Status.DRAFT, between=[network.kpk, network.city])

    assert _refusal(agreements.add_comment, agreement, body="x" * 5001, by=network.kpk_staff) == [
        "Comment can be at most 5000 characters long."
    ]
    assert AgreementComment.objects.count() == 0


def test_add_comment_refuses_an_empty_one(network):
    agreement = AgreementFactory(status=Status.DRAFT, between=[network.kpk, network.city])

    assert _refusal(agreements.add_comment, agreement, body="  ", by=network.kpk_staff) == [
        "Write something to comment."
    ]


def test_status_change_notifies_party_managers_and_the_owner_not_the_actor(network):
    owner = member(Role.KPK_STAFF, network.kpk)
    other_kpk = member(Role.KPK_MANAGER)  # a manager of a KPK unit that is not a party
    agreement = AgreementFactory(
        status=Status.DRAFT, owner=owner, between=[network.kpk, network.city]
    )

    agreements.transition(agreement, Status.NEGOTIATION, by=network.kpk_manager)

    notified = Notification.objects.filter(kind="agreements.status_changed")
    recipients = {n.recipient for n in notified}
    assert recipients == {owner, network.partner_manager}
    assert other_kpk not in recipients
    assert {n.message for n in notified} == {f"{agreement} moved from “Draft” to “In negotiation”."}
    assert {n.actor for n in notified} == {network.kpk_manager}


def test_status_change_stores_codes_the_message_shows_in_the_readers_language(network):
    agreement = AgreementFactory(
        status=Status.DRAFT, owner=network.kpk_staff, between=[network.kpk, network.city]
    )
    agreements.transition(agreement, Status.NEGOTIATION, by=network.kpk_manager)
    notification = Notification.objects.get(recipient=network.kpk_staff)

    assert notification.context == {"from": "draft", "to": "negotiation"}


def test_people_to_notify_are_the_active_managers_of_the_parties_and_the_owner(network):
    agreement = AgreementFactory(owner=network.kpk_staff, between=[network.kpk, network.city])

    assert set(agreements.people_to_notify(agreement)) == {
        network.kpk_staff,
        network.kpk_manager,
        network.partner_manager,
    }


def test_status_change_emails_reach_the_partners_managers(
    network, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(
        status=Status.DRAFT, owner=network.kpk_staff, between=[network.kpk, network.city]
    )

    with django_capture_on_commit_callbacks(execute=True):
        agreements.transition(agreement, Status.NEGOTIATION, by=network.kpk_manager)

    # KPK reads status changes in the app; a partner's manager gets an email.
    assert [(d.user.email, d.status) for d in Delivery.objects.select_related("user")] == [
        ("kabid@palembang.go.id", Delivery.Status.SENT)
    ]


# Every problem at once


def test_create_agreement_lists_a_missing_parent_and_a_missing_kpk_party_together(network):
    assert _refusal(
        _create, network, kind=Kind.PKS, parties=[(network.city, ""), (network.province, "")]
    ) == [
        "A PKS falls under an MoU: choose its MoU.",
        "One of the parties must be a KPK unit.",
    ]
    assert Agreement.objects.count() == 0


def test_draft_problems_of_an_edit_list_every_rule_at_once(network):
    agreement = AgreementFactory(
        kind=Kind.PKS,
        parent=AgreementFactory(),
        status=Status.NEGOTIATION,
        between=[network.kpk, network.city],
    )

    problems = agreements.draft_problems(
        agreement,
        title=" ",
        parent=None,
        signed_on=date(2999, 1, 1),
        effective_on=date(2026, 6, 1),
        ends_on=date(2026, 1, 1),
        parties=[(network.city, ""), (network.province, "")],
        signatories=[("Budi", "", network.neighbour)],
        scope=[ScopeInput(ScopeItem.Area.OTHER, "")],
    )

    assert problems == [
        "An agreement needs a title.",
        "A PKS falls under an MoU: choose its MoU.",
        "The date of signing cannot be in the future.",
        "The end date cannot be before the effective date.",
        "One of the parties must be a KPK unit.",
        "Each signatory needs a name and a position.",
        "Diskominfo Kabupaten Ogan Ilir is not a party to this agreement.",
        "Describe a scope item of the area “Other”.",
    ]


def test_update_agreement_refuses_a_signing_date_in_the_future(network):
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])

    assert _refusal(
        agreements.update_agreement, agreement, by=network.kpk_staff, signed_on=date(2999, 1, 1)
    ) == ["The date of signing cannot be in the future."]


def test_model_constraints_speak_the_users_language(network):
    agreement = AgreementFactory.build(
        effective_on=date(2026, 6, 1), ends_on=date(2026, 1, 1), parent=AgreementFactory()
    )

    with pytest.raises(ValidationError) as refusal:
        agreement.validate_constraints()

    assert sorted(refusal.value.messages) == [
        "An MoU does not fall under another agreement.",
        "The end date cannot be before the effective date.",
    ]


# Partners take part: their own number, notifications


def test_set_party_number_by_the_partys_manager_is_audited(network):
    agreement = AgreementFactory(status=Status.SIGNED, between=[network.kpk, network.city])
    agreement.parties.filter(organisation=network.city).update(document_number="")

    agreements.set_party_number(
        agreement, network.city, " 045/77/2026 ", by=network.partner_manager
    )

    assert agreement.parties.get(organisation=network.city).document_number == "045/77/2026"
    entry = entries_for(agreement).get()
    assert (entry.action, entry.actor) == (Action.PARTY_NUMBER_ENTERED, network.partner_manager)
    assert entry.changes["parties"][1].endswith("Diskominfo Kota Palembang (045/77/2026)")


def test_set_party_number_of_another_party_is_forbidden_to_a_partner(network):
    agreement = AgreementFactory(status=Status.NEGOTIATION, between=[network.kpk, network.city])
    before = agreement.parties.get(organisation=network.kpk).document_number

    with pytest.raises(PermissionDenied):
        agreements.set_party_number(agreement, network.kpk, "X", by=network.partner_manager)

    assert agreement.parties.get(organisation=network.kpk).document_number == before
    assert entries_for(agreement).count() == 0


@pytest.mark.parametrize(
    ("status", "role"),
    [
        (Status.ACTIVE, "partner_manager"),
        (Status.EXPIRED, "partner_manager"),
        (Status.NEGOTIATION, "partner_operator"),
    ],
)
def test_set_party_number_forbidden_once_in_force_or_to_an_operator(network, status, role):
    agreement = AgreementFactory(status=status, between=[network.kpk, network.city])

    with pytest.raises(PermissionDenied):
        agreements.set_party_number(agreement, network.city, "X", by=getattr(network, role))


def test_new_parties_are_notified_on_create_and_when_added(network):
    agreement = _create(network)

    # The managers of both parties (the author is not told of their own act).
    assert sorted(
        n.recipient.email for n in Notification.objects.filter(kind="agreements.party_added")
    ) == sorted([network.province_manager.email, network.kpk_manager.email])
    Notification.objects.all().delete()

    agreements.set_parties(
        agreement,
        [(network.kpk, "12/NK/2026"), (network.province, ""), (network.city, "")],
        by=network.kpk_staff,
    )

    # Only the party added is told.
    told = Notification.objects.get(kind="agreements.party_added")
    assert (told.recipient, told.target_id) == (network.partner_manager, str(agreement.pk))


def test_a_document_upload_notifies_the_parties(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = AgreementFactory(status=Status.NEGOTIATION, between=[network.kpk, network.city])

    agreements.upload_document(
        agreement,
        kind="draft",
        file=SimpleUploadedFile("draf.pdf", b"%PDF-1.7\n%%EOF\n"),
        by=network.kpk_staff,
    )

    told = Notification.objects.get(
        kind="agreements.document_uploaded", recipient=network.partner_manager
    )
    assert told.message == f"Draft version 1 was uploaded to {agreement.title}."


# Withdrawing a document version


def test_withdraw_document_keeps_it_listed_and_the_next_upload_takes_the_next_number(
    network, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    scan = AgreementDocumentFactory(agreement=agreement, version=1)

    agreements.withdraw_document(
        scan, reason=" Draf, bukan naskah bertanda tangan. ", by=network.kpk_staff
    )

    scan.refresh_from_db()
    assert (scan.is_withdrawn, scan.withdrawn_by, scan.withdrawal_reason) == (
        True,
        network.kpk_staff,
        "Draf, bukan naskah bertanda tangan.",
    )
    assert list(agreement.documents.current()) == []
    entry = entries_for(agreement).get()
    assert (entry.action, entry.changes["reason"], entry.changes["version"]) == (
        Action.DOCUMENT_WITHDRAWN,
        "Draf, bukan naskah bertanda tangan.",
        1,
    )
    replacement = agreements.upload_document(
        agreement,
        kind="signed",
        file=SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n%%EOF\n"),
        by=network.kpk_staff,
    )
    assert replacement.version == 2


def test_withdraw_document_needs_a_reason_and_happens_once(network):
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    scan = AgreementDocumentFactory(agreement=agreement)

    assert _refusal(agreements.withdraw_document, scan, reason=" ", by=network.kpk_staff) == [
        "Give the reason for withdrawing this version."
    ]
    agreements.withdraw_document(scan, reason="Salah.", by=network.kpk_staff)
    assert _refusal(agreements.withdraw_document, scan, reason="Lagi.", by=network.kpk_staff) == [
        "This version has already been withdrawn."
    ]


@pytest.mark.parametrize("role", ["partner_operator", "province_manager"])
def test_withdraw_document_forbidden_to_who_may_not_upload(network, role):
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    scan = AgreementDocumentFactory(agreement=agreement)

    with pytest.raises(PermissionDenied):
        agreements.withdraw_document(scan, reason="Salah.", by=getattr(network, role))
    scan.refresh_from_db()
    assert scan.withdrawn_at is None
