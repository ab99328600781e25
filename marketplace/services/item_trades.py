"""Seed 000's item-scoped trade calls (`/item/order`, `/user/want/delete[all]`, `/item/trade`, `/item/reset`):
the seller or buyer names the item (and the buyer), not the trade. Same locks, rules and effects as
`marketplace.services.trades`."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import NotFound, PermissionDenied, transition_not_allowed
from marketplace.lock_objects import item_lock, item_open_trades_lock, item_seller_lock
from marketplace.models import Item, Trade
from marketplace.services.trade_changes import TradeChanges
from marketplace.services.trades import _accept, _cancel, _complete, _reject, _require_state

User = get_user_model()


def _seller_pending_locked(item_id: int, buyer_id: int, actor: User, action: str):
    """Lock the seller's item and its open trades; the pending trade of `buyer_id` (404 / 409 otherwise)."""
    item = item_seller_lock(item_id, actor, hidden_missing=True)
    open_trades = item_open_trades_lock(item.pk)
    trade = next((t for t in open_trades if t.buyer_id == buyer_id), None)
    if trade is None:
        raise NotFound(_("This user has no open request for the item."))
    _require_state(trade, action, Trade.State.PENDING)
    return item, trade, open_trades


def trade_accept_buyer(*, item_id: int, buyer_id: int, actor: User) -> Trade:
    """Accept the pending trade of `buyer_id` on the seller's item (seed 000 `/item/order`)."""
    with transaction.atomic():
        item, trade, open_trades = _seller_pending_locked(item_id, buyer_id, actor, _("accept"))
        ch = TradeChanges(timezone.now())
        _accept(ch, item=item, trade=trade, open_trades=open_trades, actor_id=actor.pk)
        ch.save()
    return trade


def trade_reject_buyer(*, item_id: int, buyer_id: int, actor: User) -> Trade:
    """Reject the pending trade of `buyer_id` on the seller's item (seed 000 `/user/want/delete`)."""
    with transaction.atomic():
        item, trade, _open = _seller_pending_locked(item_id, buyer_id, actor, _("reject"))
        ch = TradeChanges(timezone.now())
        _reject(ch, trade=trade, actor_id=actor.pk, item=item)
        ch.save()
    return trade


def trade_reject_all(*, item_id: int, actor: User) -> list[Trade]:
    """Reject every pending trade on the seller's item (seed 000 `/user/want/deleteall`)."""
    with transaction.atomic():
        item = item_seller_lock(item_id, actor, hidden_missing=True)
        open_trades = item_open_trades_lock(item.pk)
        ch = TradeChanges(timezone.now())
        rejected = [t for t in open_trades if t.state == Trade.State.PENDING]
        for trade in rejected:
            _reject(ch, trade=trade, actor_id=actor.pk, item=item)
        ch.save()
    return rejected


def trade_confirm_receipt(*, item_id: int, actor: User) -> Trade:
    """The buyer the item is reserved for confirms receipt (seed 000 `/item/trade`)."""
    with transaction.atomic():
        item = item_lock(item_id)
        open_trades = item_open_trades_lock(item.pk)
        trade = next((t for t in open_trades if t.state == Trade.State.PROCESSING and t.buyer_id == actor.pk), None)
        if trade is None:
            raise transition_not_allowed(item, _("confirm receipt"))
        ch = TradeChanges(timezone.now())
        _complete(ch, item=item, trade=trade, open_trades=open_trades, actor_id=actor.pk, automatic=False)
        ch.save()
    return trade


def item_reset(*, item_id: int, actor: User) -> Item:
    """Undo a reservation (seed 000 `/item/reset`): the processing trade is cancelled, other wants are kept."""
    with transaction.atomic():
        item = item_lock(item_id)
        open_trades = item_open_trades_lock(item.pk)
        trade = next((t for t in open_trades if t.state == Trade.State.PROCESSING), None)
        if actor.pk not in (item.seller_id, getattr(trade, "buyer_id", None)):
            raise PermissionDenied(_("Only the seller can reset this item."))
        if trade is None:
            raise transition_not_allowed(item, _("reset"))
        ch = TradeChanges(timezone.now())
        if actor.pk == item.seller_id:
            _cancel(ch, item=item, trade=trade, open_trades=open_trades, reason=Trade.CancelReason.CANCELLED_BY_SELLER,
                    actor_id=actor.pk, notify_ids=(trade.buyer_id,))
        else:
            _cancel(ch, item=item, trade=trade, open_trades=open_trades, reason=Trade.CancelReason.CANCELLED_BY_BUYER,
                    actor_id=actor.pk, notify_ids=(trade.seller_id,))
        ch.save()
    return item
