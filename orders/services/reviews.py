"""Reviews (seed 004 `reviews`): one per completed order by its buyer; the merchant's rating stays exact."""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from chat.notices import notice_text
from chat.services import system_notice_send
from common.errors import Conflict, NotFound, ValidationFailed, transition_not_allowed
from merchants.models import Merchant
from orders.models import Order, Review


def _order_of_buyer(*, order_ref: str, user: User) -> Order:
    """The order by uuid or order number, if `user` bought it (anyone else gets 404)."""
    try:
        lookup = {"pk": uuid.UUID(str(order_ref))}
    except ValueError:
        lookup = {"order_no": str(order_ref)}
    order = Order.objects.filter(**lookup, buyer=user).first()
    if order is None:
        raise NotFound(_("Order not found."))
    return order


@transaction.atomic
def review_create(*, user: User, order_ref: str, rating: int, comment: str = "") -> Review:
    """Review a completed order with a merchant, once, and refresh the merchant's rating."""
    if not 1 <= rating <= 5:
        raise ValidationFailed(_("The rating must be between 1 and 5."), data={"rating": [_("Must be 1 to 5.")]})
    order = _order_of_buyer(order_ref=order_ref, user=user)
    if order.merchant_id is None:
        raise ValidationFailed(_("Only orders with a merchant can be reviewed."), data={"order_id": [_("No merchant.")]})
    if order.state != Order.State.COMPLETED:
        raise transition_not_allowed(order, "review")
    # The merchant row lock serialises reviews of one merchant, so the average is computed over every
    # committed review and two concurrent reviews cannot both write a stale average.
    merchant = Merchant.objects.select_for_update().get(pk=order.merchant_id)
    if Review.objects.filter(order=order).exists():
        raise Conflict(_("This order has already been reviewed."))
    try:
        with transaction.atomic():
            review = Review.objects.create(user=user, merchant=merchant, order=order, rating=rating, comment=comment)
    except IntegrityError:
        raise Conflict(_("This order has already been reviewed.")) from None
    totals = Review.objects.filter(merchant=merchant).aggregate(avg=Avg("rating"), count=Count("id"))
    merchant.rating_avg = Decimal(str(totals["avg"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    merchant.rating_count = totals["count"]
    merchant.save(update_fields=["rating_avg", "rating_count", "updated_at"])
    system_notice_send(
        recipient_id=merchant.user_id, order_id=order.pk,
        content=notice_text(gettext_noop("%(user)s rated order %(order)s %(rating)s/5."), user=user.display_name, order=order.order_no, rating=rating),
        data={"kind": "review", "review_id": review.pk, "rating": rating},
    )
    return review
