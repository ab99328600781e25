"""Time-driven order changes (DESIGN §6): unpaid product orders cancel at their payment deadline; paid
contracts become effective at start_at and expire at stop_at. Due rows are taken in batches with
`select_for_update(skip_locked=True)` and go through the same transition rules as a person's call."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from chat.notices import notice_text
from orders.lock_objects import order_lock
from orders.models import Order
from orders.services.common import order_transition

SWEEP_BATCH_SIZE = 100

# (kinds, state due, transition, reason, notice)
SWEEPS = (
    ((Order.Kind.PRODUCT,), Order.State.PENDING_PAYMENT, "cancel", "payment_timeout",
     gettext_noop("Order %(no)s was cancelled: it was not paid in time.")),
    (Order.CONTRACT_KINDS, Order.State.PAID, "activate", "start_at", gettext_noop("Order %(no)s is now effective.")),
    (Order.CONTRACT_KINDS, Order.State.EFFECTIVE, "expire", "stop_at", gettext_noop("Order %(no)s has expired.")),
)


def order_deadlines_sweep(*, now: datetime | None = None) -> int:
    """Apply every due time-driven change; safe to run twice and from several workers. Returns the count."""
    now = now or timezone.now()
    done = 0
    for kinds, state, transition, reason, notice in SWEEPS:
        while True:
            with transaction.atomic():
                due = list(
                    Order.objects.select_for_update(skip_locked=True)
                    .filter(kind__in=kinds, state=state, deadline_at__lte=now)
                    .order_by("deadline_at", "pk").values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
                )
                for pk in due:
                    order = order_lock(pk)
                    order_transition(order=order, transition=transition, actor=None, at=now, reason=reason,
                                     notice=notice_text(notice, no=order.order_no))
            done += len(due)
            if len(due) < SWEEP_BATCH_SIZE:
                break
    return done
