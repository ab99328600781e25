"""Item and trade event rows (STYLE rule 4): one row per change, built by small helpers.

The helpers return unsaved rows so a service that changes several trades (completion cascades, the sweep)
writes them in one insert; `trade_events_save` is that insert.
"""

from marketplace.models import Item, ItemEvent, Trade, TradeEvent


class TradeEventType:
    CREATED = "created"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SELLER_CONFIRMED = "seller_confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


def trade_event(*, trade: Trade, type: str, actor_id: int | None, from_state: str, at, reason: str = "",
                data: dict | None = None) -> TradeEvent:
    """Build the event row of one change of `trade` (already transitioned in memory)."""
    return TradeEvent(
        trade_id=trade.pk, actor_id=actor_id, type=type, from_state=from_state, to_state=trade.state,
        reason=reason or "", data=data or {}, occurred_at=at,
    )


def trade_created_event(*, trade: Trade, at) -> TradeEvent:
    return trade_event(trade=trade, type=TradeEventType.CREATED, actor_id=trade.buyer_id, from_state="", at=at,
                       data={"item": trade.item_id})


def trade_accepted_event(*, trade: Trade, actor_id: int | None, at) -> TradeEvent:
    return trade_event(trade=trade, type=TradeEventType.ACCEPTED, actor_id=actor_id,
                       from_state=Trade.State.PENDING, at=at, data={"deadline_at": _iso(trade.deadline_at)})


def trade_seller_confirmed_event(*, trade: Trade, actor_id: int | None, at) -> TradeEvent:
    return trade_event(trade=trade, type=TradeEventType.SELLER_CONFIRMED, actor_id=actor_id,
                       from_state=Trade.State.PROCESSING, at=at, data={"deadline_at": _iso(trade.deadline_at)})


def trade_completed_event(*, trade: Trade, actor_id: int | None, at, automatic: bool = False) -> TradeEvent:
    return trade_event(trade=trade, type=TradeEventType.COMPLETED, actor_id=actor_id,
                       from_state=Trade.State.PROCESSING, at=at,
                       reason="buyer_confirm_timeout" if automatic else "", data={"automatic": automatic})


def trade_cancelled_event(*, trade: Trade, actor_id: int | None, from_state: str, at) -> TradeEvent:
    type_ = TradeEventType.REJECTED if trade.cancel_reason == Trade.CancelReason.SELLER_REJECTED else (
        TradeEventType.CANCELLED
    )
    return trade_event(trade=trade, type=type_, actor_id=actor_id, from_state=from_state, at=at,
                       reason=trade.cancel_reason or "")


def trade_events_save(events: list[TradeEvent]) -> None:
    """Insert the rows built by the helpers above in one statement."""
    if events:
        TradeEvent.objects.bulk_create(events)


def _iso(value):
    return value.isoformat() if value else None


def item_withdrawn_event(*, item: Item, actor_id: int | None, at) -> ItemEvent:
    return ItemEvent.objects.create(item=item, actor_id=actor_id, type="withdrawn", from_state=Item.State.ON_SALE,
                                    to_state=item.state, occurred_at=at)


def item_relisted_event(*, item: Item, actor_id: int | None, at) -> ItemEvent:
    return ItemEvent.objects.create(item=item, actor_id=actor_id, type="relisted", from_state=Item.State.WITHDRAWN,
                                    to_state=item.state, occurred_at=at)
