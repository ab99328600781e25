from django.core.management.base import BaseCommand

from accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Create or update the seed-004 roles (groups) and permissions; safe to run any number of times."

    def handle(self, *args, **options):
        counts = sync_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles: {counts['roles']}, permissions: {counts['permissions']}"))
