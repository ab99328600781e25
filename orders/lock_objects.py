"""The one way to fetch orders for writing (STYLE 17, Saleor `order/lock_objects.py`): row locks in
primary-key order, `of=("self",)` so joined rows stay unlocked. Callers hold `transaction.atomic`."""

from uuid import UUID

from django.utils.translation import gettext as _

from common.errors import NotFound
from orders.models import Order, Payment
from orders.selectors import order_lookup_q


def order_lock(order_id: UUID) -> Order:
    """Lock one order row for the rest of the transaction."""
    try:
        return Order.objects.select_for_update(of=("self",)).select_related("merchant").get(pk=order_id)
    except (Order.DoesNotExist, ValueError):
        raise NotFound(_("Order not found.")) from None


def order_by_ref_lock(ref: UUID | str) -> Order:
    """Lock an order named by id or order_no."""
    pk = Order.objects.filter(order_lookup_q(ref)).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(_("Order not found."))
    return order_lock(pk)


def payment_lock(reference: str) -> Payment:
    """Lock one payment; the caller already holds its order's lock (order first, then payment)."""
    return Payment.objects.select_for_update(of=("self",)).get(reference=reference)
