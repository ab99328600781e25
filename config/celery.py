"""Celery app: broker from settings (Redis when REDIS_URL is set, else the filesystem transport; `manage.py
serve` switches its in-process worker and beat threads to the memory transport)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tradepost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
