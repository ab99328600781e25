"""Message reads. Every query is scoped to the asking user: nobody reads another user's conversation."""

from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.models import Message
from chat.subjects import subject_id_of_user
from common.errors import NotFound
from common.filters import FilterSet, IdFilter, filtered

MAX_ID = 2**63 - 1  # bigint: a larger number is bad input, not a database error

# A `sync` answers at most this many messages per frame; the closing `sync` frame says whether more remain.
SYNC_BATCH_SIZE = 500


def message_list_mine(*, user_id: int) -> QuerySet[Message]:
    """Every message I sent or received."""
    return Message.objects.filter(Q(recipient_id=user_id) | Q(sender_id=user_id))


def pair_q(user_id: int, other_id: int) -> Q:
    """The messages between two users, either way."""
    return Q(sender_id=user_id, recipient_id=other_id) | Q(sender_id=other_id, recipient_id=user_id)


def message_history(
    *, user_id: int, with_user_id: int | None = None, order_id=None, before: int | None = None
) -> QuerySet[Message]:
    """My messages, newest first: with one user, about one order, older than message `before`."""
    if with_user_id is not None:
        rows = Message.objects.filter(pair_q(user_id, with_user_id))
    else:
        rows = message_list_mine(user_id=user_id)
    if order_id is not None:
        rows = rows.filter(order_id=order_id)
    if before is not None:
        rows = rows.filter(pk__lt=before)
    return rows.order_by("-id")


class MessageFilter(FilterSet):
    """`GET messages`: `with` (the other user, id or username), `order` (id or order_no), `before` (a message
    id: only older ones). An unknown user or an order the caller is not party to is a 404."""

    vars()["with"] = django_filters.CharFilter(max_length=150, method="with_user",
                                               label="The other user (id or username).")
    order = django_filters.CharFilter(max_length=36, method="about_order",
                                      label="Only messages about this order (id or order_no).")
    before = IdFilter(field_name="pk", lookup_expr="lt", label="Only messages older than this id (cursor).")

    class Meta:
        model = Message
        fields = []

    def __init__(self, *args, user_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id = user_id

    def with_user(self, queryset, name, value):
        other = user_id_or_404(value, name)
        return queryset.filter(pair_q(self.user_id, other))

    def about_order(self, queryset, name, value):
        order_id = subject_id_of_user("order", value, user_id=self.user_id)
        if order_id is None:
            raise NotFound(_("No such order."), data={name: [_("No such order.")]})
        return queryset.filter(order_id=order_id)


def message_list_filtered(*, user_id: int, filters) -> QuerySet[Message]:
    """My messages narrowed by MessageFilter's query parameters (400 on bad input, 404 on an unknown user or
    order), newest first."""
    return filtered(MessageFilter, filters, message_list_mine(user_id=user_id), user_id=user_id).order_by("-id")


def message_list_received(*, user_id: int) -> QuerySet[Message]:
    """Every message sent to me, oldest first (seed 000 fetchall)."""
    return Message.objects.filter(recipient_id=user_id).order_by("id")


def messages_after(*, user_id: int, after: int, limit: int = SYNC_BATCH_SIZE) -> list[Message]:
    """What a socket missed: my messages (sent or received) with an id above `after`, oldest first."""
    # Two index range scans, (recipient, id) and (sender, id), merged here: one OR would make the database
    # read both indexes in full and sort, and SQLite cannot LIMIT inside a UNION.
    received = list(Message.objects.filter(recipient_id=user_id, pk__gt=after).order_by("id")[:limit])
    sent = list(
        Message.objects.filter(sender_id=user_id, pk__gt=after).exclude(recipient_id=user_id).order_by("id")[:limit]
    )
    return sorted(received + sent, key=lambda message: message.pk)[:limit]


# A push published just before a socket reconnects can still be on its way through the channel layer; this
# window bounds how far back such a late copy can come from (seconds).
LATE_PUSH_WINDOW = 60


def recent_ids_up_to(*, user_id: int, up_to: int, limit: int = SYNC_BATCH_SIZE) -> list[int]:
    """Ids of my recent messages (sent or received) at or below `up_to` that are committed now."""
    since = timezone.now() - timedelta(seconds=LATE_PUSH_WINDOW)
    mine = Message.objects.filter(pk__lte=up_to, created_at__gte=since).order_by("-id")
    received = mine.filter(recipient_id=user_id).values_list("id", flat=True)[:limit]
    sent = mine.filter(sender_id=user_id).values_list("id", flat=True)[:limit]
    return [*received, *sent]


def conversation_list(*, user_id: int) -> QuerySet:
    """One row per person I have exchanged messages with: `other`, `last_id`, `unread`; latest first.

    System notices without a sender are not a conversation (they are in fetchall / sync)."""
    return (
        message_list_mine(user_id=user_id)
        .exclude(sender__isnull=True)
        .annotate(
            other=Case(
                When(sender_id=user_id, then=F("recipient_id")), default=F("sender_id"), output_field=IntegerField()
            )
        )
        .values("other")
        .annotate(last_id=Max("id"), unread=Count("id", filter=Q(recipient_id=user_id, read_at__isnull=True)))
        .order_by("-last_id")
    )


def conversation_rows(*, rows: list[dict]) -> list[dict]:
    """Attach the other user and the last message to a page of `conversation_list` rows (two queries)."""
    users = get_user_model().objects.in_bulk([row["other"] for row in rows])
    messages = Message.objects.in_bulk([row["last_id"] for row in rows])
    return [
        {"user": users.get(row["other"]), "last_message": messages.get(row["last_id"]), "unread": row["unread"]}
        for row in rows
        if row["other"] in users
    ]


def parse_id(value) -> int | None:
    """A row id from an int or a string of ASCII digits within bigint; None for anything else."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID:
        return value
    return None


def user_id_or_404(value, name: str) -> int:
    """`user_id_for`, or a 404 naming the parameter `name`."""
    user_id = user_id_for(value)
    if user_id is None:
        raise NotFound(_("No such user."), data={name: [_("No such user.")]})
    return user_id


def user_id_for(value) -> int | None:
    """A user id from an id or a username (API `with`, frames' `to`); None when there is no such user."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit()):
        return parse_id(value)
    if isinstance(value, str):
        return get_user_model().objects.filter(username=value).values_list("pk", flat=True).first()
    return None


def notice_list(*, user_id: int) -> QuerySet[Message]:
    """The notices sent to me (the notification centre), newest first. Chats and seed-001 exchange frames
    are not notices: they live in the inbox, on the order page and in its chat thread."""
    return Message.objects.filter(recipient_id=user_id, type=Message.Type.SYSTEM).order_by("-id")


def unread_counts(*, user_id: int) -> dict:
    """`notices`: unread notices (the notification badge); `chats`: other unread messages (the inbox badge);
    `last`: the newest message id I received, from which the socket's `sync` resumes. One query."""
    row = Message.objects.filter(recipient_id=user_id).aggregate(
        notices=Count("id", filter=Q(read_at__isnull=True, type=Message.Type.SYSTEM)),
        chats=Count("id", filter=Q(read_at__isnull=True) & ~Q(type=Message.Type.SYSTEM)),
        last=Max("id"),
    )
    return {key: value or 0 for key, value in row.items()}
