"""Celery beat jobs for orders: thin, idempotent, batched in the service (DESIGN §6)."""

from celery import shared_task

from orders.services import order_deadlines_sweep


@shared_task(name="orders.tasks.sweep_order_deadlines")
def sweep_order_deadlines() -> int:
    """Cancel unpaid product orders, activate and expire contracts whose time has come."""
    return order_deadlines_sweep()
