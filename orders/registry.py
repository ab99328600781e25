"""What orders declares to the lower layers at start-up (called from OrdersConfig.ready)."""

from chat.subjects import Subject, subject_register
from orders.selectors import order_between, order_id_of_user


def register() -> None:
    # Chat messages about an order: only between its buyer and its merchant.
    subject_register("order", Subject(between=order_between, of_user=order_id_of_user))
