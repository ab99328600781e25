"""Load idempotent demo data: every app may ship `<app>/demo.py` with `load(*, password, stdout)`."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or update the demo users and data (safe to run again)."

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not (settings.BASE_DIR / config.label).is_dir() or config.name.startswith("django"):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo user's password: {password}"))
