from celery import shared_task
from django.core.management import call_command


@shared_task(name="common.tasks.flush_expired_tokens")
def flush_expired_tokens() -> None:
    """Drop expired outstanding/blacklisted JWTs so the blacklist tables stay small (idempotent)."""
    call_command("flushexpiredtokens", verbosity=0)
