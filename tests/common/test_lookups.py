"""``__any_of`` selects what ``__in`` selects, as one array parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return [OrganisationFactory(name=f"Diskominfo {n}") for n in range(5)]


def _pks(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_it_selects_what_in_selects_on_fields_and_foreign_keys(organisations):
    chosen = [organisations[0].pk, organisations[3].pk, None, organisations[3].pk]
    memberships = [MembershipFactory(organisation=organisation) for organisation in organisations]

    assert _pks(Organisation.objects.filter(pk__any_of=chosen)) == sorted(
        [organisations[0].pk, organisations[3].pk]
    )
    assert _pks(Membership.objects.filter(organisation_id__any_of=chosen)) == _pks(
        Membership.objects.filter(organisation_id__in=chosen)
    )
    assert _pks(Membership.objects.filter(organisation__any_of=[organisations[1]])) == [
        memberships[1].pk
    ]
    assert _pks(Membership.objects.exclude(organisation_id__any_of=chosen)) == sorted(
        membership.pk for membership in memberships[1:3] + memberships[4:]
    )


def test_an_empty_list_or_only_none_selects_nothing_without_asking(organisations):
    with CaptureQueriesContext(connection) as queries:
        assert list(Organisation.objects.filter(pk__any_of=[])) == []
        assert list(Organisation.objects.filter(pk__any_of=[None])) == []

    assert len(queries) == 0


def test_a_subquery_is_left_as_in(organisations):
    subquery = Organisation.objects.filter(name__endswith="2").values("pk")

    assert _pks(Organisation.objects.filter(pk__any_of=subquery)) == [organisations[2].pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array is PostgreSQL's")
def test_on_postgresql_the_list_is_one_typed_array_parameter(organisations):
    chosen = [organisation.pk for organisation in organisations[:3]]

    with CaptureQueriesContext(connection) as queries:
        found = _pks(Membership.objects.filter(organisation_id__any_of=chosen))

    assert found == []
    (sql,) = [query["sql"] for query in queries]
    assert '"organisation_id" = ANY(' in sql
    assert "::bigint[]" in sql
    assert " IN (" not in sql
