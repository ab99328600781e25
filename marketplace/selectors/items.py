"""Item reads: the public list (search, filters, ordering) and one item, with the visibility rules."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.permissions import has_staff_perm
from common.errors import NotFound, ValidationFailed
from common.filters import AnyOf, AnyOfChoice, FilterSet, IdFilter, filtered
from marketplace.models import Item, ItemImage

MAX_ID = 2**63 - 1  # bigint


def is_db_id(value) -> bool:
    """An id the database can hold: a larger one (from a URL or a form) is simply not found, not an overflow."""
    try:
        return 0 < int(value) <= MAX_ID
    except (TypeError, ValueError):
        return False


ORDERINGS = {
    "newest": ("-created_at", "-id"), "-created_at": ("-created_at", "-id"), "created_at": ("created_at", "id"),
    "price": ("price", "id"), "-price": ("-price", "-id"), "oldest": ("created_at", "id"),
}


def _visible(user) -> Q:
    """Hidden (taken down by staff) and withdrawn items are seen only by their seller (and staff)."""
    public = Q(hidden=False) & ~Q(state=Item.State.WITHDRAWN)
    if user is not None and user.is_authenticated:
        if has_staff_perm(user, "content:review"):  # moderators (DESIGN §9); is_staff alone grants nothing
            return Q()
        return public | Q(seller_id=user.pk)
    return public


class ItemFilter(FilterSet):
    """The public list's filters (DESIGN §4 items); `ordering` picks one of ORDERINGS (newest by default)."""

    q = django_filters.CharFilter(method="search", max_length=100)
    category = AnyOf(method="filter_category")  # case-insensitive: "Books" finds "books"
    price_min = django_filters.NumberFilter(field_name="price", lookup_expr="gte", min_value=0)
    price_max = django_filters.NumberFilter(field_name="price", lookup_expr="lte", min_value=0)
    state = AnyOfChoice(field_name="state", choices=Item.State.choices)
    seller = IdFilter(field_name="seller_id", min_value=1, max_value=MAX_ID)
    ordering = django_filters.ChoiceFilter(choices=[(k, k) for k in ORDERINGS], method="order", empty_label=None)

    class Meta:
        model = Item
        fields = []

    def search(self, queryset, name, value):
        # UPPER(col) LIKE UPPER(%q%): the trigram indexes of migration 0006_search_indexes_perf serve it.
        return queryset.filter(Q(title__icontains=value) | Q(note__icontains=value))

    def filter_category(self, queryset, name, value):
        wanted = Q()
        for category in value:
            wanted |= Q(category__iexact=category.strip())
        return queryset.filter(wanted)

    def order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])


def item_ordering(params) -> tuple[str, ...]:
    """The order a list request asks for (validated by ItemFilter): the cursor's fields."""
    return ORDERINGS.get(params.get("ordering") or "newest", ORDERINGS["newest"])


def item_list(*, user=None, filters=None) -> QuerySet[Item]:
    """Items the caller may see, narrowed by `filters` (ItemFilter's query parameters; 400 on bad input);
    newest first unless `ordering` says otherwise."""
    qs = Item.objects.filter(_visible(user)).order_by(*ORDERINGS["newest"])
    return filtered(ItemFilter, filters or {}, qs)


ITEM_ROW_FIELDS = ("id", "seller_id", "title", "category", "price", "depreciation", "note", "image_url", "state",
                   "reserved_for_id", "created_at")


def item_image_names(item_ids) -> dict[int, list[str]]:
    """The stored image names of these items (one query), in upload order."""
    names: dict[int, list[str]] = {}
    for item_id, name in ItemImage.objects.filter(item_id__in=item_ids).order_by("id").values_list("item_id", "image"):
        names.setdefault(item_id, []).append(name)
    return names


def item_get(*, item_id, user=None) -> Item:
    """One item the caller may see, or 404."""
    if not is_db_id(item_id):
        raise NotFound(_("Item not found."))
    try:
        return Item.objects.prefetch_related("images").get(_visible(user), pk=item_id)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Item not found.")) from None


def item_between(ref, *, sender_id: int, recipient_id: int) -> Item:
    """An item one of the two people sells, for a chat message about it; a hidden item only its seller may
    still talk about. Registered with chat as the "item" subject (MarketplaceConfig.ready)."""
    if isinstance(ref, bool) or not is_db_id(ref):
        raise ValidationFailed(_("Invalid item."), data={"item": [_("Give an item id.")]})
    item = Item.objects.filter(pk=int(ref)).only("pk", "seller_id", "hidden").first()
    if item is None or item.seller_id not in (sender_id, recipient_id) or (item.hidden and item.seller_id != sender_id):
        raise NotFound(_("No such item between you."), data={"item": [_("No such item between you.")]})
    return item
