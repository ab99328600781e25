"""Order event rows (STYLE rule 4, Saleor `order/events.py`): one named helper per event type, called by
the order services only. Each writes one `OrderEvent` row of the locked order (its current state is the
`to_state`); the service that calls it queues the cache refresh and the notices."""

from orders.models import Order, OrderEvent


def _event(*, order: Order, actor, type: str, from_state: str = "", reason: str = "", data: dict | None = None):
    return OrderEvent.objects.create(
        order=order,
        actor=actor if getattr(actor, "pk", None) else None,
        type=type,
        from_state=from_state or order.state,
        to_state=order.state,
        reason=reason,
        data=data or {},
    )


# --- outside the machine ------------------------------------------------------------------------------
def order_placed_event(*, order: Order, actor, data: dict) -> OrderEvent:
    return _event(order=order, actor=actor, type="placed", data=data)


def order_payment_started_event(*, order: Order, actor, reference: str, amount) -> OrderEvent:
    return _event(order=order, actor=actor, type="payment_started",
                  data={"reference": reference, "amount": str(amount)})


def order_payment_failed_event(*, order: Order, reference: str) -> OrderEvent:
    return _event(order=order, actor=None, type="payment_failed", data={"reference": reference})


def order_payment_marked_failed_event(*, order: Order, actor, reference: str, reason: str) -> OrderEvent:
    """Staff closed an open payment as failed (the payer gave up; the provider never called back)."""
    return _event(order=order, actor=actor, type="payment_failed", reason=reason[:50],
                  data={"reference": reference, "note": reason})


def order_payment_refused_event(*, order: Order, reference: str, paid, due) -> OrderEvent:
    return _event(order=order, actor=None, type="payment_refused",
                  data={"reference": reference, "paid": str(paid), "due": str(due)})


def order_payment_late_event(*, order: Order, reference: str, paid) -> OrderEvent:
    return _event(order=order, actor=None, type="payment_late", data={"reference": reference, "paid": str(paid)})


def order_amount_changed_event(*, order: Order, actor, data: dict) -> OrderEvent:
    return _event(order=order, actor=actor, type="changeamount", data=data)


def order_rate_changed_event(*, order: Order, actor, data: dict) -> OrderEvent:
    return _event(order=order, actor=actor, type="changerate", data=data)


# --- one per machine transition (seed-001 steps keep the seed's words) -----------------------------------
def order_underwriting_started_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="underwrite_start", from_state=from_state, reason=reason, data=data)


def order_underwrite_passed_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="underwrite_pass", from_state=from_state, reason=reason, data=data)


def order_underwrite_failed_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="underwrite_fail", from_state=from_state, reason=reason, data=data)


def order_paid_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="paid", from_state=from_state, reason=reason, data=data)


def order_activated_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="activated", from_state=from_state, reason=reason, data=data)


def order_expired_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="expired", from_state=from_state, reason=reason, data=data)


def order_completed_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="completed", from_state=from_state, reason=reason, data=data)


def order_refunded_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="refunded", from_state=from_state, reason=reason, data=data)


def order_cancelled_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="cancelled", from_state=from_state, reason=reason, data=data)


def order_userpay_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="userpay", from_state=from_state, reason=reason, data=data)


def order_usertransfer_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="usertransfer", from_state=from_state, reason=reason, data=data)


def order_merchantpay_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="merchantpay", from_state=from_state, reason=reason, data=data)


def order_merchanttransfer_event(*, order: Order, actor, from_state, reason="", data=None) -> OrderEvent:
    return _event(order=order, actor=actor, type="merchanttransfer", from_state=from_state, reason=reason, data=data)


# The event each transition of `Order` writes (read by `order_transition`).
TRANSITION_EVENTS = {
    "underwrite_start": order_underwriting_started_event,
    "underwrite_pass": order_underwrite_passed_event,
    "underwrite_fail": order_underwrite_failed_event,
    "pay": order_paid_event,
    "activate": order_activated_event,
    "expire": order_expired_event,
    "complete": order_completed_event,
    "refund": order_refunded_event,
    "cancel": order_cancelled_event,
    "userpay": order_userpay_event,
    "usertransfer": order_usertransfer_event,
    "merchantpay": order_merchantpay_event,
    "merchanttransfer": order_merchanttransfer_event,
}
