"""Who may do what to an order: `available_actions` for the detail and the `orders/{id}/{action}`
dispatcher, which runs only actions the caller may take (403 wrong party, 409 wrong state)."""

from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import User
from accounts.permissions import has_staff_perm
from common.errors import NotFound, PermissionDenied
from orders.models import Order
from orders.services.exchange import exchange_step
from orders.services.payments import payment_start
from orders.services.product import order_cancel, product_order_confirm, product_order_refund

BUYER, MERCHANT, MERCHANT_OR_STAFF, BUYER_OR_STAFF, PARTY = "buyer", "merchant", "merchant_or_staff", "buyer_or_staff", "party"

_CONTRACT = {"pay": (BUYER, "pay"), "cancel": (BUYER_OR_STAFF, "cancel")}
# action name → (who may take it, the model transition it leads to)
ACTIONS = {
    Order.Kind.PRODUCT: {
        "pay": (BUYER, "pay"), "cancel": (BUYER, "cancel"), "confirm": (BUYER, "complete"),
        "refund": (MERCHANT_OR_STAFF, "refund"),
    },
    Order.Kind.EXCHANGE: {
        "userpay": (BUYER, "userpay"), "usertransfer": (BUYER, "usertransfer"),
        "merchantpay": (MERCHANT, "merchantpay"), "merchanttransfer": (MERCHANT, "merchanttransfer"),
        "cancel": (PARTY, "cancel"),
    },
    Order.Kind.PLAN: _CONTRACT,
    Order.Kind.DRIVER: _CONTRACT,
    Order.Kind.SALE: _CONTRACT,
}
ACTION_NAMES = sorted({name for rules in ACTIONS.values() for name in rules})


def _is_merchant(order: Order, user) -> bool:
    return order.merchant_id is not None and order.merchant.user_id == user.pk


def role_allows(order: Order, user: User, role: str) -> bool:
    is_buyer = order.buyer_id == user.pk
    return {
        BUYER: is_buyer,
        MERCHANT: _is_merchant(order, user),
        MERCHANT_OR_STAFF: _is_merchant(order, user) or has_staff_perm(user, "order:manage"),
        BUYER_OR_STAFF: is_buyer or has_staff_perm(user, "order:manage"),
        PARTY: is_buyer or _is_merchant(order, user),
    }[role]


def available_actions(*, order: Order, user: User) -> list[str]:
    """The actions `user` may take on `order` now."""
    return [
        action for action, (role, transition) in ACTIONS[order.kind].items()
        if role_allows(order, user, role) and can_proceed(getattr(order, transition))
    ]


def _cancel_reason(order: Order, user: User) -> str:
    party = "buyer" if order.buyer_id == user.pk else "merchant" if _is_merchant(order, user) else "staff"
    return f"cancelled_by_{party}"


# action name → the service that runs it (exchange steps all go to exchange_step).
HANDLERS = {
    "pay": lambda *, order, user: payment_start(order_id=order.pk, actor=user),
    "cancel": lambda *, order, user: order_cancel(order_id=order.pk, actor=user, reason=_cancel_reason(order, user)),
    "confirm": lambda *, order, user: product_order_confirm(order_id=order.pk, actor=user),
    "refund": lambda *, order, user: product_order_refund(order_id=order.pk, actor=user),
    **{step: (lambda *, order, user, step=step: exchange_step(order_id=order.pk, actor=user, step=step))
       for step in ("userpay", "usertransfer", "merchantpay", "merchanttransfer")},
}


def order_action(*, order: Order, user: User, action: str):
    """Run `action` on a visible order for `user`; returns the order (or the started payment for `pay`)."""
    rules = ACTIONS[order.kind]
    if action not in rules:
        raise NotFound(_("No action %(action)s on a %(kind)s order.") % {"action": action, "kind": order.kind})
    role, _transition = rules[action]
    if not role_allows(order, user, role):
        raise PermissionDenied(_("You may not %(action)s this order.") % {"action": action})
    return HANDLERS[action](order=order, user=user)
