"""Reads of underwrites: one query for the row and its order/operator, one each for problems and photos."""

import uuid

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from common.errors import NotFound
from common.filters import AnyOfChoice, FilterSet, IdFilter, filtered
from orders.models import Order
from underwrite import cache
from underwrite.models import Underwrite, UnderwritePhoto, UnderwriteProblem
from underwrite.permissions import can_read, is_underwrite_staff
from underwrite.serializers import underwrite_data


def underwrite_queryset() -> QuerySet[Underwrite]:
    return (
        Underwrite.objects.filter(deleted=False)
        .select_related("order", "operator")
        .prefetch_related(
            Prefetch("problems", queryset=UnderwriteProblem.objects.filter(deleted=False)),
            Prefetch("photos", queryset=UnderwritePhoto.objects.filter(deleted=False)),
        )
    )


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def order_filter(oid, prefix: str = "") -> dict:
    """Seed-002 calls take an order as its `id` or its `order_no` (DESIGN §4)."""
    pk = _as_uuid(oid)
    return {f"{prefix}pk": pk} if pk is not None else {f"{prefix}order_no": str(oid).strip()}


def order_get(oid) -> Order:
    order = Order.objects.filter(**order_filter(oid)).first()
    if order is None:
        raise NotFound(_("Order not found."))
    return order


def underwrite_get(underwrite_id) -> Underwrite:
    pk = _as_uuid(underwrite_id)
    underwrite = underwrite_queryset().filter(pk=pk).first() if pk else None
    if underwrite is None:
        raise NotFound(_("Underwrite not found."))
    return underwrite


def underwrite_get_for_user(*, underwrite_id, user) -> Underwrite:
    """The underwrite if `user` may read it; anyone else gets 404 (it is not theirs to know about)."""
    underwrite = underwrite_get(underwrite_id)
    if not can_read(user, buyer_id=underwrite.order.buyer_id):
        raise NotFound(_("Underwrite not found."))
    return underwrite


def _readable_data(data: dict | None, user) -> dict | None:
    if data is None:
        return None
    if not can_read(user, buyer_id=data["buyer"]):
        raise NotFound(_("Underwrite not found."))
    return data


def underwrite_data_for_user(*, underwrite_id, user) -> dict:
    """The underwrite's answer, from the cache when there is one (it falls back to the database)."""
    pk = _as_uuid(underwrite_id)
    if pk is None:
        raise NotFound(_("Underwrite not found."))
    data = _readable_data(cache.underwrite_cached(pk), user)
    if data is not None:
        return data
    underwrite = underwrite_get_for_user(underwrite_id=pk, user=user)
    data = underwrite_data(underwrite)
    # After commit (at once outside a transaction), like every cache write, so a rolled-back read-through
    # never leaves a row the database does not hold.
    cache.underwrite_store_on_commit(data)
    return data


def underwrite_data_by_order_for_user(*, oid, user) -> dict:
    """getUnderwriteByOrder: the underwrite of an order given by id or order_no."""
    underwrite_id = (
        Underwrite.objects.filter(deleted=False)
        .filter(**order_filter(oid, "order__"))
        .values_list("pk", flat=True)
        .first()
    )
    if underwrite_id is None:
        raise NotFound(_("This order has no underwrite."))
    return underwrite_data_for_user(underwrite_id=underwrite_id, user=user)


class UnderwriteFilter(FilterSet):
    """`GET underwrites`: `state` (any of), `operator` (a user id)."""

    state = AnyOfChoice(field_name="state", choices=Underwrite.State.choices)
    operator = IdFilter(field_name="operator_id", label="Operator user id.")

    class Meta:
        model = Underwrite
        fields = []


def underwrite_list_for_user(*, user, filters=None) -> QuerySet[Underwrite]:
    """Staff of underwriting see every underwrite; a buyer sees those of their own orders. Narrowed by
    UnderwriteFilter's `filters` (400 on bad input), latest change first."""
    queryset = underwrite_queryset()
    if not is_underwrite_staff(user):
        queryset = queryset.filter(order__buyer=user)
    return filtered(UnderwriteFilter, filters or {}, queryset).order_by("-updated_at", "pk")


def underwrite_photo_for_user(*, underwrite_id, photo_id, user) -> UnderwritePhoto:
    underwrite = underwrite_get_for_user(underwrite_id=underwrite_id, user=user)
    photo = next((p for p in underwrite.photos.all() if str(p.pk) == str(photo_id) and p.file), None)
    if photo is None:
        raise NotFound(_("Photo not found."))
    return photo


def underwrite_events(*, underwrite: Underwrite):
    return underwrite.events.order_by("occurred_at", "id")
