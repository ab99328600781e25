"""Message writes. Every notice is stored, then pushed after commit (chat.notify)."""

from dataclasses import dataclass, field

from django.db import transaction

from chat.models import Message
from chat.notify import notify_many


def message_frame(message: Message) -> dict:
    """The live frame of a stored message (seed 001 keys plus `id`; DESIGN §5)."""
    frame = {
        "type": message.type,
        "id": message.pk,
        "from": message.sender_id,
        "to": message.recipient_id,
        "time": message.created_at.isoformat(),
        "orderId": str(message.order_id) if message.order_id else None,
        "content": message.content,
        "data": message.data,
    }
    if message.item_id:
        frame["itemId"] = message.item_id
    if message.trade_id:
        frame["tradeId"] = message.trade_id
    # seed 001 change frames carry old and new values at the top level
    for key in ("old_amount", "amount", "old_rate", "rate"):
        if key in message.data:
            frame[key] = message.data[key]
    return frame


@dataclass
class Notice:
    """A message to store and push; build a list of these and hand it to `messages_send`."""

    recipient_id: int
    content: str
    type: str = Message.Type.SYSTEM
    sender_id: int | None = None
    data: dict = field(default_factory=dict)
    item_id: int | None = None
    trade_id: int | None = None
    order_id: object = None


def messages_send(notices: list[Notice]) -> list[Message]:
    """Store every notice in one insert and push each to its recipient (and a chat to its sender) after
    commit. Call inside the service's transaction."""
    if not notices:
        return []
    with transaction.atomic():
        messages = Message.objects.bulk_create(
            [
                Message(
                    recipient_id=n.recipient_id, sender_id=n.sender_id, type=n.type, content=str(n.content),
                    data=n.data, item_id=n.item_id, trade_id=n.trade_id, order_id=n.order_id,
                )
                for n in notices
            ]
        )
        pushes = []
        for message in messages:
            frame = message_frame(message)
            pushes.append((message.recipient_id, frame))
            if message.sender_id and message.sender_id != message.recipient_id:
                pushes.append((message.sender_id, frame))
        notify_many(pushes)
    return messages


def system_notice_send(
    *, recipient_id: int, content: str, data: dict | None = None, item_id=None, trade_id=None, order_id=None,
    type: str = Message.Type.SYSTEM, sender_id: int | None = None,
) -> Message:
    """Store one notice for `recipient_id` and push it live after commit."""
    return messages_send(
        [Notice(recipient_id=recipient_id, content=content, data=data or {}, item_id=item_id, trade_id=trade_id,
                order_id=order_id, type=type, sender_id=sender_id)]
    )[0]
