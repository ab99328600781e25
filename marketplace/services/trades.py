"""Trade writes (DESIGN §3.2, §8 "Trades"): start, accept, reject, confirm, cancel, reset, and the timeout sweep.

Every service locks the item first, then its open trades ordered by pk (`item_lock`, `item_open_trades_lock`),
so a person's call, another person's call and the sweep never deadlock and never both win. The rules that
move trades and items live in the `_…` rule functions below; people's calls and the sweep run the same
rules and collect their effects in a `TradeChanges`, which writes rows, event rows and notices at the end.
"""

from collections import defaultdict
from datetime import timedelta
from typing import Annotated

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.permissions import require_perm
from chat.notices import notice_text
from common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed, transition_not_allowed
from common.throttle import action_throttle
from marketplace import events
from marketplace.lock_objects import item_lock, trade_lock
from marketplace.models import Item, Trade
from marketplace.services.trade_changes import TradeChanges

User = get_user_model()

OPEN = Trade.ACTIVE_STATES
# Rows per sweep transaction: big enough for bulk inserts to pay off, small enough that a killed worker
# loses little and the item locks are held briefly.
SWEEP_BATCH_SIZE = 500

def accept_timeout() -> timedelta:
    return timedelta(seconds=settings.TRADE_SELLER_ACCEPT_TIMEOUT)


def seller_confirm_timeout() -> timedelta:
    return timedelta(seconds=settings.TRADE_SELLER_CONFIRM_TIMEOUT)


def buyer_confirm_timeout() -> timedelta:
    return timedelta(seconds=settings.TRADE_BUYER_CONFIRM_TIMEOUT)


def _require_seller(trade: Trade, actor, action: str) -> None:
    if actor.pk != trade.seller_id:
        raise PermissionDenied(_("Only the seller can %(action)s this trade.") % {"action": action})


def _require_buyer(trade: Trade, actor, action: str) -> None:
    if actor.pk != trade.buyer_id:
        raise PermissionDenied(_("Only the buyer can %(action)s this trade.") % {"action": action})


def _require_state(trade: Trade, action: str, *states) -> None:
    if trade.state not in states:
        raise transition_not_allowed(trade, action)


# --- rules (the caller holds the locks; shared by people's calls and the sweep) -----------------------------


def _accept(ch: TradeChanges, *, item: Item, trade: Trade, open_trades: list[Trade], actor_id) -> None:
    if item.state != Item.State.ON_SALE:
        raise transition_not_allowed(item, _("accept"))
    item.reserve(buyer_id=trade.buyer_id)
    ch.item(item)
    trade.accept(at=ch.at, deadline=ch.at + seller_confirm_timeout())
    ch.trade(trade)
    # The accept clock runs only while the item is on sale (DESIGN §8): pause the other wants.
    for other in open_trades:
        if other.pk != trade.pk and other.state == Trade.State.PENDING and other.deadline_at is not None:
            other.deadline_at = None
            ch.trade(other)
    ch.events.append(events.trade_accepted_event(trade=trade, actor_id=actor_id, at=ch.at))
    ch.notify(trade.buyer_id, notice_text(gettext_noop("The seller accepted your request for “%(item)s”; the item is reserved for you."), item=item.title), trade=trade, event="trade.accepted")


def _release(ch: TradeChanges, *, item: Item, open_trades: list[Trade]) -> None:
    """Put a reserved item back on sale; its pending wants get a fresh accept deadline (DESIGN §8)."""
    item.release()
    ch.item(item)
    deadline = ch.at + accept_timeout()
    for other in open_trades:
        if other.state == Trade.State.PENDING:
            other.deadline_at = deadline
            ch.trade(other)


def _reject(ch: TradeChanges, *, trade: Trade, actor_id, item: Item) -> None:
    trade.reject(at=ch.at)
    ch.trade(trade)
    ch.events.append(events.trade_cancelled_event(trade=trade, actor_id=actor_id, from_state=Trade.State.PENDING,
                                                  at=ch.at))
    ch.notify(trade.buyer_id, notice_text(gettext_noop("The seller declined your request for “%(item)s”."), item=item.title),
              trade=trade, event="trade.rejected")


CANCEL_NOTICES = {
    # Message keys: the notice keeps the key and is rendered in each reader's language.
    Trade.CancelReason.CANCELLED_BY_BUYER: gettext_noop("The buyer cancelled the trade for “%(item)s”."),
    Trade.CancelReason.CANCELLED_BY_SELLER: gettext_noop("The seller cancelled the trade for “%(item)s”; the item is on sale again."),
    Trade.CancelReason.SELLER_ACCEPT_TIMEOUT: gettext_noop("The request for “%(item)s” expired: the seller did not accept in time."),
    Trade.CancelReason.SELLER_CONFIRM_TIMEOUT: gettext_noop("The trade for “%(item)s” was cancelled: the seller did not confirm the handover in time."),
    Trade.CancelReason.ITEM_SOLD: gettext_noop("“%(item)s” has been sold to another buyer."),
    Trade.CancelReason.ITEM_WITHDRAWN: gettext_noop("“%(item)s” was withdrawn by the seller."),
}


def _cancel(ch: TradeChanges, *, item: Item, trade: Trade, open_trades: list[Trade], reason: str, actor_id,
            notify_ids: tuple) -> None:
    was = trade.state
    trade.cancel(reason=reason, at=ch.at)
    ch.trade(trade)
    ch.events.append(events.trade_cancelled_event(trade=trade, actor_id=actor_id, from_state=was, at=ch.at))
    if was == Trade.State.PROCESSING:
        _release(ch, item=item, open_trades=[t for t in open_trades if t.pk != trade.pk])
    content = notice_text(CANCEL_NOTICES[reason], item=item.title)
    for user_id in notify_ids:
        ch.notify(user_id, content, trade=trade, event="trade.cancelled")


def _seller_confirm(ch: TradeChanges, *, item: Item, trade: Trade, actor_id) -> None:
    if trade.seller_confirmed_at is not None:
        raise Conflict(_("The seller has already confirmed the handover."), data={"state": trade.state})
    trade.seller_confirm(at=ch.at, deadline=ch.at + buyer_confirm_timeout())
    ch.trade(trade)
    ch.events.append(events.trade_seller_confirmed_event(trade=trade, actor_id=actor_id, at=ch.at))
    ch.notify(trade.buyer_id, notice_text(gettext_noop("The seller confirmed the handover of “%(item)s”; please confirm receipt."), item=item.title), trade=trade, event="trade.seller_confirmed")


def _complete(ch: TradeChanges, *, item: Item, trade: Trade, open_trades: list[Trade], actor_id,
              automatic: bool) -> None:
    trade.complete(at=ch.at)
    ch.trade(trade)
    item.sell()
    ch.item(item)
    ch.events.append(events.trade_completed_event(trade=trade, actor_id=actor_id, at=ch.at, automatic=automatic))
    content = notice_text(gettext_noop("The buyer confirmed receipt of “%(item)s”; the trade is complete."), item=item.title)
    to_buyer = notice_text(gettext_noop("You confirmed receipt of “%(item)s”; the trade is agreed and complete."), item=item.title)
    if automatic:
        content = to_buyer = notice_text(gettext_noop("The trade for “%(item)s” was completed automatically after the buyer-confirm deadline."), item=item.title)
    # Seed 000 (DESIGN §9): both parties are told, whoever confirmed.
    ch.notify(trade.buyer_id, to_buyer, trade=trade, event="trade.completed")
    ch.notify(trade.seller_id, content, trade=trade, event="trade.completed")
    # Seed 000: clear every other want on the item and tell each of those buyers "sold".
    for other in open_trades:
        if other.pk != trade.pk and other.is_open:
            _cancel(ch, item=item, trade=other, open_trades=[], reason=Trade.CancelReason.ITEM_SOLD, actor_id=actor_id,
                    notify_ids=(other.buyer_id,))


# --- people's calls ---------------------------------------------------------------------------------------


def trade_start(*, item_id: Annotated[int, "item"], buyer: Annotated[User, "buyer"]) -> Trade:
    """Start a trade ("I want to buy") on an on-sale item."""
    action_throttle(scope="want", ident=buyer.pk)  # every door: API, item page, legacy route
    at = timezone.now()
    with transaction.atomic():
        item = item_lock(item_id)
        if item.hidden:
            raise NotFound(_("Item not found."))
        if item.seller_id == buyer.pk:
            raise ValidationFailed(_("You cannot buy your own item."), data={"item": [_("This is your own item.")]})
        if item.state != Item.State.ON_SALE:
            raise transition_not_allowed(item, _("want"))
        if Trade.objects.filter(item_id=item.pk, buyer_id=buyer.pk, state__in=OPEN).exists():
            raise Conflict(_("You already have an open trade for this item."))
        # Lock the buyer so two concurrent wants on different items cannot both pass the limit.
        User.objects.select_for_update().filter(pk=buyer.pk).first()
        open_count = Trade.objects.filter(buyer_id=buyer.pk, state__in=OPEN).count()
        if open_count >= settings.TRADE_MAX_OPEN_PER_BUYER:
            raise Conflict(_("You may hold at most %(n)d open trades.") % {"n": settings.TRADE_MAX_OPEN_PER_BUYER})
        try:
            with transaction.atomic():
                trade = Trade.objects.create(item=item, buyer_id=buyer.pk, seller_id=item.seller_id,
                                             deadline_at=at + accept_timeout())
        except IntegrityError as exc:
            raise Conflict(_("You already have an open trade for this item.")) from exc
        ch = TradeChanges(at)
        ch.events.append(events.trade_created_event(trade=trade, at=at))
        name = buyer.nickname or buyer.username
        # Seed 000: the want notice comes from the buyer, its data names the item.
        ch.notify(item.seller_id, notice_text(gettext_noop("%(buyer)s wants to buy “%(item)s”."), buyer=name, item=item.title),
                  trade=trade, event="trade.created", sender_id=buyer.pk)
        ch.save()
    return trade


def trade_accept(*, trade_id: Annotated[int, "trade"], actor: Annotated[User, "seller"]) -> Trade:
    """Accept one pending trade and reserve the item for its buyer."""
    with transaction.atomic():
        item, trade, open_trades = trade_lock(trade_id, actor)
        _require_seller(trade, actor, _("accept"))
        _require_state(trade, _("accept"), Trade.State.PENDING)
        ch = TradeChanges(timezone.now())
        _accept(ch, item=item, trade=trade, open_trades=open_trades, actor_id=actor.pk)
        ch.save()
    return trade


def trade_reject(*, trade_id: Annotated[int, "trade"], actor: Annotated[User, "seller"],
                 staff: bool = False) -> Trade:
    """Reject one pending trade (the seller turns the buyer down)."""
    if staff:
        require_perm(actor, "order:manage")  # trades as staff (DESIGN §9)
    with transaction.atomic():
        item, trade, _open = trade_lock(trade_id, actor, staff)
        if not staff:
            _require_seller(trade, actor, _("reject"))
        _require_state(trade, _("reject"), Trade.State.PENDING)
        ch = TradeChanges(timezone.now())
        _reject(ch, trade=trade, actor_id=actor.pk, item=item)
        ch.save()
    return trade


def trade_confirm(*, trade_id: Annotated[int, "trade"], actor: Annotated[User, "buyer or seller"]) -> Trade:
    """Confirm a processing trade: the seller confirms the handover, the buyer confirms receipt (completes it)."""
    with transaction.atomic():
        item, trade, open_trades = trade_lock(trade_id, actor)
        _require_state(trade, _("confirm"), Trade.State.PROCESSING)
        ch = TradeChanges(timezone.now())
        if actor.pk == trade.seller_id:
            _seller_confirm(ch, item=item, trade=trade, actor_id=actor.pk)
        else:
            _complete(ch, item=item, trade=trade, open_trades=open_trades, actor_id=actor.pk, automatic=False)
        ch.save()
    return trade


def trade_cancel(*, trade_id: Annotated[int, "trade"], actor: Annotated[User, "buyer or seller"],
                 staff: bool = False) -> Trade:
    """Cancel an open trade: the buyer withdraws, or the seller resets a processing trade (item back on sale)."""
    if staff:
        require_perm(actor, "order:manage")  # trades as staff (DESIGN §9)
    with transaction.atomic():
        item, trade, open_trades = trade_lock(trade_id, actor, staff)
        ch = TradeChanges(timezone.now())
        if actor.pk == trade.buyer_id and not staff:
            _require_state(trade, _("cancel"), *OPEN)
            _cancel(ch, item=item, trade=trade, open_trades=open_trades, reason=Trade.CancelReason.CANCELLED_BY_BUYER,
                    actor_id=actor.pk, notify_ids=(trade.seller_id,))
        else:
            # A seller turns down a pending trade with reject; cancelling is the seed's reset of a reserved item.
            _require_state(trade, _("cancel"), Trade.State.PROCESSING)
            _cancel(ch, item=item, trade=trade, open_trades=open_trades,
                    reason=Trade.CancelReason.CANCELLED_BY_SELLER, actor_id=actor.pk, notify_ids=(trade.buyer_id,))
        ch.save()
    return trade


def item_trades_withdraw(ch: TradeChanges, *, item: Item, open_trades: list[Trade], actor_id) -> None:
    """Cancel the pending trades of an item being withdrawn (DESIGN §8). The caller holds the locks."""
    for trade in open_trades:
        if trade.state == Trade.State.PENDING:
            _cancel(ch, item=item, trade=trade, open_trades=[], reason=Trade.CancelReason.ITEM_WITHDRAWN,
                    actor_id=actor_id, notify_ids=(trade.buyer_id,))


# --- the timeout sweep (Celery beat) ----------------------------------------------------------------------


def trades_sweep_timeouts(*, now=None, batch_size: int = SWEEP_BATCH_SIZE) -> int:
    """Apply every due trade timeout, one transaction per batch; return how many timeouts were applied.

    Safe to run twice at once (items locked by someone else are skipped, and whatever is left is due again
    next tick) and to kill half-way (each batch commits on its own)."""
    total = 0
    skipped: set[int] = set()
    while True:
        done, locked, busy = _sweep_batch(now=now, batch_size=batch_size, skipped=skipped)
        total += done
        skipped |= busy
        if not locked and not busy:
            return total


def _sweep_batch(*, now, batch_size: int, skipped: set[int]) -> tuple[int, int, set[int]]:
    at = now or timezone.now()
    due = Trade.objects.filter(state__in=OPEN, deadline_at__lte=at)
    if skipped:
        due = due.exclude(item_id__in=skipped)
    item_ids = set(due.order_by("deadline_at").values_list("item_id", flat=True)[:batch_size])
    if not item_ids:
        return 0, 0, set()
    done = 0
    with transaction.atomic():
        # skip_locked: an item a person (or another sweep) is acting on is left to them.
        items = {i.pk: i for i in Item.objects.select_for_update(skip_locked=True).filter(pk__in=item_ids).order_by("pk")}
        trades_by_item = defaultdict(list)
        if items:
            for trade in Trade.objects.select_for_update().filter(item_id__in=items, state__in=OPEN).order_by("pk"):
                trades_by_item[trade.item_id].append(trade)
        ch = TradeChanges(at, bulk=True)
        for item_id, item in items.items():
            open_trades = trades_by_item[item_id]
            for trade in list(open_trades):
                # Re-check under the lock: an earlier rule in this batch or a person may have moved it.
                if trade.is_open and trade.deadline_at is not None and trade.deadline_at <= at:
                    _timeout(ch, item=item, trade=trade, open_trades=open_trades)
                    done += 1
        ch.save()
    return done, len(items), item_ids - set(items)


def _timeout(ch: TradeChanges, *, item: Item, trade: Trade, open_trades: list[Trade]) -> None:
    """Apply the timeout of a trade whose deadline passed (seed 003's three gaps)."""
    parties = (trade.buyer_id, trade.seller_id)
    if trade.state == Trade.State.PENDING:
        if item.state != Item.State.ON_SALE:  # the accept clock runs only while the item is on sale
            trade.deadline_at = None
            ch.trade(trade)
            return
        _cancel(ch, item=item, trade=trade, open_trades=open_trades, reason=Trade.CancelReason.SELLER_ACCEPT_TIMEOUT,
                actor_id=None, notify_ids=parties)
    elif trade.seller_confirmed_at is None:
        _cancel(ch, item=item, trade=trade, open_trades=open_trades, reason=Trade.CancelReason.SELLER_CONFIRM_TIMEOUT,
                actor_id=None, notify_ids=parties)
    else:
        _complete(ch, item=item, trade=trade, open_trades=open_trades, actor_id=None, automatic=True)
