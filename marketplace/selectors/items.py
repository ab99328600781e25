"""Item reads: the public list (search, filters, ordering) and one item, with the visibility rules."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.errors import NotFound, ValidationFailed
from marketplace.models import Item

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
        if user.is_staff:
            return Q()
        return public | Q(seller_id=user.pk)
    return public


def item_list(*, user=None, q: str = "", category: str = "", price_min=None, price_max=None, states=None,
              seller_id=None, ordering: str = "newest") -> QuerySet[Item]:
    """Items the caller may see, filtered; newest first unless `ordering` says otherwise."""
    qs = Item.objects.filter(_visible(user)).prefetch_related("images")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(note__icontains=q))
    if category:
        qs = qs.filter(category__iexact=category.strip())
    if price_min is not None:
        qs = qs.filter(price__gte=price_min)
    if price_max is not None:
        qs = qs.filter(price__lte=price_max)
    if states:
        qs = qs.filter(state__in=states)
    if seller_id is not None:
        qs = qs.filter(seller_id=seller_id)
    return qs.order_by(*ORDERINGS[ordering])


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
