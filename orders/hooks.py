"""What other apps do when an order changes state, declared by them and called by the order services.

Higher layers (community: activity registrations paid by a fee order) register a handler in their
`AppConfig.ready`; `orders.services.order_transition` calls every handler inside the order's transaction, after its
row lock and save (DESIGN §1: a named hook, never a model signal)."""

from collections.abc import Callable

from orders.models import Order

OrderStateHandler = Callable[..., None]

_state_changed: list[OrderStateHandler] = []


def order_state_handler_register(handler: OrderStateHandler) -> None:
    """Call `handler(order=…, from_state=…)` after every order transition (idempotent registration)."""
    if handler not in _state_changed:
        _state_changed.append(handler)


def order_state_changed(*, order: Order, from_state: str) -> None:
    for handler in _state_changed:
        handler(order=order, from_state=from_state)
