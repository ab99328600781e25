"""Shared pieces of the order services: locks, order numbers, events + notices + cache after commit, and
the one place a transition's side effects (dates, deadlines) are applied."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import User
from chat.models import Message
from chat.services import Notice, messages_send
from common.errors import NotFound, transition_not_allowed
from orders import hooks
from orders.events import order_event_record
from orders.models import Order, OrderNoSequence

# A contract (plan, driver, sale) runs for a year from its start (seed 002 start-at / stop-at).
CONTRACT_TERM = timedelta(days=365)


def order_lock(order_id: UUID) -> Order:
    """Lock one order row for the rest of the transaction (callers hold `transaction.atomic`)."""
    try:
        return Order.objects.select_for_update(of=("self",)).select_related("merchant").get(pk=order_id)
    except (Order.DoesNotExist, ValueError):
        raise NotFound(_("Order not found.")) from None


def order_no_allocate(*, at: datetime | None = None) -> str:
    """Allocate the next `ORD` + yyyymmdd + 4-digit number of the day (UTC); the caller holds a transaction.

    The day's counter row is created if missing without a race (INSERT … ON CONFLICT DO NOTHING), then
    locked, so concurrent orders get distinct, sequential numbers."""
    day = (at or timezone.now()).astimezone(UTC).date()
    OrderNoSequence.objects.bulk_create([OrderNoSequence(day=day, last=0)], ignore_conflicts=True)
    sequence = OrderNoSequence.objects.select_for_update().get(day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"ORD{day:%Y%m%d}{sequence.last:04d}"


def participants(order: Order) -> list[int]:
    """Users told about an order's changes: the buyer and the merchant's user."""
    users = [order.buyer_id]
    if order.merchant_id and order.merchant.user_id not in users:
        users.append(order.merchant.user_id)
    return users


def order_changed(
    *, order: Order, actor: User | None, type: str, from_state: str = "", reason: str = "",
    data: dict | None = None,
    notice: str | None = None, messages: list[Notice] | None = None,
) -> None:
    """Record one change of `order`: its event row (which refreshes the cache after commit) and notices
    (stored, pushed after commit) to the participants other than the actor. The caller holds the lock."""
    order_event_record(order=order, actor=actor, type=type, from_state=from_state, reason=reason, data=data)
    actor_id = getattr(actor, "pk", None)
    notices = list(messages or [])
    if notice is not None:
        payload = {
            "event": type, "order": str(order.pk), "state": order.state, "state_code": order.state_code,
            "order_no": order.order_no,
        }
        notices += [
            Notice(recipient_id=user_id, content=notice, type=Message.Type.SYSTEM, order_id=order.pk, data=payload)
            for user_id in participants(order)
            if user_id != actor_id
        ]
    messages_send(notices)


def order_transition_apply(*, order: Order, transition: str, at: datetime | None = None) -> str:
    """Run `transition` on a locked order with its side effects on dates and deadlines; return the old
    state. Raises 409 naming the state when the machine does not allow it."""
    method = getattr(order, transition)
    if not can_proceed(method):
        raise transition_not_allowed(order, transition)
    at = at or timezone.now()
    from_state = order.state
    if transition in ("pay", "complete", "cancel", "merchanttransfer", "merchantpay"):
        method(at=at)
    else:
        method()
    if transition == "pay":
        if order.is_contract():
            # A contract starts when expected (never before it is paid) and runs for CONTRACT_TERM.
            order.start_at = max(order.expect_at or at, at)
            order.stop_at = order.start_at + CONTRACT_TERM
            order.deadline_at = order.start_at
        else:
            order.deadline_at = None
    elif transition == "activate":
        order.deadline_at = order.stop_at
    elif transition in ("expire", "cancel", "complete", "refund", "merchanttransfer", "merchantpay"):
        order.deadline_at = None
    order.save()
    hooks.order_state_changed(order=order, from_state=from_state)
    return from_state


def payment_deadline(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.ORDER_PAYMENT_TIMEOUT)


def order_by_ref_lock(ref: UUID | str) -> Order:
    """Lock an order named by id or order_no."""
    from orders.selectors import order_lookup_q

    pk = Order.objects.filter(order_lookup_q(ref)).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(_("Order not found."))
    return order_lock(pk)


__all__ = [
    "CONTRACT_TERM", "order_lock", "order_no_allocate", "participants", "order_changed",
    "order_transition_apply", "payment_deadline", "order_by_ref_lock",
]
