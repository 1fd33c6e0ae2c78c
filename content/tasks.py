"""Thin adapters between Celery and the services: ids in, rows reloaded, retries owned here."""

from celery import shared_task

from . import services


@shared_task(name="content.make_renditions", acks_late=True, ignore_result=True)
def make_renditions(asset_id: int) -> None:
    # Idempotent (services.make_renditions): a message delivered twice makes them once.
    services.make_renditions(asset_id)
