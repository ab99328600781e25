"""Order event rows (STYLE rule 4): one per change, written by the services only. Writing one also
refreshes the seed-002 cache of that order after commit, so no writer can leave the cache behind."""

from orders.cache import orders_refresh_on_commit
from orders.models import Order, OrderEvent


def order_event_record(
    *, order: Order, actor, type: str, from_state: str = "", reason: str = "", data: dict | None = None
) -> OrderEvent:
    """Write the event row for one change of `order` (its current state is the `to_state`)."""
    event = OrderEvent.objects.create(
        order=order,
        actor=actor if getattr(actor, "pk", None) else None,
        type=type,
        from_state=from_state or order.state,
        to_state=order.state,
        reason=reason,
        data=data or {},
    )
    orders_refresh_on_commit([order.pk])
    return event
