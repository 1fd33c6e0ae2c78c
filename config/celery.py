"""The Celery application.

Workers: ``celery -A config worker``. Scheduler: ``celery -A config beat``; its one fixed entry
queues the scheduled scans that are due, whose schedules live in the database
(``notifications.ScheduledScan``, edited in the admin).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sinergi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "queue-due-scans": {"task": "notifications.queue_due_scans", "schedule": 60.0},
}
