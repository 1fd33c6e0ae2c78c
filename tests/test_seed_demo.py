"""The demo data (`seed_demo`) and the demo accounts' two-factor codes (`demo_totp`)."""

import hashlib
from datetime import date, timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.management.demo_mfa import (
    DEMO_TOTP_SECRET,
    enrol_demo_totp,
    fresh_totp_code,
    totp_code,
)
from accounts.models import User
from agreements.audit_actions import Action
from agreements.demo import demo_pdf
from agreements.documents import validate_document
from agreements.models import (
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    ScopeItem,
    Signatory,
    Target,
)
from agreements.selectors import province_states
from agreements.services import (
    AgreementError,
    activation_problems,
    expire_ended_agreements,
    remind_expiring_agreements,
    renew_agreement,
    transition,
)
from audit.models import AuditEntry
from audit.selectors import entries_for
from dashboard.demo import seed_demo
from partnerships.demo import DEMO_PASSWORD
from partnerships.models import Channel, Membership, Organisation, Province, Regency, Role
from tests.factories import UserFactory

BIRO_HUMAS = "Biro Hubungan Masyarakat KPK"
SUMSEL = "Diskominfo Provinsi Sumatera Selatan"
SUMUT = "Diskominfo Provinsi Sumatera Utara"
SIGN_INS = {
    "kpk.manager@demo.sinergi.id": (BIRO_HUMAS, Role.KPK_MANAGER),
    "kpk.staff@demo.sinergi.id": (BIRO_HUMAS, Role.KPK_STAFF),
    "sumsel.manager@demo.sinergi.id": (SUMSEL, Role.PARTNER_MANAGER),
    "sumsel.operator@demo.sinergi.id": (SUMSEL, Role.PARTNER_OPERATOR),
    "sumut.manager@demo.sinergi.id": (SUMUT, Role.PARTNER_MANAGER),
    "palembang.operator@demo.sinergi.id": ("Diskominfo Kota Palembang", Role.PARTNER_OPERATOR),
}
ADMIN = "admin@demo.sinergi.id"
TOTP_ACCOUNTS = {"kpk.manager@demo.sinergi.id", "kpk.staff@demo.sinergi.id", ADMIN}


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    """Every row the demo touches, field by field."""
    models = [
        Organisation,
        Channel,
        User,
        Membership,
        EmailAddress,
        Authenticator,
        Province,
        Agreement,
        AgreementParty,
        Signatory,
        ScopeItem,
        Target,
        AgreementDocument,
        AgreementComment,
        AuditEntry,
    ]
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in [*models, Regency]
    }


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The demo's documents go to a throwaway private storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.django_db
def test_seed_demo_creates_the_diskominfo_of_every_sumsel_regency_and_city(debug):
    run("seed_demo")

    regency_diskominfo = Organisation.objects.filter(kind=Organisation.Kind.REGENCY_DISKOMINFO)
    assert sorted(regency_diskominfo.values_list("regency_id", flat=True)) == sorted(
        Regency.objects.filter(province_id="16").values_list("code", flat=True)
    )
    assert regency_diskominfo.count() == 17
    assert set(regency_diskominfo.values_list("province_id", flat=True)) == {"16"}
    palembang = regency_diskominfo.get(regency_id="16.71")
    assert palembang.name == "Diskominfo Kota Palembang"
    assert regency_diskominfo.get(regency_id="16.07").name == "Diskominfo Kabupaten Banyuasin"
    assert palembang.channels.count() == 2


@pytest.mark.django_db
def test_seed_demo_creates_kpk_units_provinces_and_media(debug):
    run("seed_demo")

    kpk_units = Organisation.objects.filter(kind=Organisation.Kind.KPK_UNIT)
    assert sorted(kpk_units.values_list("short_name", flat=True)) == ["Biro Humas KPK", "PIKP KPK"]
    provinces = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE_DISKOMINFO)
    assert dict(provinces.values_list("name", "province_id")) == {
        SUMSEL: "16",
        SUMUT: "12",
        "Diskominfo Provinsi Jambi": "15",
        "Diskominfo Provinsi Lampung": "18",
    }
    media = Organisation.objects.filter(kind=Organisation.Kind.MEDIA)
    assert media.count() == 4
    assert media.filter(press_verified=True).count() == 3
    assert all(outlet.channels.exists() for outlet in media)
    sumsel_channels = Channel.objects.filter(organisation__name=SUMSEL)
    assert {channel.kind for channel in sumsel_channels} == {
        Channel.Kind.INSTAGRAM,
        Channel.Kind.FACEBOOK,
        Channel.Kind.YOUTUBE,
        Channel.Kind.WEBSITE,
        Channel.Kind.VIDEOTRON,
    }
    assert sumsel_channels.get(kind=Channel.Kind.INSTAGRAM).audience_size == 48_200


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_with_the_demo_password(debug):
    run("seed_demo")

    memberships = {
        m.user.email: (m.organisation.name, m.role)
        for m in Membership.objects.select_related("user", "organisation")
    }
    assert memberships == SIGN_INS
    admin = User.objects.get(email=ADMIN)
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert not admin.memberships.exists()
    assert User.objects.filter(is_staff=True).count() == 1
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.email
    verified = EmailAddress.objects.filter(verified=True, primary=True)
    assert sorted(verified.values_list("email", flat=True)) == sorted([*SIGN_INS, ADMIN])


@pytest.mark.django_db
def test_seed_demo_enrols_totp_for_kpk_roles_and_the_administrator_only(debug):
    run("seed_demo")

    totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert set(totp.values_list("user__email", flat=True)) == TOTP_ACCOUNTS
    # As allauth's own enrolment does, recovery codes come with the authenticator app.
    recovery = Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES)
    assert set(recovery.values_list("user__email", flat=True)) == TOTP_ACCOUNTS


@pytest.mark.django_db
def test_seed_demo_run_twice_changes_nothing(debug):
    first_output = run("seed_demo")
    before = snapshot()

    second_output = run("seed_demo")

    assert snapshot() == before
    assert (
        "Demo data created: 27 organisations, 52 channels, 7 accounts, 7 email addresses"
        in first_output
    )
    assert "9 agreements, 11 agreement documents" in first_output
    assert "Demo data already in place; nothing changed." in second_output


@pytest.mark.django_db
def test_seed_demo_keeps_what_people_changed_in_the_demo(debug):
    seed_demo()
    channel = Channel.objects.get(organisation__short_name="Diskominfo Sumsel", kind="instagram")
    channel.audience_size = 50_000
    channel.save()

    result = seed_demo()

    channel.refresh_from_db()
    assert channel.audience_size == 50_000
    assert not result.changed_anything


@pytest.mark.django_db
def test_seed_demo_loads_the_regions_when_they_are_missing(debug):
    Regency.objects.all().delete()
    Province.objects.all().delete()

    run("seed_demo")

    assert Province.objects.count() == 38
    assert Regency.objects.filter(province_id="16").count() == 17


@pytest.mark.django_db
def test_seed_demo_prints_every_sign_in_with_its_password_and_two_factor(debug):
    output = run("seed_demo")

    assert f"all with the password {DEMO_PASSWORD}" in output
    for email in [*SIGN_INS, ADMIN]:
        (line,) = [line for line in output.splitlines() if line.strip().startswith(email + " ")]
        assert line.rstrip().endswith("yes" if email in TOTP_ACCOUNTS else "no"), line
    assert "python manage.py demo_totp EMAIL" in output


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="published password"):
        run("seed_demo")

    assert not User.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_seed_demo_runs_without_debug_when_told_to(settings):
    settings.DEBUG = False

    run("seed_demo", allow_without_debug=True)

    assert User.objects.filter(email=ADMIN).exists()


@pytest.mark.django_db
def test_demo_totp_code_passes_allauth_validation(debug):
    seed_demo()
    authenticator = Authenticator.objects.get(
        user__email="kpk.manager@demo.sinergi.id", type=Authenticator.Type.TOTP
    )
    code = fresh_totp_code()

    assert TOTP(authenticator).validate_code(code) is True
    # allauth refuses a code used once already, and any other code.
    assert TOTP(authenticator).validate_code(code) is False
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert TOTP(authenticator).validate_code(wrong) is False


@pytest.mark.django_db
def test_demo_totp_code_signs_in_through_allauth(debug):
    seed_demo()
    client = Client()

    response = client.post(
        reverse("account_login"),
        {"login": "kpk.manager@demo.sinergi.id", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code()})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"].email == "kpk.manager@demo.sinergi.id"


@pytest.mark.django_db
def test_demo_totp_prints_the_current_code(debug):
    seed_demo()
    code = fresh_totp_code()

    output = run("demo_totp", "KPK.Manager@demo.sinergi.id")

    assert output == f"{code}\n"
    assert code == totp_code(DEMO_TOTP_SECRET)
    assert len(code) == 6


@pytest.mark.django_db
def test_demo_totp_refuses_an_account_without_totp(debug):
    seed_demo()

    with pytest.raises(CommandError, match="has no authenticator app enrolled"):
        run("demo_totp", "sumsel.manager@demo.sinergi.id")


@pytest.mark.django_db
def test_demo_totp_refuses_an_unknown_address():
    with pytest.raises(CommandError, match=r"No account with the address nobody@example\.go\.id"):
        run("demo_totp", "nobody@example.go.id")


@pytest.mark.django_db
def test_demo_totp_never_reveals_a_real_secret():
    user = UserFactory(email="pejabat@kpk.go.id")
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    with pytest.raises(CommandError, match="not the demo one"):
        run("demo_totp", "pejabat@kpk.go.id")


@pytest.mark.django_db
def test_enrol_demo_totp_leaves_an_existing_authenticator_alone():
    user = UserFactory()
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    assert enrol_demo_totp(user) is False

    assert Authenticator.objects.filter(user=user).count() == 1


# The agreements of the demo.

S = Agreement.Status
KPK_MANAGER = "kpk.manager@demo.sinergi.id"
KPK_STAFF = "kpk.staff@demo.sinergi.id"


def agreement(title_starts: str) -> Agreement:
    return Agreement.objects.get(title__startswith=title_starts)


@pytest.mark.django_db
def test_seed_demo_creates_agreements_in_every_state(debug):
    seed_demo()

    statuses = sorted(Agreement.objects.values_list("status", flat=True))
    assert set(statuses) == set(S.values)
    assert statuses.count(S.ACTIVE) == 3
    assert Agreement.objects.count() == 9
    expiring = [a for a in Agreement.objects.all() if a.is_expiring]
    assert sorted(a.kind for a in expiring) == [Agreement.Kind.MOU, Agreement.Kind.PKS]


@pytest.mark.django_db
def test_demo_mou_is_the_one_signed_in_palembang_with_its_scope_and_targets(debug):
    seed_demo()

    mou = Agreement.objects.get(kind="mou", parties__organisation__name=SUMSEL)
    assert (mou.status, mou.signing_place, mou.signed_on) == (
        S.ACTIVE,
        "Palembang",
        date(2024, 5, 30),
    )
    assert mou.effective_on == date(2024, 5, 30)
    assert [party.organisation.name for party in mou.parties.all()] == [BIRO_HUMAS, SUMSEL]
    assert all(party.document_number for party in mou.parties.all())
    assert mou.signatories.count() == 2
    assert list(mou.scope_items.values_list("area", flat=True)) == [
        ScopeItem.Area.COORDINATION,
        ScopeItem.Area.DISSEMINATION,
        ScopeItem.Area.EDUCATION,
        ScopeItem.Area.DATA_EXCHANGE,
        ScopeItem.Area.JOINT_PRODUCTION,
    ]
    targets = {
        (t.metric, t.period): t.quantity for t in Target.objects.filter(scope_item__agreement=mou)
    }
    assert targets[(Target.Metric.KPK_CONTENT_PUBLISHED, Target.Period.YEAR)] == 24
    assert targets[(Target.Metric.TRAININGS_HELD, Target.Period.YEAR)] == 2
    # Under it: the expiring PKS, the one being signed, the ended ones and the renewal.
    assert sorted(mou.children.values_list("status", flat=True)) == sorted(
        [S.ACTIVE, S.READY, S.EXPIRED, S.TERMINATED, S.DRAFT]
    )


@pytest.mark.django_db
def test_demo_expiring_pks_ends_within_90_days_inside_its_mou(debug, settings):
    seed_demo()

    pks = Agreement.objects.get(kind="pks", status=S.ACTIVE)
    today = timezone.localdate()
    assert today < pks.ends_on <= today + timedelta(days=settings.AGREEMENT_EXPIRING_DAYS)
    assert pks.is_expiring
    assert pks.parent.kind == Agreement.Kind.MOU
    assert not pks.parent.is_expiring


@pytest.mark.django_db
def test_demo_sumut_mou_is_being_negotiated_by_both_sides(debug):
    seed_demo()

    mou = Agreement.objects.get(kind="mou", parties__organisation__name=SUMUT)
    assert mou.status == S.NEGOTIATION
    assert list(mou.scope_items.values_list("area", flat=True)) == [
        ScopeItem.Area.DATA_EXCHANGE,
        ScopeItem.Area.MEDIA_SHARING,
        ScopeItem.Area.JOINT_PRODUCTION,
    ]
    authors = list(mou.comments.values_list("author__email", flat=True))
    assert len(authors) == 5
    assert {KPK_STAFF, KPK_MANAGER, "sumut.manager@demo.sinergi.id"} == set(authors)
    # The discussion reads in order, and each comment is in the history.
    times = list(mou.comments.values_list("created_at", flat=True))
    assert times == sorted(times)
    assert entries_for(mou).filter(action=Action.COMMENTED).count() == 5
    assert list(
        mou.documents.filter(kind="draft").order_by("version").values_list("version", flat=True)
    ) == [1, 2]


@pytest.mark.django_db
def test_demo_ended_agreements_say_why_and_the_expired_one_is_being_renewed(debug):
    seed_demo()

    terminated = Agreement.objects.get(status=S.TERMINATED)
    assert "sepakat mengakhiri" in terminated.termination_reason
    last = entries_for(terminated).filter(action=Action.STATUS_CHANGED).first()
    assert last.changes["to"] == S.TERMINATED
    assert last.changes["reason"] == terminated.termination_reason
    assert last.actor.email == KPK_MANAGER

    expired = Agreement.objects.get(status=S.EXPIRED, kind=Agreement.Kind.PKS)
    assert expired.ends_on < timezone.localdate()
    # The daily scan expired it: the system, not a person.
    assert entries_for(expired).filter(action=Action.STATUS_CHANGED).first().actor is None
    successor = expired.successor
    assert (successor.status, successor.kind, successor.parent) == (
        S.DRAFT,
        expired.kind,
        expired.parent,
    )
    # Prefilled as a renewal is: the same parties without numbers, signatories and scope.
    assert list(successor.parties.values_list("organisation__name", "document_number")) == [
        (BIRO_HUMAS, ""),
        (SUMSEL, ""),
    ]
    assert successor.signatories.count() == expired.signatories.count()
    assert list(successor.scope_items.values_list("area", flat=True)) == list(
        expired.scope_items.values_list("area", flat=True)
    )
    assert entries_for(successor).get(action=Action.RENEWED).changes == {"predecessor": expired.pk}
    assert entries_for(expired).get(action=Action.RENEWED).changes == {"successor": successor.pk}


@pytest.mark.django_db
def test_demo_agreements_are_what_the_services_would_accept(debug):
    seed_demo()

    for agreement in Agreement.objects.all():
        kinds = set(agreement.parties.values_list("organisation__kind", flat=True))
        assert Organisation.Kind.KPK_UNIT in kinds, agreement
        assert len(kinds) >= 2 or agreement.parties.count() >= 2, agreement
        assert agreement.owner.email == KPK_STAFF
        signatory_organisations = set(agreement.signatories.values_list("organisation", flat=True))
        assert signatory_organisations <= set(agreement.organisations.values_list("pk", flat=True))
        if agreement.kind == Agreement.Kind.PKS:
            mou = agreement.parent
            assert mou.kind == Agreement.Kind.MOU
            if agreement.effective_on:
                assert mou.effective_on <= agreement.effective_on
            if agreement.ends_on:
                assert agreement.ends_on <= mou.ends_on
        if agreement.status == S.ACTIVE:
            assert activation_problems(agreement) == [], agreement
        if agreement.status in (S.ACTIVE, S.EXPIRED, S.TERMINATED):
            assert agreement.signed_on, agreement
            assert agreement.documents.filter(kind="signed").exists(), agreement
            assert not agreement.parties.filter(document_number="").exists(), agreement


@pytest.mark.django_db
def test_demo_history_tells_each_agreement_from_its_first_draft(debug):
    seed_demo()

    for agreement in Agreement.objects.all():
        events = list(entries_for(agreement).order_by("created_at", "sequence"))
        first = events[0]
        assert first.action in (Action.CREATED, Action.RENEWED), agreement
        assert first.created_at == agreement.created_at
        assert agreement.updated_at >= agreement.created_at
        # The status entries chain from the draft to today's status.
        status = S.DRAFT
        for event in events:
            if event.action == Action.STATUS_CHANGED:
                assert event.changes["from"] == status, agreement
                status = event.changes["to"]
        assert status == agreement.status, agreement
        documents = entries_for(agreement).filter(action=Action.DOCUMENT_UPLOADED)
        assert documents.count() == agreement.documents.count()
        assert all(event.created_at <= timezone.now() for event in events)


@pytest.mark.django_db
def test_seed_demo_leaves_the_audit_chain_intact(debug):
    seed_demo()

    entries = AuditEntry.objects.count()
    assert entries_for(Agreement.objects.get(status=S.TERMINATED)).exists()
    assert run("verify_audit") == f"Audit trail intact: {entries} entries.\n"


@pytest.mark.django_db
def test_demo_documents_are_small_pdfs_in_the_private_storage(debug, media):
    seed_demo()

    documents = AgreementDocument.objects.all()
    assert documents.count() == 11
    assert documents.filter(kind="signed").count() == 6
    for document in documents:
        assert document.file.name.startswith(f"agreements/{document.agreement_id}/")
        assert document.file.name.endswith(".pdf")
        assert document.original_name not in document.file.name
        with default_storage.open(document.file.name) as stored:
            content = stored.read()
        with document.file.open("rb"):
            assert validate_document(document.file) == "application/pdf"
        assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
        assert (document.size, document.sha256) == (
            len(content),
            hashlib.sha256(content).hexdigest(),
        )
        assert document.uploaded_by.email == KPK_STAFF
    assert len(stored_files(media)) == 11


def test_demo_pdf_has_a_correct_cross_reference_table():
    pdf = demo_pdf("Nota Kesepahaman (demo)", "Back\\slash")

    assert b"(Nota Kesepahaman \\(demo\\)) Tj" in pdf
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref:].startswith(b"xref\n0 6\n")
    entries = pdf[xref:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry.split()[0])
        assert pdf[offset:].startswith(b"%d 0 obj" % number)


@pytest.mark.django_db
def test_seed_demo_run_twice_stores_no_document_twice(debug, media):
    seed_demo()
    files = stored_files(media)

    result = seed_demo()

    assert not result.changed_anything
    assert stored_files(media) == files


@pytest.mark.django_db
def test_seed_demo_keeps_what_people_did_with_the_agreements(debug):
    seed_demo()
    mou = Agreement.objects.get(status=S.NEGOTIATION)
    Agreement.objects.filter(pk=mou.pk).update(status=S.READY)
    mou.comments.first().delete()
    before = snapshot()

    result = seed_demo()

    assert not result.changed_anything
    assert snapshot() == before
    mou.refresh_from_db()
    assert mou.status == S.READY


@pytest.mark.django_db
def test_demo_agreements_show_on_their_pages(debug, client):
    seed_demo()
    client.force_login(User.objects.get(email=KPK_MANAGER))

    listing = client.get(reverse("agreements:list"))
    assert listing.status_code == 200
    for agreement in Agreement.objects.all():
        assert escape(agreement.title) in listing.text
        detail = client.get(agreement.get_absolute_url())
        assert detail.status_code == 200, agreement
        # The history shows its newest 25 entries on the first page.
        shown = min(entries_for(agreement).count(), 25)
        assert detail.text.count('data-testid="event"') == shown
    overview = client.get(reverse("agreements:province_overview"))
    assert overview.status_code == 200


@pytest.mark.django_db
def test_demo_province_overview_shows_every_state_of_a_partnership(debug):
    seed_demo()

    states = {
        province.name: state
        for province, state, _count in province_states(User.objects.get(email=KPK_MANAGER))
    }
    assert len(states) == 38
    assert {
        name: states[name]
        for name in ["Sumatera Selatan", "Sumatera Utara", "Jambi", "Lampung", "Aceh"]
    } == {
        "Sumatera Selatan": "active",
        "Sumatera Utara": "drafting",
        "Jambi": "expiring",
        "Lampung": "expired",
        "Aceh": "none",
    }


@pytest.mark.django_db
def test_the_services_carry_the_demo_on(debug):
    seed_demo()
    manager = User.objects.get(email=KPK_MANAGER)
    palembang = Agreement.objects.get(status=S.READY)
    sumut = Agreement.objects.get(status=S.NEGOTIATION)
    lampung = Agreement.objects.get(status=S.EXPIRED, kind=Agreement.Kind.MOU)
    today = timezone.localdate()

    # The PKS being signed still lacks its scan, its date and Palembang's number.
    with translation.override("en"), pytest.raises(AgreementError) as refused:
        transition(palembang, S.ACTIVE, by=manager)
    assert refused.value.messages == [
        "Upload the signed scan first.",
        "Enter the date of signing first.",
        "Enter the document number of Diskominfo Kota Palembang first.",
    ]
    transition(sumut, S.READY, by=manager)
    successor = renew_agreement(lampung, by=manager)
    # Nothing has passed its end date unnoticed; Jambi's MoU and the Sumsel PKS get reminders.
    assert expire_ended_agreements(today=today) == 0
    assert remind_expiring_agreements(today=today) == 2

    assert successor.predecessor == lampung
    assert entries_for(sumut).first().changes == {
        "from": S.NEGOTIATION,
        "to": S.READY,
        "reason": "",
    }
