import pytest
from django.db import connection

from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids (tests/conftest.py); pages follow each user's language."""


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Diskominfo Kota Palembang")


@pytest.fixture
def person(db):
    return UserFactory(full_name="Rina Wati", email="rina@example.id")


@pytest.fixture
def raw_sql():
    """Run SQL behind the ORM's back, as someone with database access could.

    On PostgreSQL the append-only trigger is switched off for this test's transaction first,
    as a database superuser could; the test's rollback switches it back on.
    """

    def run(sql, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The deferred foreign-key checks must run before the table can be altered.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(sql, params)

    return run


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
