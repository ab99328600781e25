"""Celery tasks of the community: thin, idempotent, safe to run twice at once (STYLE rule 8)."""

from celery import shared_task

from community.services.animals import claims_end_due


@shared_task(name="community.tasks.sweep_claim_expiry")
def sweep_claim_expiry() -> int:
    """End every animal claim whose CLAIM_DAYS are over; its animal becomes available again."""
    return claims_end_due()
