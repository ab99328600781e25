"""Order services (every write). One module per area; import from here."""

from orders.services.actions import ACTION_NAMES, available_actions, order_action
from orders.services.common import order_changed, order_lock, order_no_allocate, order_transition_apply
from orders.services.contracts import driver_order_place, order_state_update, plan_order_place, sale_order_place
from orders.services.exchange import exchange_amount_change, exchange_order_place, exchange_rate_change, exchange_step
from orders.services.payments import payment_callback_handle, payment_sandbox_decide, payment_start
from orders.services.product import order_cancel, product_order_confirm, product_order_place, product_order_refund
from orders.services.sweep import order_deadlines_sweep

__all__ = [
    "ACTION_NAMES", "available_actions", "order_action", "order_changed", "order_lock", "order_no_allocate",
    "order_transition_apply", "driver_order_place", "order_state_update", "plan_order_place", "sale_order_place",
    "exchange_amount_change", "exchange_order_place", "exchange_rate_change", "exchange_step",
    "payment_callback_handle", "payment_sandbox_decide", "payment_start", "order_cancel",
    "product_order_confirm", "product_order_place", "product_order_refund", "order_deadlines_sweep",
]
