"""Message writes. Every message is stored, then pushed after commit (chat.notify) to the recipient's and the
sender's sockets, so an offline user catches up with `sync` / fetchnew and nothing is lost."""

import time
from dataclasses import dataclass, field
from typing import Annotated

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.models import Message
from chat.notices import notice_data
from chat.notify import close_user_sockets, notify_many
from chat.selectors import parse_id
from chat.subjects import subject_between
from common.errors import RateLimited, ValidationFailed
from common.throttle import count_in_window

# fetchnew hands out at most this many messages per call (the answer says how many remain).
FETCHNEW_BATCH_SIZE = 100


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

    def __post_init__(self):
        # A notice built with notice_text keeps its message key and parameters (rendered per reader).
        self.data = notice_data(self.content, self.data)


def messages_send(notices: list[Notice]) -> list[Message]:
    """Store every notice in one insert and push each to its recipient (and to its sender) after commit.
    Call inside the service's transaction."""
    if not notices:
        return []
    rows = [
        Message(
            recipient_id=n.recipient_id, sender_id=n.sender_id, type=n.type, content=str(n.content),
            data=n.data, item_id=n.item_id, trade_id=n.trade_id, order_id=n.order_id,
        )
        for n in notices
    ]
    if len(rows) == 1 and not transaction.get_connection().in_atomic_block:
        # A chat frame outside any transaction: one autocommit INSERT (bulk_create would add BEGIN/COMMIT
        # round trips), and on_commit below then runs at once.
        rows[0].save(force_insert=True)
        messages = rows
    else:
        with transaction.atomic():
            messages = Message.objects.bulk_create(rows)
    messages_push(messages)
    return messages


def messages_push(messages: list[Message]) -> None:
    """Push stored messages after commit: each to its recipient and (for chats) the sender's other tabs."""
    pushes = []
    for message in messages:
        frame = message_frame(message)
        pushes.append((message.recipient_id, frame))
        # The sender's other tabs show what was sent from this one.
        if message.sender_id and message.sender_id != message.recipient_id:
            pushes.append((message.sender_id, frame))
    notify_many(pushes)


def system_notice_send(
    *, recipient_id: int, content: str, data: dict | None = None, item_id=None, trade_id=None, order_id=None,
    type: str = Message.Type.SYSTEM, sender_id: int | None = None,
) -> Message:
    """Store one notice for `recipient_id` and push it live after commit."""
    return messages_send(
        [Notice(recipient_id=recipient_id, content=content, data=data or {}, item_id=item_id, trade_id=trade_id,
                order_id=order_id, type=type, sender_id=sender_id)]
    )[0]


# --- chat between users ----------------------------------------------------------------------------------


def chat_rate_limit_check(*, user_id: Annotated[int, "sender"], scope: str = "chat") -> None:
    """Count one send for `user_id`; raise RateLimited past WS_RATE_LIMIT sends per WS_RATE_WINDOW seconds.

    A fixed window in the shared cache (Redis in the scaled mode), so the limit holds across processes and
    across the socket and REST doors."""
    window = max(float(settings.WS_RATE_WINDOW), 0.001)
    bucket = int(time.time() // window)
    count = count_in_window(f"chat-rate:{scope}:{int(user_id)}:{bucket}", ttl=int(window) + 1)
    if count > settings.WS_RATE_LIMIT:
        retry_after = max(0.0, (bucket + 1) * window - time.time())
        raise RateLimited(
            _("Too many messages; wait %(seconds)d seconds.") % {"seconds": int(retry_after) + 1},
            data={"retry_after": round(retry_after, 3)},
        )


def _recipient_for(*, to, sender_id: int):
    """Resolve `to` (a user id, a numeric string or a username) to an active user other than the sender."""
    User = get_user_model()
    if isinstance(to, bool) or to is None or to == "":
        raise ValidationFailed(_("Say who the message is for."), data={"to": [_("This field is required.")]})
    if isinstance(to, int) or (isinstance(to, str) and to.isascii() and to.isdigit()):
        pk = parse_id(to)
        if pk is None:
            raise ValidationFailed(_("Unknown recipient."), data={"to": [_("No such user.")]})
        lookup = Q(pk=pk)
    elif isinstance(to, str) and len(to) <= 150:
        lookup = Q(username=to)
    else:
        raise ValidationFailed(_("Unknown recipient."), data={"to": [_("Give a user id or a username.")]})
    recipient = User.objects.filter(lookup, is_active=True).only("pk").first()
    if recipient is None:
        raise ValidationFailed(_("Unknown recipient."), data={"to": [_("No such user.")]})
    if recipient.pk == sender_id:
        raise ValidationFailed(
            _("You cannot send a message to yourself."), data={"to": [_("You cannot send a message to yourself.")]}
        )
    return recipient


def _clean_content(content) -> str:
    if not isinstance(content, str) or not content.strip():
        raise ValidationFailed(_("The message is empty."), data={"content": [_("Write something.")]})
    limit = settings.WS_MAX_CONTENT_LENGTH
    if len(content) > limit:
        raise ValidationFailed(
            _("The message is too long (at most %(limit)d characters).") % {"limit": limit},
            data={"content": [_("At most %(limit)d characters.") % {"limit": limit}]},
        )
    return content


def chat_message_send(
    *, sender_id: Annotated[int, "the authenticated user"], to: Annotated[object, "user id or username"],
    content: str, order_id=None, item_id=None,
) -> Message:
    """Validate, rate-limit, store a chat message and push it to both people's sockets after commit."""
    content = _clean_content(content)
    recipient = _recipient_for(to=to, sender_id=sender_id)
    parties = {"sender_id": sender_id, "recipient_id": recipient.pk}
    order = subject_between("order", order_id, **parties) if order_id else None
    item = subject_between("item", item_id, **parties) if item_id else None
    # Counted only for sends that would be stored: a typo in `to` does not burn the user's budget.
    chat_rate_limit_check(user_id=sender_id)
    return messages_send(
        [Notice(recipient_id=recipient.pk, sender_id=sender_id, type=Message.Type.CHAT, content=content,
                order_id=order.pk if order else None, item_id=item.pk if item else None)]
    )[0]


# --- delivery state ------------------------------------------------------------------------------------


def messages_fetch_new(*, user_id: int, limit: int = FETCHNEW_BATCH_SIZE) -> tuple[list[Message], int]:
    """Hand out my oldest unfetched messages once and mark them fetched (seed 000 fetchnew).

    Returns the messages (oldest first) and how many were unfetched before the call. Rows are locked, so two
    concurrent calls never hand out the same message twice."""
    with transaction.atomic():
        unfetched = Message.objects.filter(recipient_id=user_id, fetched=False)
        remaining = unfetched.count()
        ids = list(unfetched.order_by("id").select_for_update().values_list("id", flat=True)[:limit])
        if not ids:
            return [], remaining
        Message.objects.filter(pk__in=ids, fetched=False).update(fetched=True, updated_at=timezone.now())
        messages = list(Message.objects.filter(pk__in=ids).order_by("id"))
    return messages, remaining


def messages_mark_delivered(*, user_id: int, ids: list[int]) -> int:
    """Record that my socket received these messages (ack); returns how many changed."""
    return Message.objects.filter(recipient_id=user_id, pk__in=ids, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )


def messages_mark_read(*, user_id: int, ids: list[int] | None = None, with_user=None) -> int:
    """Mark my received messages read (the given ids, or the whole conversation with one user) and send a
    `receipt` frame to each sender and to my own sockets (other tabs clear their unread marks)."""
    rows = Message.objects.filter(recipient_id=user_id, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    elif with_user is not None:
        rows = rows.filter(sender_id=with_user)
    else:
        raise ValidationFailed(_("Say which messages were read."), data={"ids": [_("Give `ids` or `with`.")]})
    now = timezone.now()
    with transaction.atomic():
        changed = list(rows.order_by("id").select_for_update().values_list("id", "sender_id"))
        if not changed:
            return 0
        # Reading implies delivery; fetched too, so fetchnew will not hand a read message out again.
        Message.objects.filter(pk__in=[pk for pk, _sender in changed]).update(
            read_at=now, delivered_at=Coalesce("delivered_at", Value(now)), fetched=True, updated_at=now
        )
        by_sender: dict[int, list[int]] = {}
        for pk, sender_id in changed:
            if sender_id is not None:
                by_sender.setdefault(sender_id, []).append(pk)

        def receipt(message_ids):
            return {"type": "receipt", "by": user_id, "ids": message_ids, "time": now.isoformat()}

        notify_many(
            [(sender_id, receipt(message_ids)) for sender_id, message_ids in by_sender.items()]
            + [(user_id, receipt([pk for pk, _sender in changed]))]
        )
    return len(changed)


def user_sockets_close(*, user_id: int) -> None:
    """Close every socket of a user after commit (logout, suspension); code 4003."""
    close_user_sockets(user_id, code=4003)
