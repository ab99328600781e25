"""Trade reads: the caller's trades as buyer and seller (seed 003 filters), one trade, its events, an item's
wants, and the actions the caller may take on a trade."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.errors import NotFound, PermissionDenied
from common.filters import AnyOfChoice, FilterSet, filtered
from marketplace.models import Item, Trade, TradeEvent
from marketplace.selectors.items import is_db_id

# Seed 003: the marks `active` and `inactive` stand for groups of states (forward compatible filters).
STATE_MARKS = {"active": Trade.ACTIVE_STATES, "inactive": Trade.INACTIVE_STATES}
ROLES = ("buyer", "seller")


STATE_WORDS = (*STATE_MARKS, *Trade.State.values)


def trade_states(words) -> list[str]:
    """The states that `words` (states and the marks active / inactive, already validated) stand for."""
    states = set()
    for word in words:
        states.update(STATE_MARKS.get(word, (word,)))
    return sorted(states)


def trade_list_for_user(*, user, states=None, role: str | None = None) -> QuerySet[Trade]:
    """The caller's trades as buyer and as seller (seed 003), newest first."""
    if role == "buyer":
        qs = Trade.objects.filter(buyer_id=user.pk)
    elif role == "seller":
        qs = Trade.objects.filter(seller_id=user.pk)
    else:
        qs = Trade.objects.filter(Q(buyer_id=user.pk) | Q(seller_id=user.pk))
    if states:
        qs = qs.filter(state__in=states)
    return qs.select_related("item").order_by("-created_at", "-id")


class TradeFilter(FilterSet):
    """Seed 003's filters of the caller's trades: `state` (states and the marks active / inactive; repeated or
    comma-separated: any of) and `role` (buyer / seller)."""

    state = AnyOfChoice(choices=[(word, word) for word in STATE_WORDS], method="filter_state",
                        label="Trade states, or the marks active / inactive.")
    role = django_filters.ChoiceFilter(choices=[(r, r) for r in ROLES], method="filter_role")

    class Meta:
        model = Trade
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__in=trade_states(value)) if value else queryset

    def filter_role(self, queryset, name, value):
        return queryset.filter(**{f"{value}_id": self.user.pk})


def trade_list_filtered(*, user, filters) -> QuerySet[Trade]:
    """The caller's trades narrowed by TradeFilter's query parameters (400 on bad input), newest first."""
    return filtered(TradeFilter, filters, trade_list_for_user(user=user), user=user)


def trade_get_for_user(*, trade_id, user) -> Trade:
    """One trade of the caller; third users get 404 (they see none of its details)."""
    if not is_db_id(trade_id):
        raise NotFound(_("Trade not found."))
    try:
        return Trade.objects.select_related("item").get(Q(buyer_id=user.pk) | Q(seller_id=user.pk), pk=trade_id)
    except (Trade.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Trade not found.")) from None


def trade_events_for_user(*, trade_id, user) -> QuerySet[TradeEvent]:
    trade = trade_get_for_user(trade_id=trade_id, user=user)
    return trade.events.order_by("occurred_at", "id")


def item_wants(*, item_id, user) -> QuerySet[Trade]:
    """The open trades ("I want to buy" records) on the seller's item, oldest first."""
    item = Item.objects.filter(pk=item_id).values("seller_id", "hidden").first() if is_db_id(item_id) else None
    if item is None:
        raise NotFound(_("Item not found."))
    if item["seller_id"] != user.pk:
        raise PermissionDenied(_("Only the seller sees who wants this item."))
    return Trade.objects.filter(item_id=item_id, state__in=Trade.ACTIVE_STATES).select_related("item", "buyer").order_by(
        "created_at", "id")


def trade_actions(trade: Trade, user) -> list[str]:
    """What `user` may do with `trade` now: names from accept, reject, confirm, cancel (DESIGN §4)."""
    if trade.state == Trade.State.PENDING:
        if user.pk == trade.seller_id:
            return ["accept", "reject"] if trade.item.state == Item.State.ON_SALE else ["reject"]
        if user.pk == trade.buyer_id:
            return ["cancel"]
    elif trade.state == Trade.State.PROCESSING:
        if user.pk == trade.seller_id:
            return ["confirm", "cancel"] if trade.seller_confirmed_at is None else ["cancel"]
        if user.pk == trade.buyer_id:
            return ["confirm", "cancel"]
    return []
