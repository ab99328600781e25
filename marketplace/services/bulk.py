"""Bulk writes for the trade sweep on PostgreSQL: event rows and stored notices through COPY.

Why: a sweep batch writes about one event row and two notices per trade. Through `bulk_create` most of the
sweep's CPU went into Django preparing each value (seconds per 10,000 trades); COPY hands the rows to the
database almost as they are. The rows and frames are the same as the ORM path's: ids come from the table's
own sequence, the frames and pushes come from `chat.services.messages_push`, which sends them through
`chat.notify.notify_many` after commit. If a model gains a column this module does not know, it falls back
to the ORM path (`bulk_create` / `chat.services.messages_send`) instead of guessing.
"""

from django.db import connection
from psycopg.types.json import Jsonb

from chat.models import Message
from chat.services import Notice, messages_push, messages_send
from marketplace.models import TradeEvent

MESSAGE_COLUMNS = (
    "id", "sender_id", "recipient_id", "type", "content", "data", "order_id", "item_id", "trade_id", "fetched",
    "delivered_at", "read_at", "created_at", "updated_at",
)
EVENT_COLUMNS = ("trade_id", "actor_id", "type", "from_state", "to_state", "reason", "data", "occurred_at")


def _columns_known(model, columns) -> bool:
    return {f.column for f in model._meta.concrete_fields} == set(columns)


def copy_available() -> bool:
    return connection.vendor == "postgresql"


def _copy(table: str, columns, rows) -> None:
    sql = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'  # noqa: S608 — names are constants above
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def trade_events_copy(events: list[TradeEvent]) -> None:
    """Insert unsaved TradeEvent rows (from marketplace.events) in one COPY. Call inside the transaction."""
    if not events:
        return
    if not copy_available() or not _columns_known(TradeEvent, (*EVENT_COLUMNS, "id")):
        TradeEvent.objects.bulk_create(events)
        return
    _copy(TradeEvent._meta.db_table, EVENT_COLUMNS, (
        (e.trade_id, e.actor_id, e.type, e.from_state, e.to_state, e.reason, Jsonb(e.data), e.occurred_at)
        for e in events
    ))


class _StoredNotice:
    """What `message_frame` reads from a stored Message, without building 20,000 model instances per sweep
    (tests compare the frame with `message_frame` of the row read back)."""

    __slots__ = ("pk", "recipient_id", "sender_id", "type", "content", "data", "item_id", "trade_id", "order_id",
                 "created_at")

    def __init__(self, pk, recipient_id, sender_id, type, content, data, item_id, trade_id, order_id, created_at):
        self.pk, self.recipient_id, self.sender_id, self.type = pk, recipient_id, sender_id, type
        self.content, self.data, self.item_id, self.trade_id = content, data, item_id, trade_id
        self.order_id, self.created_at = order_id, created_at


def notices_copy(notices: list[Notice], *, at) -> list:
    """Store notices in one COPY and push each to its recipient (and sender) after commit, as
    `chat.services.messages_send` does; returns the stored rows' ids and fields (Message instances on the
    fallback path). Call inside the transaction."""
    if not notices:
        return []
    if not copy_available() or not _columns_known(Message, MESSAGE_COLUMNS):
        return messages_send(notices)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Message._meta.db_table, len(notices)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    messages = [
        _StoredNotice(pk, n.recipient_id, n.sender_id, n.type, str(n.content), n.data, n.item_id, n.trade_id,
                      n.order_id, at)
        for pk, n in zip(ids, notices, strict=True)
    ]
    _copy(Message._meta.db_table, MESSAGE_COLUMNS, (
        (m.pk, m.sender_id, m.recipient_id, m.type, m.content, Jsonb(m.data), m.order_id, m.item_id, m.trade_id,
         False, None, None, at, at)
        for m in messages
    ))
    messages_push(messages)
    return messages
