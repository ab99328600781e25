"""What community declares to the lower layers at start-up (called from CommunityConfig.ready)."""

from community.services.activities import registrations_follow_order
from orders.hooks import order_state_handler_register


def register() -> None:
    # Activity fee registrations follow their product order (paid, cancelled, refunded).
    order_state_handler_register(registrations_follow_order)
