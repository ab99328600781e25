"""Shared pieces of the order services: order numbers, the one transition path (`order_transition`), and
what follows every event row (cache refresh and notices after commit)."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from accounts.models import User
from chat.models import Message
from chat.notices import NoticeText, notice_text
from chat.services import Notice, messages_send
from common.errors import transition_not_allowed
from orders import hooks
from orders.cache import orders_refresh_on_commit
from orders.events import TRANSITION_EVENTS, order_placed_event
from orders.lock_objects import order_by_ref_lock, order_lock
from orders.models import Order, OrderEvent, OrderNoSequence
from orders.models.orders import CONTRACT_TERM


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


def order_recorded(
    *, order: Order, event: OrderEvent, actor: User | None, notice: str | None = None,
    messages: list[Notice] | None = None,
) -> None:
    """What follows every order event row: the seed-002 cache entry is refreshed after commit, and the
    notices are stored now and pushed after commit to the participants other than the actor."""
    orders_refresh_on_commit([order.pk])
    actor_id = getattr(actor, "pk", None)
    notices = list(messages or [])
    if notice is not None:
        payload = {
            "event": event.type, "order": str(order.pk), "state": order.state, "state_code": order.state_code,
            "order_no": order.order_no,
        }
        notices += [
            Notice(recipient_id=user_id, content=notice, type=Message.Type.SYSTEM, order_id=order.pk, data=payload)
            for user_id in participants(order)
            if user_id != actor_id
        ]
    messages_send(notices)


def order_placed(*, order: Order, buyer: User, data: dict, notice: str) -> OrderEvent:
    """Record a new order: its `placed` event row, then the cache refresh and the merchant's notice."""
    event = order_placed_event(order=order, actor=buyer, data=data)
    order_recorded(order=order, event=event, actor=buyer, notice=notice)
    return event


def order_transition(
    *, order: Order, transition: str, actor: User | None, at: datetime | None = None, reason: str = "",
    data: dict | None = None, notice: str | None = None, messages: list[Notice] | None = None,
) -> OrderEvent:
    """Move an order along one edge of its machine — the one path every door takes (API, page, admin,
    JSON-RPC, socket, beat, underwrite). The caller holds the row lock (`orders.lock_objects.order_lock`).

    Runs the model transition named `transition` (409 naming the state when the machine refuses), saves,
    calls the handlers other apps registered in `orders.hooks`, writes the edge's one typed event row
    (`orders.events.TRANSITION_EVENTS`) and queues the cache refresh and notices after commit. `actor` is
    who acted (None for the beat and the payment provider): the staff permission check and operation-log
    row belong here."""
    method = getattr(order, transition)
    if not can_proceed(method):
        raise transition_not_allowed(order, transition)
    from_state = order.state
    method(at=at or timezone.now())
    order.save()
    hooks.order_state_changed(order=order, from_state=from_state)
    event = TRANSITION_EVENTS[transition](order=order, actor=actor, from_state=from_state, reason=reason, data=data)
    order_recorded(order=order, event=event, actor=actor, notice=notice, messages=messages)
    return event


def order_move(*, order_id, transition: str, actor: User | None, reason: str = "") -> Order:
    """Lock an order and move it along `transition` (staff doors: admin actions); everyone is told."""
    with transaction.atomic():
        order = order_lock(order_id)
        targets = {edge.name: edge.target for edge in order.get_available_state_transitions()}
        order_transition(order=order, transition=transition, actor=actor, reason=reason,
                         notice=state_notice(order, targets[transition]) if transition in targets else None)
    return order


def state_notice(order: Order, state: str) -> NoticeText:
    """"Order … is now <state>." with the state's translatable label, so each reader gets it in their language
    (not the seed's Chinese label, nor the acting staff member's language)."""
    return notice_text(gettext_noop("Order %(no)s is now %(state)s."), no=order.order_no, state=Order.State(state).label)


def payment_deadline(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.ORDER_PAYMENT_TIMEOUT)


__all__ = [
    "CONTRACT_TERM", "order_lock", "order_by_ref_lock", "order_no_allocate", "participants", "order_placed",
    "order_recorded", "order_move", "order_transition", "payment_deadline", "state_notice",
]
