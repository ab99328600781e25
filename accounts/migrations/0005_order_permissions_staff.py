"""Add order:view, order:manage and community:manage (DESIGN §9 "Staff scoping") and give them to `admin`."""

from django.db import migrations


def forwards(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_token_version_security")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
