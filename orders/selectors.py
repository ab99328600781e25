"""Order reads: querysets with their joins, visibility rules, the catalog."""

import uuid

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.permissions import has_staff_perm, reads_plan_orders
from common.errors import NotFound
from common.filters import AnyOfChoice, FilterSet, IdFilter, filtered
from merchants.models import Merchant
from orders.models import (
    Driver,
    DriverOrderExt,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    Plan,
    PlanItem,
    Promotion,
    Quotation,
    Review,
    Vehicle,
)


def order_list_queryset() -> QuerySet[Order]:
    """Orders with what a list row renders, in a number of queries independent of the page size."""
    return (
        Order.objects.select_related("merchant", "exchange_ext")
        .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("position", "id")))
        .order_by("-updated_at", "-id")
    )


def order_visibility_q(user) -> Q | None:
    """What of others' orders `user` may read (DESIGN §9): everything with order:view (None = no filter),
    plan orders for underwrite staff, else only orders they are party to."""
    if has_staff_perm(user, "order:view"):
        return None
    if reads_plan_orders(user):
        return participant_q(user.pk) | Q(kind=Order.Kind.PLAN)
    return participant_q(user.pk)


def participant_q(user_id) -> Q:
    # The merchant side as a subquery (a user has at most one merchant) rather than a join, so each side
    # of the OR can use its own index on orders.
    return Q(buyer_id=user_id) | Q(merchant_id__in=Merchant.objects.filter(user_id=user_id).values("pk"))


def order_list_for_user_id(*, user_id, kind: str | None = None, states: list[str] | None = None,
                           role: str | None = None) -> QuerySet[Order]:
    """The user's orders as buyer and as merchant, newest update first."""
    if role == "buyer":
        where = Q(buyer_id=user_id)
    elif role == "merchant":
        where = Q(merchant_id__in=Merchant.objects.filter(user_id=user_id).values("pk"))
    else:
        where = participant_q(user_id)
    qs = order_list_queryset().filter(where)
    if kind:
        qs = qs.filter(kind=kind)
    if states:
        qs = qs.filter(state__in=states)
    return qs


class OrderFilter(FilterSet):
    """`GET orders` filters: `kind`, `state` (any of: repeated or comma-separated), `role` (buyer / merchant)."""

    kind = django_filters.ChoiceFilter(choices=Order.Kind.choices)
    state = AnyOfChoice(field_name="state", choices=Order.State.choices)
    role = django_filters.ChoiceFilter(choices=[("buyer", "buyer"), ("merchant", "merchant")], method="by_role")

    class Meta:
        model = Order
        fields = []

    def by_role(self, queryset, name, value):
        return queryset  # applied by order_list_filtered, which knows the caller


def order_list_filtered(*, user_id, filters) -> QuerySet[Order]:
    """The user's orders narrowed by OrderFilter's query parameters (400 on bad input)."""
    role = filters.get("role") or None
    queryset = order_list_for_user_id(user_id=user_id, role=role if role in ("buyer", "merchant") else None)
    return filtered(OrderFilter, filters, queryset)


def order_lookup_q(ref) -> Q:
    """`ref` is an order id (uuid) or its `order_no` (seed 002 calls accept both)."""
    text = str(ref).strip()
    try:
        return Q(pk=uuid.UUID(text))
    except ValueError:
        return Q(order_no=text)


def order_between(ref, *, sender_id: int, recipient_id: int) -> Order:
    """An order both people are party to (buyer or the merchant's owner), for a chat message about it;
    anything else is not found. Registered with chat as the "order" subject (OrdersConfig.ready)."""
    order = (Order.objects.filter(order_lookup_q(str(ref)[:40])).select_related("merchant")
             .only("pk", "buyer_id", "merchant__user_id").first())
    parties = {order.buyer_id, order.merchant.user_id if order.merchant_id else None} if order else set()
    if sender_id not in parties or recipient_id not in parties:
        raise NotFound(_("No such order between you."), data={"order": [_("No such order between you.")]})
    return order


def order_id_of_user(ref, *, user_id: int):
    """The id of an order the user is party to (buyer or the merchant's owner), by uuid or `order_no`;
    else None, so nobody learns anything about someone else's order."""
    mine = Order.objects.filter(Q(buyer_id=user_id) | Q(merchant__user_id=user_id))
    return mine.filter(order_lookup_q(str(ref)[:40])).values_list("pk", flat=True).first()


def order_get_for_user(*, user, ref, queryset: QuerySet[Order] | None = None) -> Order:
    """One order the user may see (buyer, the merchant's user, or staff per `order_visibility_q`); 404 otherwise."""
    qs = queryset if queryset is not None else order_detail_queryset()
    qs = qs.filter(order_lookup_q(ref))
    visible = order_visibility_q(user)
    if visible is not None:
        qs = qs.filter(visible)
    order = qs.first()
    if order is None:
        raise NotFound(_("Order not found."))
    return order


def order_detail_queryset() -> QuerySet[Order]:
    return Order.objects.select_related(
        "merchant", "vehicle", "exchange_ext", "plan_ext__quotation", "plan_ext__promotion", "sale_ext",
    ).prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.select_related("product", "plan", "plan_item")
                 .order_by("position", "id")),
        "plan_ext__plans", "driver_ext__drivers",
    )


def live_payment(*, order: Order) -> Payment | None:
    """The started, still open payment a second Pay reuses (see services.payment_start), if any."""
    if not order.payable():
        return None
    return order.payments.filter(status=Payment.Status.CREATED, amount=order.payment).exclude(
        callback_data__has_key="refused").first()


def order_events(*, order: Order) -> QuerySet[OrderEvent]:
    return OrderEvent.objects.filter(order=order).order_by("occurred_at", "id")


# --- catalog --------------------------------------------------------------------------------------------
def vehicle_list_for_user(*, user) -> QuerySet[Vehicle]:
    qs = Vehicle.objects.all()
    return qs if has_staff_perm(user, "order:view") else qs.filter(owner=user)


def parse_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def vehicle_get_for_user(*, user, vehicle_id) -> Vehicle:
    """A vehicle the user owns (order:view: any); 404 otherwise."""
    pk = parse_uuid(vehicle_id)
    vehicle = vehicle_list_for_user(user=user).filter(pk=pk).first() if pk else None
    if vehicle is None:
        raise NotFound(_("Vehicle not found."))
    return vehicle


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.filter(active=True).prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("name")))


class QuotationFilter(FilterSet):
    """`GET quotations`: `vehicle` (its id)."""

    vehicle = django_filters.UUIDFilter(field_name="vehicle_id")

    class Meta:
        model = Quotation
        fields = []


def quotation_list_for_user(*, user, filters=None) -> QuerySet[Quotation]:
    """The quotations of the user's vehicles (order:view: all), narrowed by QuotationFilter's `filters`."""
    qs = Quotation.objects.select_related("vehicle").prefetch_related("plans")
    if not has_staff_perm(user, "order:view"):
        qs = qs.filter(vehicle__owner=user)
    return filtered(QuotationFilter, filters or {}, qs)


def promotion_list() -> QuerySet[Promotion]:
    return Promotion.objects.filter(active=True)


def promotion_by_code(code: str) -> Promotion | None:
    return promotion_list().filter(code__iexact=code.strip()).first()


def driver_list_for_user(*, user) -> QuerySet[Driver]:
    return Driver.objects.filter(owner=user).order_by("name", "id")


def drivers_visible_to(user) -> QuerySet[Driver]:
    """The user's own drivers; every driver for staff holding order:view (is_staff alone grants nothing)."""
    qs = Driver.objects.all()
    return qs if has_staff_perm(user, "order:view") else qs.filter(owner=user)


def driver_get_for_user(*, user, driver_id) -> Driver:
    """A driver the user owns (order:view: any); 404 otherwise."""
    pk = parse_uuid(driver_id)
    driver = drivers_visible_to(user).filter(pk=pk).first() if pk else None
    if driver is None:
        raise NotFound(_("Driver not found."))
    return driver


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


class MerchantOrderFilter(FilterSet):
    """`GET merchants/orders`: `status` (the order's state; any of)."""

    status = AnyOfChoice(field_name="state", choices=Order.State.choices)

    class Meta:
        model = Order
        fields = []


def merchant_order_list(*, merchant: Merchant, filters=None) -> QuerySet[Order]:
    """The merchant's product orders (the orders issue places them), newest first, narrowed by
    MerchantOrderFilter's `filters` (400 on bad input)."""
    qs = Order.objects.filter(merchant=merchant, kind=Order.Kind.PRODUCT)
    return filtered(MerchantOrderFilter, filters or {}, qs).order_by("-created_at", "-pk")


class ReviewFilter(FilterSet):
    """`GET reviews`: `merchant` (its id)."""

    merchant = IdFilter(field_name="merchant_id")

    class Meta:
        model = Review
        fields = []


def review_list(*, filters=None) -> QuerySet[Review]:
    """Reviews, newest first, narrowed by ReviewFilter's `filters` (400 on bad input)."""
    return filtered(ReviewFilter, filters or {}, Review.objects.all()).select_related("user").order_by(
        "-created_at", "-id")
