"""Indexes that fit the list queries (issue 19); the trigram ones only on PostgreSQL."""

from django.conf import settings
from django.db import migrations, models

# Search is `UPPER(col::text) LIKE UPPER('%q%')` (Django's icontains on PostgreSQL): trigram GIN indexes on those
# expressions serve it, English and Chinese alike (3 characters or more; shorter needles scan the index).
TRIGRAM_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS item_title_trgm ON marketplace_item USING gin (UPPER(title::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS item_note_trgm ON marketplace_item USING gin (UPPER(note::text) gin_trgm_ops)",
]
TRIGRAM_DROP = ["DROP INDEX IF EXISTS item_title_trgm", "DROP INDEX IF EXISTS item_note_trgm"]


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0005_item_event_arch'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='item',
            index=models.Index(condition=models.Q(('hidden', False), models.Q(('state', 'withdrawn'), _negated=True)), fields=['-created_at', '-id'], name='item_public_newest'),
        ),
        migrations.AddIndex(
            model_name='trade',
            index=models.Index(fields=['buyer', '-created_at', '-id'], name='trade_buyer_newest'),
        ),
        migrations.AddIndex(
            model_name='trade',
            index=models.Index(fields=['seller', '-created_at', '-id'], name='trade_seller_newest'),
        ),
        migrations.RunPython(_on_postgres(TRIGRAM_SQL), _on_postgres(TRIGRAM_DROP), elidable=False),
    ]
