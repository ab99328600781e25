"""Seed-000 compatibility routes: form data with a `token` field (a JWT access token), answers
`{"status": "success"|"failed", "data": …}` with a real HTTP status. Same services as the REST API."""

import functools
import logging

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework.exceptions import AuthenticationFailed  # simplejwt's and the revoked-token check's base
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from chat.models import Message
from chat.selectors import message_list_received
from chat.services import chat_message_send, messages_fetch_new
from common.errors import ApplicationError, NotAuthenticated, NotFound, ValidationFailed
from common.tokens import VersionedJWTAuthentication
from marketplace.models import Item
from marketplace.services import item_trades as item_trade_services
from marketplace.services import trades as trade_services

logger = logging.getLogger(__name__)

SEED_SYSTEM_TYPE = "0"  # seed 000: message type 0 is a system message ("I want to buy" records)
FETCH_LIMIT = 500


def _answer(data, status=200) -> JsonResponse:
    return JsonResponse({"status": "success" if status < 400 else "failed", "data": data}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def _user_from_token(token: str):
    if not token:
        raise NotAuthenticated(_("A token is required."))
    auth = VersionedJWTAuthentication()  # a revoked token (password change, deactivation) is refused
    try:
        user = auth.get_user(auth.get_validated_token(token))
    except (InvalidToken, TokenError, AuthenticationFailed):
        raise NotAuthenticated(_("Invalid or expired token.")) from None
    if not user.is_active:
        raise NotAuthenticated(_("Invalid or expired token."))
    return user


def legacy_view(view):
    """POST only, CSRF-exempt (token auth, no cookie), the token's user as `user`, errors as `failed`."""

    @csrf_exempt
    @require_POST
    @functools.wraps(view)
    def wrapper(request):
        try:
            if any("\x00" in value for value in request.POST.values()):
                # PostgreSQL cannot store NUL characters; refuse them here rather than fail in the database.
                raise ValidationFailed(_("Form fields must not contain NUL characters."))
            user = _user_from_token(request.POST.get("token", ""))
            return _answer(view(request, user))
        except ApplicationError as exc:
            return _answer({"message": str(exc.message), "errors": exc.data}, status=exc.status)

    return wrapper


def _int_field(request, name: str) -> int:
    raw = request.POST.get(name, "")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationFailed(_("%(name)s must be an integer.") % {"name": name}, data={name: [_("Required.")]})
    if not 1 <= value < 2**63:
        raise ValidationFailed(_("%(name)s must be positive.") % {"name": name}, data={name: [_("Invalid.")]})
    return value


def item_seed_shape(item: Item) -> dict:
    """The seed's item row: itemid, uuid, title, type, price, imgurl, depreciation, note, sold, to."""
    return {
        "itemid": item.pk, "uuid": item.seller_id, "title": item.title, "type": item.category,
        "price": str(item.price), "imgurl": item.image_url, "depreciation": item.depreciation, "note": item.note,
        "sold": item.state_code, "to": item.reserved_for_id or 0,
    }


def _item(item_id: int) -> dict:
    item = Item.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFound(_("Item not found."))
    return item_seed_shape(item)


def message_seed_shape(message: Message, *, fetched: bool | None = None) -> dict:
    """The seed's message: id, from, to, type ("0" = system), data (the itemid of a want), fetched, times."""
    is_system = message.type != Message.Type.CHAT
    return {
        "id": message.pk, "from": message.sender_id, "to": message.recipient_id,
        "type": SEED_SYSTEM_TYPE if is_system else message.type,
        "data": str(message.item_id) if is_system and message.item_id else message.content,
        "content": message.content, "event": message.data.get("event"), "trade": message.trade_id,
        "fetched": message.fetched if fetched is None else fetched,
        "createdAt": message.created_at.isoformat(), "updatedAt": message.updated_at.isoformat(),
    }


@legacy_view
def chat_push(request, user):
    """type 0 with data = itemid is "I want to buy"; any other type stores a chat message to `to`."""
    kind = request.POST.get("type", "")
    if kind == SEED_SYSTEM_TYPE:
        item_id = _int_field(request, "data")
        if request.POST.get("to"):
            seller_id = Item.objects.filter(pk=item_id).values_list("seller_id", flat=True).first()
            if seller_id is not None and str(seller_id) != request.POST["to"].strip():
                raise ValidationFailed(_("`to` is not the item's seller."), data={"to": [_("Not the seller.")]})
        trade = trade_services.trade_start(item_id=item_id, buyer=user)
        return {"item": _item(item_id), "trade": trade.pk}
    message = chat_message_send(sender_id=user.pk, to=_int_field(request, "to"), content=request.POST.get("data", ""))
    return message_seed_shape(message)


@legacy_view
def chat_fetchnew(request, user):
    """The user's unfetched messages, oldest first; they are marked fetched (the chat service's fetchnew)."""
    messages, _remaining = messages_fetch_new(user_id=user.pk, limit=FETCH_LIMIT)
    # As in the seed's example: `fetched` tells whether the message had been fetched before this call.
    return [message_seed_shape(m, fetched=False) for m in messages]


@legacy_view
def chat_fetchall(request, user):
    """The user's received messages, oldest first (at most FETCH_LIMIT, the most recent ones)."""
    messages = list(message_list_received(user_id=user.pk).order_by("-id")[:FETCH_LIMIT])
    return [message_seed_shape(m) for m in reversed(messages)]


@legacy_view
def want_delete(request, user):
    """The seller rejects one buyer's want (`itemid`, `uuid` = the buyer)."""
    item_id, buyer_id = _int_field(request, "itemid"), _int_field(request, "uuid")
    item_trade_services.trade_reject_buyer(item_id=item_id, buyer_id=buyer_id, actor=user)
    return _item(item_id)


@legacy_view
def want_delete_all(request, user):
    """The seller rejects every pending want on the item."""
    item_id = _int_field(request, "itemid")
    item_trade_services.trade_reject_all(item_id=item_id, actor=user)
    return _item(item_id)


@legacy_view
def item_order(request, user):
    """The seller picks the buyer `to` (who must have wanted the item): the item is reserved (sold = 3)."""
    item_id, buyer_id = _int_field(request, "itemid"), _int_field(request, "to")
    item_trade_services.trade_accept_buyer(item_id=item_id, buyer_id=buyer_id, actor=user)
    return _item(item_id)


@legacy_view
def item_trade(request, user):
    """The buyer the item is reserved for confirms receipt: sold (2); the other wanters are told."""
    item_id = _int_field(request, "itemid")
    item_trade_services.trade_confirm_receipt(item_id=item_id, actor=user)
    return _item(item_id)


@legacy_view
def item_reset(request, user):
    """Undo the reservation: back on sale (1), the reserved buyer may want again, other wants are kept."""
    item_id = _int_field(request, "itemid")
    item_trade_services.item_reset(item_id=item_id, actor=user)
    return _item(item_id)


urlpatterns = [
    path("user/chat/push", chat_push, name="legacy-chat-push"),
    path("user/chat/fetchnew", chat_fetchnew, name="legacy-chat-fetchnew"),
    path("user/chat/fetchall", chat_fetchall, name="legacy-chat-fetchall"),
    path("user/want/delete", want_delete, name="legacy-want-delete"),
    path("user/want/deleteall", want_delete_all, name="legacy-want-deleteall"),
    path("item/order", item_order, name="legacy-item-order"),
    path("item/trade", item_trade, name="legacy-item-trade"),
    path("item/reset", item_reset, name="legacy-item-reset"),
]
