"""Order services (every write). One module per area; import from here."""

from orders.lock_objects import order_by_ref_lock, order_lock
from orders.services.actions import ACTION_NAMES, available_actions, order_action
from orders.services.common import order_move, order_no_allocate, order_placed, order_recorded, order_transition
from orders.services.contracts import driver_order_place, order_state_update, plan_order_place, sale_order_place
from orders.services.exchange import exchange_amount_change, exchange_order_place, exchange_rate_change, exchange_step
from orders.services.payments import payment_callback_handle, payment_sandbox_decide, payment_start
from orders.services.product import order_cancel, product_order_confirm, product_order_place, product_order_refund
from orders.services.sweep import order_deadlines_sweep

__all__ = [
    "ACTION_NAMES", "available_actions", "order_action", "order_by_ref_lock", "order_lock", "order_move",
    "order_no_allocate", "order_placed", "order_recorded", "order_transition", "driver_order_place", "order_state_update", "plan_order_place", "sale_order_place",
    "exchange_amount_change", "exchange_order_place", "exchange_rate_change", "exchange_step",
    "payment_callback_handle", "payment_sandbox_decide", "payment_start", "order_cancel",
    "product_order_confirm", "product_order_place", "product_order_refund", "order_deadlines_sweep",
]
