"""Celery tasks of the marketplace: thin, idempotent, safe to run twice at once (STYLE rule 8)."""

from celery import shared_task

from marketplace.services.trades import SWEEP_BATCH_SIZE, trades_sweep_timeouts


@shared_task(name="marketplace.tasks.sweep_trade_timeouts")
def sweep_trade_timeouts(batch_size: int = SWEEP_BATCH_SIZE) -> int:
    """Apply every due trade timeout (seed 003): accept and seller-confirm timeouts cancel, buyer-confirm
    timeouts complete."""
    return trades_sweep_timeouts(batch_size=batch_size)

