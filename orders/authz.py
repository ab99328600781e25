"""Who may move an order, checked inside the services (DESIGN §9 "Staff scoping"): its parties, or staff
with `order:manage`. `is_staff` alone grants nothing."""

from django.utils.translation import gettext as _

from accounts.permissions import has_staff_perm
from common.errors import PermissionDenied
from orders.models import Order

BUYER, MERCHANT = "buyer", "merchant"


def order_is_party(order: Order, user, parties: tuple[str, ...] = (BUYER, MERCHANT)) -> bool:
    if BUYER in parties and order.buyer_id == user.pk:
        return True
    return MERCHANT in parties and order.merchant_id is not None and order.merchant.user_id == user.pk


def require_order_actor(*, order: Order, actor, parties: tuple[str, ...] = (BUYER, MERCHANT)) -> None:
    """Raise 403 unless `actor` is one of `parties` of `order` or holds order:manage; `None` is the system
    (a beat sweep), which the event table records instead."""
    if actor is None or order_is_party(order, actor, parties) or has_staff_perm(actor, "order:manage"):
        return
    raise PermissionDenied(_("You need the %(permission)s permission to do this.") % {"permission": "order:manage"},
                           data={"permission": "order:manage"})
