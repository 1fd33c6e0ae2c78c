"""Concurrent requests against a file SQLite database configured as `make run` configures it.

Run by tests/config/test_settings.py in a process of its own (DATABASE_URL names a fresh file):
the pytest database is in memory and shared, so it cannot show what a file does under load.
Prints, as JSON, what each request answered (a status code, or the exception a 500 would be).
"""

import json
import os
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from agreements.models import Agreement, AgreementDocument  # noqa: E402
from partnerships.models import Membership  # noqa: E402
from partnerships.regions import load_regions  # noqa: E402
from tests.factories import AgreementFactory, InvitationFactory, build_network  # noqa: E402

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PEOPLE = 6


def at_once(requests):
    """Send every request from its own thread, all released together; what each answered."""
    start = threading.Barrier(len(requests))
    answers = [None] * len(requests)

    def send(index, request):
        try:
            start.wait()
            answers[index] = request().status_code
        except Exception as error:  # a 500 is what is being counted
            answers[index] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def main():
    call_command("migrate", verbosity=0)
    load_regions()
    network = build_network(language="en")
    draft = AgreementFactory(between=[network.kpk, network.city])
    active = AgreementFactory(status=Agreement.Status.ACTIVE, between=[network.kpk, network.city])
    invitation = InvitationFactory(
        organisation=network.city, email="baru@palembang.go.id", token="one-link"
    )
    connections.close_all()

    uploaders = [signed_in(network.kpk_staff) for _ in range(PEOPLE)]
    upload_url = reverse("agreements:document_upload", args=[draft.pk])
    uploads = at_once(
        [
            lambda client=client, n=n: client.post(
                upload_url,
                {"kind": "draft", "file": SimpleUploadedFile(f"Draf {n}.pdf", PDF)},
            )
            for n, client in enumerate(uploaders)
        ]
    )

    renewers = [signed_in(network.kpk_manager) for _ in range(PEOPLE)]
    renew_url = reverse("agreements:renew", args=[active.pk])
    renewals = at_once([lambda client=client: client.post(renew_url) for client in renewers])

    accept_url = reverse("partnerships:invitation_accept", args=["one-link"])
    acceptance = {"full_name": "Rina", "password1": "Kata-sandi-123", "password2": "Kata-sandi-123"}
    acceptances = at_once(
        [lambda client=Client(): client.post(accept_url, acceptance) for _ in range(2)]
    )

    print(
        json.dumps(
            {
                "uploads": uploads,
                "versions": sorted(
                    AgreementDocument.objects.filter(agreement=draft).values_list(
                        "version", flat=True
                    )
                ),
                "renewals": renewals,
                "successors": Agreement.objects.filter(predecessor=active).count(),
                "acceptances": acceptances,
                "memberships": Membership.objects.filter(
                    organisation=network.city, user__email=invitation.email
                ).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
