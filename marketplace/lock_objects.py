"""The one way to fetch items and trades for writing (STYLE 5 and 17): the item first, then its open
trades in primary-key order, so a person's call, another person's call and the sweep never deadlock and
never both win. Callers hold `transaction.atomic`."""

from django.utils.translation import gettext as _

from common.errors import NotFound, PermissionDenied
from marketplace.models import Item, Trade
from marketplace.selectors.items import is_db_id


def item_lock(item_id: int) -> Item:
    """Lock one item row; every trade service starts here (lock order: item, then its trades by pk)."""
    if not is_db_id(item_id):
        raise NotFound(_("Item not found."))
    try:
        return Item.objects.select_for_update(of=("self",)).get(pk=item_id)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Item not found.")) from None


def item_open_trades_lock(item_id: int) -> list[Trade]:
    """Lock the open trades of an item in pk order. The caller holds the item's lock."""
    return list(
        Trade.objects.select_for_update(of=("self",)).filter(item_id=item_id, state__in=Trade.ACTIVE_STATES)
        .order_by("pk")
    )


def item_seller_lock(item_id: int, actor, *, staff: bool = False, hidden_missing: bool = False) -> Item:
    """Lock an item its seller (or staff in the admin) acts on; anybody else gets 403, or 404 for an item
    staff took down when `hidden_missing` (the seed-000 routes must not reveal it)."""
    item = item_lock(item_id)
    if not staff and item.seller_id != actor.pk:
        if hidden_missing and item.hidden:
            raise NotFound(_("Item not found."))
        raise PermissionDenied(_("Only the seller can change this item."))
    return item


def trade_lock(trade_id: int, actor, staff: bool = False) -> tuple[Item, Trade, list[Trade]]:
    """Lock a trade's item, then its open trades; answer 404 to anybody but its buyer and seller (staff in
    the admin act for the seller and take the same locks in the same order)."""
    row = None
    if is_db_id(trade_id):
        row = Trade.objects.filter(pk=trade_id).values("item_id", "buyer_id", "seller_id").first()
    if row is None or not (staff or actor.pk in (row["buyer_id"], row["seller_id"])):
        raise NotFound(_("Trade not found."))
    item = item_lock(row["item_id"])
    open_trades = item_open_trades_lock(item.pk)
    trade = next((t for t in open_trades if t.pk == trade_id), None)
    if trade is None:  # closed: lock it anyway so the 409 names the state it really has
        trade = Trade.objects.select_for_update(of=("self",)).get(pk=trade_id)
    trade.item = item
    return item, trade, open_trades
