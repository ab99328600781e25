"""Paying an order through a gateway, and the gateway's signed callback (idempotent)."""

import logging
from collections.abc import Mapping
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from accounts.models import User
from accounts.permissions import require_perm
from chat.notices import notice_text
from common.errors import NotFound, ValidationFailed, transition_not_allowed
from orders.events import (
    order_payment_failed_event,
    order_payment_late_event,
    order_payment_marked_failed_event,
    order_payment_refused_event,
    order_payment_started_event,
)
from orders.lock_objects import order_lock, payment_lock
from orders.models import Payment
from orders.payments import gateway_get
from orders.services.common import order_recorded, order_transition
from orders.services.product import product_order_refund

logger = logging.getLogger(__name__)


def payment_start(*, order_id: UUID, actor: User, gateway: str = "sandbox") -> Payment:
    """Start paying an order: the gateway gives a reference and the URL where the payer pays. One live
    payment per order: while a started payment of the same gateway and amount is still open, a second Pay
    answers that one (no new row, no new event)."""
    provider = gateway_get(gateway)
    with transaction.atomic():
        order = order_lock(order_id)
        if not can_proceed(order.pay):
            raise transition_not_allowed(order, "pay")
        live = order.payments.filter(
            gateway=provider.name, status=Payment.Status.CREATED, amount=order.payment,
        ).exclude(callback_data__has_key="refused").first()
        if live is not None:
            live.pay_url = provider.pay_url(reference=live.reference)
            return live
        start = provider.start(amount=order.payment, order_no=order.order_no)
        payment = Payment.objects.create(
            order=order, gateway=provider.name, reference=start.reference, amount=order.payment,
        )
        payment.pay_url = start.pay_url
        event = order_payment_started_event(order=order, actor=actor, reference=payment.reference,
                                            amount=payment.amount)
        order_recorded(order=order, event=event, actor=actor)
    return payment


def payment_callback_handle(*, gateway: str, body: bytes, headers: Mapping[str, str]) -> Payment:
    """Apply a provider's callback: verify its signature over the raw body, then mark the payment and its
    order paid exactly once. Replays change nothing; an amount that disagrees is refused and logged."""
    provider = gateway_get(gateway)
    outcome = provider.verify_callback(body=body, headers=headers)
    refused = None
    with transaction.atomic():
        order_id = (
            Payment.objects.filter(reference=outcome.reference, gateway=provider.name)
            .values_list("order_id", flat=True).first()
        )
        if order_id is None:
            raise NotFound(_("Unknown payment reference."))
        # Lock order, then payment (the fixed order every payment path uses).
        order = order_lock(order_id)
        payment = payment_lock(outcome.reference)
        if payment.status != Payment.Status.CREATED:
            return payment  # a replay: the first callback already decided this payment
        now = timezone.now()
        if not outcome.paid:
            payment.fail(raw=outcome.raw)
            payment.save()
            event = order_payment_failed_event(order=order, reference=payment.reference)
            order_recorded(order=order, event=event, actor=None)
            return payment
        if outcome.amount != payment.amount or payment.amount != order.payment:
            logger.warning(
                "payment %s refused: paid %s, payment %s, order %s due %s",
                payment.reference, outcome.amount, payment.amount, order.order_no, order.payment,
            )
            payment.callback_data = {"refused": True, **outcome.raw}
            payment.save()
            event = order_payment_refused_event(order=order, reference=payment.reference, paid=outcome.amount,
                                                due=order.payment)
            order_recorded(order=order, event=event, actor=None)
            refused = ValidationFailed(
                _("Paid amount %(paid)s does not match the amount due %(due)s.")
                % {"paid": outcome.amount, "due": order.payment},
                data={"amount": [str(outcome.amount)]},
            )
        elif not can_proceed(order.pay):
            # Paid at the provider after the order closed (cancelled by its deadline, paid another way):
            # keep the evidence for a refund and answer 409; the payment stays open for staff to settle.
            logger.warning("payment %s arrived for order %s in state %s", payment.reference, order.order_no,
                           order.state)
            payment.callback_data = {"late": True, **outcome.raw}
            payment.save()
            event = order_payment_late_event(order=order, reference=payment.reference, paid=outcome.amount)
            order_recorded(order=order, event=event, actor=None)
            refused = transition_not_allowed(order, "pay")
        else:
            payment.succeed(at=now, transaction_id=outcome.transaction_id, raw=outcome.raw)
            payment.save()
            order_transition(order=order, transition="pay", actor=None, at=now,
                             data={"reference": payment.reference, "amount": str(payment.amount)},
                             notice=notice_text(gettext_noop("Order %(no)s has been paid."), no=order.order_no))
    if refused is not None:
        # Raised after commit so the refusal stays recorded (event row, callback data, log).
        raise refused
    return payment


def payment_sandbox_decide(*, reference: str, paid: bool) -> Payment:
    """The sandbox pay page's Pay / Fail: the sandbox provider sends its signed callback through the same
    handler a real provider's HTTP callback reaches."""
    provider = gateway_get("sandbox")
    payment = Payment.objects.filter(reference=reference, gateway=provider.name).first()
    if payment is None:
        raise NotFound(_("Unknown payment reference."))
    body, headers = provider.callback_body(reference=reference, paid=paid, amount=payment.amount)
    return payment_callback_handle(gateway=provider.name, body=body, headers=headers)


def _payment_locked(payment_id) -> tuple:
    """Lock a payment's order, then the payment (the order every payment path uses)."""
    row = Payment.objects.filter(pk=payment_id).values("order_id", "reference").first()
    if row is None:
        raise NotFound(_("Payment not found."))
    return order_lock(row["order_id"]), payment_lock(row["reference"])


def payment_mark_failed(*, payment_id: UUID, actor: User, reason: str) -> Payment:
    """Staff with order:manage close an open payment as failed (the provider never called back); its order
    stays as it is (an unpaid order can be paid again or time out)."""
    require_perm(actor, "order:manage")
    with transaction.atomic():
        order, payment = _payment_locked(payment_id)
        if not can_proceed(payment.fail):
            raise transition_not_allowed(payment, "fail", field="status")
        payment.fail(raw={**payment.callback_data, "marked_failed_by": actor.pk, "reason": reason})
        payment.save()
        event = order_payment_marked_failed_event(order=order, actor=actor, reference=payment.reference, reason=reason)
        order_recorded(order=order, event=event, actor=actor)
    return payment


def payment_refund(*, payment_id: UUID, actor: User) -> Payment:
    """Staff with order:manage refund the order a succeeded payment paid (the order's `refund` transition)."""
    require_perm(actor, "order:manage")
    with transaction.atomic():
        order, payment = _payment_locked(payment_id)
        if payment.status != Payment.Status.PAID:
            raise transition_not_allowed(payment, "refund", field="status")
        product_order_refund(order_id=order.pk, actor=actor)
    return payment
