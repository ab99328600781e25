"""Marketplace periodic jobs (Celery beat). Tasks are thin: they call the services."""

from celery import shared_task


@shared_task(name="marketplace.tasks.sweep_claim_expiry")
def sweep_claim_expiry() -> int:
    """End every animal claim whose CLAIM_DAYS are over; its animal becomes available again."""
    from marketplace.services.animals import claims_end_due

    return claims_end_due()
