"""Exchange orders (seed 001): a user buys or sells credit ("vc") from a merchant at a rate.

buy: open → user_paid (userpay) → completed (merchanttransfer); sell: open → user_transferred
(usertransfer) → completed (merchantpay); open → cancelled. Every change is stored as a message of the
seed's type and pushed to the counterpart with the seed-001 frame keys."""

from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import User
from chat.models import Message
from chat.notices import notice_text
from chat.services import Notice
from common.errors import PermissionDenied, ValidationFailed, transition_not_allowed
from merchants.models import Merchant
from orders.events import order_amount_changed_event, order_rate_changed_event
from orders.lock_objects import order_lock
from orders.models import ExchangeOrderExt, Order
from orders.services.common import order_no_allocate, order_placed, order_recorded, order_transition
from orders.services.inputs import MONEY_LIMIT
from orders.shapes import money, plain

STEP_TEXT = {
    "userpay": gettext_lazy("The user has paid."),
    "usertransfer": gettext_lazy("The user has transferred the credit."),
    "merchantpay": gettext_lazy("The merchant has paid."),
    "merchanttransfer": gettext_lazy("The merchant has transferred the credit."),
}

TERM_PARTY_TEXT = {
    "amount": gettext_lazy("Only the user of this order may change the amount."),
    "rate": gettext_lazy("Only the merchant of this order may change the rate."),
}
TERM_CHANGED_TEXT = {
    "amount": gettext_lazy("Amount changed from %(old_amount)s to %(amount)s."),
    "rate": gettext_lazy("Rate changed from %(old_rate)s to %(rate)s."),
}


def _total(amount: Decimal, rate: Decimal) -> Decimal:
    total = money(amount * rate)
    if total >= MONEY_LIMIT:
        raise ValidationFailed(_("amount × rate must be less than %(limit)s.") % {"limit": MONEY_LIMIT},
                               data={"amount": [str(amount)], "rate": [str(rate)]})
    return total


def exchange_order_place(*, buyer: User, merchant_id: int, direction: str, amount: Decimal, rate: Decimal) -> Order:
    """Open an exchange order between a user and an approved merchant."""
    merchant = Merchant.objects.filter(pk=merchant_id).first()
    if merchant is None or not merchant.can_sell:
        raise ValidationFailed(_("merchant: this merchant cannot trade now."), data={"merchant": [_("Not approved.")]})
    if merchant.user_id == buyer.pk:
        raise ValidationFailed(_("You cannot open an exchange order with yourself."))
    payment = _total(amount, rate)
    with transaction.atomic():
        order = Order.objects.create(
            order_no=order_no_allocate(), kind=Order.Kind.EXCHANGE, state=Order.State.OPEN, buyer=buyer,
            merchant=merchant, summary=money(amount), payment=payment,
        )
        ExchangeOrderExt.objects.create(order=order, direction=direction, amount=money(amount), rate=rate)
        order_placed(
            order=order, buyer=buyer,
            data={"direction": direction, "amount": str(money(amount)), "rate": str(rate)},
            notice=notice_text(gettext_noop("New exchange order %(no)s."), no=order.order_no),
        )
    return order


def _lock_exchange(order_id) -> Order:
    order = order_lock(order_id)
    if order.kind != Order.Kind.EXCHANGE:
        raise ValidationFailed(_("Not an exchange order."))
    return order


def _require_open(order: Order, action: str) -> None:
    # Amount and rate are editable only before any payment step (seed 001; DESIGN §3.3).
    if order.state != Order.State.OPEN:
        raise transition_not_allowed(order, action)


def _exchange_term_change(*, order_id: UUID, actor: User, term: str, apply) -> Order:
    """Change one term (`amount` by the user, `rate` by the merchant) of an open exchange order; the other
    party gets the seed-001 frame with old and new values."""
    with transaction.atomic():
        order = _lock_exchange(order_id)
        by_user = term == "amount"
        if actor.pk != (order.buyer_id if by_user else order.merchant.user_id):
            raise PermissionDenied(TERM_PARTY_TEXT[term])
        _require_open(order, "change" + term)
        data = apply(order, order.exchange_ext)
        order.save()
        event = (order_amount_changed_event if by_user else order_rate_changed_event)(order=order, actor=actor, data=data)
        order_recorded(order=order, event=event, actor=actor, messages=[Notice(
            type=Message.Type.CHANGEAMOUNT if by_user else Message.Type.CHANGERATE, sender_id=actor.pk,
            recipient_id=order.merchant.user_id if by_user else order.buyer_id, order_id=order.pk, data=data,
            content=str(TERM_CHANGED_TEXT[term]) % data,
        )])
    return order


def exchange_amount_change(*, order_id: UUID, actor: User, amount: Decimal) -> Order:
    """The user changes the amount of an open exchange order; the merchant is told old and new."""
    def apply(order, ext):
        old, ext.amount = ext.amount, money(amount)
        ext.save(update_fields=["amount"])
        order.summary, order.payment = ext.amount, _total(ext.amount, ext.rate)
        return {"old_amount": str(old), "amount": str(ext.amount)}

    return _exchange_term_change(order_id=order_id, actor=actor, term="amount", apply=apply)


def exchange_rate_change(*, order_id: UUID, actor: User, rate: Decimal) -> Order:
    """The merchant changes the rate of an open exchange order; the user is told old and new."""
    def apply(order, ext):
        old, ext.rate = ext.rate, rate
        ext.save(update_fields=["rate"])
        order.payment = _total(ext.amount, ext.rate)
        return {"old_rate": plain(old), "rate": plain(rate)}

    return _exchange_term_change(order_id=order_id, actor=actor, term="rate", apply=apply)


def exchange_step(*, order_id: UUID, actor: User, step: str) -> Order:
    """One payment step (userpay, usertransfer, merchantpay, merchanttransfer); the counterpart is told."""
    with transaction.atomic():
        order = _lock_exchange(order_id)
        by_user = step in ("userpay", "usertransfer")
        if actor.pk != (order.buyer_id if by_user else order.merchant.user_id):
            raise PermissionDenied(_("This step belongs to the other party."))
        counterpart = order.merchant.user_id if by_user else order.buyer_id
        order_transition(order=order, transition=step, actor=actor, messages=[Notice(
            type=step, sender_id=actor.pk, recipient_id=counterpart, order_id=order.pk,
            content=str(STEP_TEXT[step]),
        )])
    return order
