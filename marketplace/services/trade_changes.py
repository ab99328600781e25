"""What one transaction does to items and trades (`TradeChanges`): rules record changed rows, event rows
and notices; `save()` writes them — trades grouped by their new values (one UPDATE per group), one event
insert, one message insert with one pipelined push after commit (COPY for the sweep)."""

from collections import defaultdict

from django.db import IntegrityError
from django.utils.translation import gettext as _

from chat.services import Notice, messages_send
from common.errors import Conflict
from marketplace import events
from marketplace.models import Item, Trade
from marketplace.services import bulk

TRADE_WRITE_FIELDS = (
    "state", "cancel_reason", "accepted_at", "seller_confirmed_at", "completed_at", "cancelled_at", "deadline_at",
)
ITEM_WRITE_FIELDS = ("state", "reserved_for_id")


class TradeChanges:
    """The effects of one transaction on items and trades: changed rows, event rows and notices.

    Rules record what they did here; `save()` writes it: trades grouped by their new values (one UPDATE per
    group — a sweep batch of a thousand timeouts is a handful of statements), one event insert, one message
    insert with one pipelined push after commit. The caller holds the locks of every row it records."""

    def __init__(self, at, *, bulk: bool = False):
        self.at = at
        # bulk: write events and notices with COPY (the sweep; see marketplace.services.bulk)
        self.bulk = bulk
        self.trades: dict[int, Trade] = {}
        self.items: dict[int, Item] = {}
        self.events = []
        self.notices: list[Notice] = []

    def trade(self, trade: Trade) -> None:
        self.trades[trade.pk] = trade

    def item(self, item: Item) -> None:
        self.items[item.pk] = item

    def notify(self, recipient_id: int, content: str, *, trade: Trade, event: str, sender_id=None) -> None:
        self.notices.append(
            Notice(
                recipient_id=recipient_id, content=content, sender_id=sender_id, item_id=trade.item_id,
                trade_id=trade.pk,
                data={"event": event, "trade": trade.pk, "item": trade.item_id, "state": trade.state,
                      "cancel_reason": trade.cancel_reason},
            )
        )

    def save(self) -> None:
        _write_grouped(Trade, self.trades.values(), TRADE_WRITE_FIELDS, self.at)
        _write_grouped(Item, self.items.values(), ITEM_WRITE_FIELDS, self.at)
        if self.bulk:
            bulk.trade_events_copy(self.events)
            bulk.notices_copy(self.notices, at=self.at)
        else:
            events.trade_events_save(self.events)
            messages_send(self.notices)


def _write_grouped(model, rows, fields, at) -> None:
    """UPDATE rows grouped by their changed values: only fields that differ from what was loaded (see the
    models' `from_db`) are written, so a sweep batch of a thousand timeouts is a handful of statements."""
    groups = defaultdict(list)
    for row in rows:
        row.updated_at = at
        loaded = getattr(row, "_loaded_values", None) or {}
        values = tuple((f, getattr(row, f)) for f in fields if f not in loaded or loaded[f] != getattr(row, f))
        groups[values].append(row.pk)
    for values, pks in groups.items():
        try:
            model.objects.filter(pk__in=pks).update(**dict(values), updated_at=at)
        except IntegrityError as exc:
            # trade_one_processing_per_item / trade_one_open_per_item_buyer: the database is the last word.
            raise Conflict(_("Another trade on this item got there first.")) from exc


