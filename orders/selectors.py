"""Order reads: querysets with their joins, visibility rules, the catalog."""

import uuid

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from common.errors import NotFound
from orders.models import (
    Driver,
    DriverOrderExt,
    Order,
    OrderEvent,
    OrderItem,
    Plan,
    PlanItem,
    Promotion,
    Quotation,
    Vehicle,
)


def order_list_queryset() -> QuerySet[Order]:
    """Orders with what a list row renders, in a number of queries independent of the page size."""
    return (
        Order.objects.select_related("merchant", "exchange_ext")
        .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("position", "id")))
        .order_by("-updated_at", "-id")
    )


def participant_q(user_id) -> Q:
    return Q(buyer_id=user_id) | Q(merchant__user_id=user_id)


def order_list_for_user_id(*, user_id, kind: str | None = None, states: list[str] | None = None,
                           role: str | None = None) -> QuerySet[Order]:
    """The user's orders as buyer and as merchant, newest update first."""
    if role == "buyer":
        where = Q(buyer_id=user_id)
    elif role == "merchant":
        where = Q(merchant__user_id=user_id)
    else:
        where = participant_q(user_id)
    qs = order_list_queryset().filter(where)
    if kind:
        qs = qs.filter(kind=kind)
    if states:
        qs = qs.filter(state__in=states)
    return qs


def order_lookup_q(ref) -> Q:
    """`ref` is an order id (uuid) or its `order_no` (seed 002 calls accept both)."""
    text = str(ref).strip()
    try:
        return Q(pk=uuid.UUID(text))
    except ValueError:
        return Q(order_no=text)


def order_get_for_user(*, user, ref, queryset: QuerySet[Order] | None = None) -> Order:
    """One order the user may see (buyer, the merchant's user, or staff); 404 otherwise."""
    qs = queryset if queryset is not None else order_detail_queryset()
    qs = qs.filter(order_lookup_q(ref))
    if not user.is_staff:
        qs = qs.filter(participant_q(user.pk))
    order = qs.first()
    if order is None:
        raise NotFound(_("Order not found."))
    return order


def order_detail_queryset() -> QuerySet[Order]:
    return Order.objects.select_related(
        "merchant", "vehicle", "exchange_ext", "plan_ext__quotation", "plan_ext__promotion", "sale_ext",
    ).prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("position", "id")),
        "plan_ext__plans", "driver_ext__drivers",
    )


def order_events(*, order: Order) -> QuerySet[OrderEvent]:
    return OrderEvent.objects.filter(order=order).order_by("occurred_at", "id")


# --- catalog --------------------------------------------------------------------------------------------
def vehicle_list_for_user(*, user) -> QuerySet[Vehicle]:
    qs = Vehicle.objects.all()
    return qs if user.is_staff else qs.filter(owner=user)


def parse_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def vehicle_get_for_user(*, user, vehicle_id) -> Vehicle:
    """A vehicle the user owns (staff: any); 404 otherwise."""
    pk = parse_uuid(vehicle_id)
    vehicle = vehicle_list_for_user(user=user).filter(pk=pk).first() if pk else None
    if vehicle is None:
        raise NotFound(_("Vehicle not found."))
    return vehicle


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.filter(active=True).prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("name")))


def quotation_list_for_user(*, user, vehicle_id=None) -> QuerySet[Quotation]:
    qs = Quotation.objects.select_related("vehicle").prefetch_related("plans")
    if not user.is_staff:
        qs = qs.filter(vehicle__owner=user)
    if vehicle_id:
        qs = qs.filter(vehicle_id=vehicle_id)
    return qs


def promotion_list() -> QuerySet[Promotion]:
    return Promotion.objects.filter(active=True)


def effective_drivers(*, vehicle_id) -> list[tuple[Driver, uuid.UUID]]:
    """Drivers of effective driver orders on this vehicle (seed 002 getDriverOrders), with their order."""
    exts = (
        DriverOrderExt.objects.filter(order__vehicle_id=vehicle_id, order__state=Order.State.EFFECTIVE)
        .prefetch_related(Prefetch("drivers", queryset=Driver.objects.order_by("name", "id")))
        .order_by("order__start_at", "order_id")
    )
    return [(driver, ext.order_id) for ext in exts for driver in ext.drivers.all()]


def effective_driver_rows(*, vehicle_id) -> list[dict]:
    """The effective drivers of a vehicle as rows, from `order-driver-entities` when the cache is on."""
    from orders import cache
    from orders.shapes import driver_row

    def compute():
        return [driver_row(driver, order_id) for driver, order_id in effective_drivers(vehicle_id=vehicle_id)]

    if cache.enabled():
        return cache.effective_drivers_cached(vehicle_id=vehicle_id, compute=compute)
    return compute()
