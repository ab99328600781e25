"""Product orders (seed 004): pending_payment → paid → completed; → cancelled; paid → refunded."""

from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from chat.notices import notice_text
from common.errors import ValidationFailed
from merchants.models import Product
from orders.authz import BUYER, MERCHANT, require_order_actor
from orders.lock_objects import order_lock
from orders.models import Order, OrderItem
from orders.services.common import order_no_allocate, order_placed, order_transition, payment_deadline
from orders.services.inputs import MONEY_LIMIT, Problems
from orders.shapes import money

# Activity fees are products of this category; they are bought only by registering for the activity.
FEE_PRODUCT_CATEGORY = "activity"


def product_order_place(
    *, buyer: User, items: list[dict], delivery_address: str = "", total: object = None, payment: object = None,
    allow_fee_products: bool = False,
) -> Order:
    """Place a product order with one merchant; the server computes every total."""
    problems = Problems()
    if not items:
        raise ValidationFailed(_("items: at least one product is required."), data={"items": [_("Required.")]})
    product_ids = [line["product"] for line in items]
    products = {p.pk: p for p in Product.objects.select_related("merchant").filter(pk__in=product_ids)}
    lines = []
    for index, line in enumerate(items):
        product = products.get(line["product"])
        fee_product = product is not None and product.category == FEE_PRODUCT_CATEGORY and not allow_fee_products
        if product is None or product.hidden or product.status != Product.Status.AVAILABLE or fee_product:
            problems.add(f"items[{index}].product", _("Product %(id)s is not available.") % {"id": line["product"]})
            continue
        lines.append((product, int(line["quantity"])))
    problems.raise_if_any()
    merchants = {product.merchant_id for product, _quantity in lines}
    if len(merchants) != 1:
        raise ValidationFailed(_("items: one order holds products of one merchant."), data={"items": [_("Several merchants.")]})
    merchant = lines[0][0].merchant
    if not merchant.can_sell:
        raise ValidationFailed(_("This merchant cannot sell now."), data={"merchant": [merchant.status]})
    if merchant.user_id == buyer.pk:
        raise ValidationFailed(_("You cannot buy your own products."))
    computed = money(sum(money(product.price) * quantity for product, quantity in lines))
    given_total = problems.money("total", total, required=False)
    given_payment = problems.money("payment", payment, required=False)
    if computed >= MONEY_LIMIT:
        problems.add("items", _("The total must be less than %(limit)s.") % {"limit": MONEY_LIMIT})
    problems.must_equal("total", given_total, computed, _("total"))
    problems.must_equal("payment", given_payment, computed, _("payment"))
    problems.raise_if_any()
    with transaction.atomic():
        now = timezone.now()
        order = Order.objects.create(
            order_no=order_no_allocate(at=now), kind=Order.Kind.PRODUCT, state=Order.State.PENDING_PAYMENT,
            buyer=buyer, merchant=merchant, summary=computed, payment=computed,
            delivery_address=delivery_address or "", deadline_at=payment_deadline(now),
        )
        OrderItem.objects.bulk_create([
            OrderItem(order=order, product=product, quantity=quantity, unit_price=money(product.price),
                      price=money(product.price) * quantity, position=position)
            for position, (product, quantity) in enumerate(lines)
        ])
        order_placed(order=order, buyer=buyer, data={"summary": str(computed), "items": len(lines)},
                     notice=notice_text(gettext_noop("New order %(no)s."), no=order.order_no))
    return order


def product_order_confirm(*, order_id: UUID, actor: User) -> Order:
    """The buyer confirms receipt of a paid product order: it is completed."""
    with transaction.atomic():
        order = order_lock(order_id)
        require_order_actor(order=order, actor=actor, parties=(BUYER,))
        order_transition(order=order, transition="complete", actor=actor,
                         notice=notice_text(gettext_noop("Order %(no)s is completed."), no=order.order_no))
    return order


def product_order_refund(*, order_id: UUID, actor: User) -> Order:
    """The merchant (or staff) refunds a paid product order."""
    with transaction.atomic():
        order = order_lock(order_id)
        require_order_actor(order=order, actor=actor, parties=(MERCHANT,))
        order_transition(order=order, transition="refund", actor=actor, data={"amount": str(order.payment)},
                         notice=notice_text(gettext_noop("Order %(no)s has been refunded."), no=order.order_no))
    return order


def order_cancel(*, order_id: UUID, actor: User | None, reason: str = "") -> Order:
    """Cancel an order from any state its machine allows (a party, staff with order:manage, or the system)."""
    with transaction.atomic():
        order = order_lock(order_id)
        require_order_actor(order=order, actor=actor)
        order_transition(order=order, transition="cancel", actor=actor, reason=reason,
                         notice=notice_text(gettext_noop("Order %(no)s was cancelled."), no=order.order_no))
    return order
