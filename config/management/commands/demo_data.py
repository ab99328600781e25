"""Load idempotent demo data: each app ships `<app>/demo.py` with `load(*, password, stdout)`; this top layer
calls them in dependency order (users and their first messages, merchants, their content, orders, the market)."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ("accounts", "chat", "merchants", "community", "orders", "underwrite", "marketplace", "travel")


class Command(BaseCommand):
    help = "Create or update the demo users and data (safe to run again)."

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            for app in DEMO_APPS:
                importlib.import_module(f"{app}.demo").load(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo user's password: {password}"))
