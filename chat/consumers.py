"""`/ws/chat/` (DESIGN §5). The consumer authenticates, joins `user.<id>`, relays pushes, and hands every
write to a service; it holds no business logic of its own.

Client frames (anything else, or bad fields, gets `{"type": "error", "code", "message"}`; the socket stays):
- `{"type": "auth", "token", "after"?}` → `{"type": "auth", "ok": true, "user"}`; with `after`, a `sync`
  follows at once, before any live frame (the way to reconnect without gaps or duplicates).
- `{"type": "chat", "to": <id or username>, "content", "orderId"?, "itemId"?}` → stored, then the message
  frame goes to the recipient's and to all of the sender's sockets (the sender's own echo is the receipt).
  `from` is set by the server; a different `from` is refused (`forged_sender`). Over the rate limit:
  `rate_limited` with `data.retry_after`.
- `{"type": "sync", "after": <last id seen>}` → every message I sent or received with a larger id, oldest
  first, one live-shaped frame each, then `{"type": "synced", "count", "last", "more"}`.
- `{"type": "fetchnew"}` → my unfetched messages (seed 000), marked fetched, then `synced`.
- `{"type": "ack", "id" | "ids"}` → delivery recorded (no answer). `{"type": "read", "id" | "ids" | "with"}`
  → `{"type": "read", "ok": true, "count"}`, and each sender (and my other tabs) gets
  `{"type": "receipt", "by", "ids", "time"}`. `{"type": "typing", "to": <id>}` → the other person gets
  `{"type": "typing", "from", "to"}` (not stored). `{"type": "ping"}` → `{"type": "pong"}`.

Ordering: ids follow commit order for one sender. Two senders writing to one person at the same moment can
commit out of id order; a client whose socket drops in exactly that instant may skip the smaller id when it
syncs from the larger one. fetchnew (a per-message flag, not a cursor) never skips: clients that must see
every notice once use it, or sync and then fetchnew."""

import asyncio
import logging

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext as _

from chat import selectors, services
from chat.notices import frame_localized, language_for_scope
from chat.notify import user_group
from common.errors import ApplicationError, NotFound, PermissionDenied, RateLimited, ValidationFailed
from common.jsonlimits import JSONLimitError, json_loads_limited
from common.tokens import access_token_user

logger = logging.getLogger(__name__)

CLOSE_NOT_AUTHENTICATED = 4001
CLOSE_LOGGED_OUT = 4003

# Error frame codes for the service errors a frame can meet (DESIGN §8: `{"type": "error", "code", "message"}`).
ERROR_CODES = {ValidationFailed: "invalid", NotFound: "not_found", PermissionDenied: "forbidden",
               RateLimited: "rate_limited"}
# How many synced ids a socket remembers to drop a live copy of a message it already sent through `sync`.
SYNCED_IDS_MAX = 5000
# One `sync` sends at most this many batches of selectors.SYNC_BATCH_SIZE before answering `more: true`.
SYNC_MAX_BATCHES = 20


def _error_code(exc: ApplicationError) -> str:
    for cls in type(exc).__mro__:
        if cls in ERROR_CODES:
            return ERROR_CODES[cls]
    return "conflict" if exc.status == 409 else "error"


@database_sync_to_async
def _chat_send(**kwargs):
    services.chat_message_send(**kwargs)


@database_sync_to_async
def _sync_frames(user_id: int, after: int):
    limit = selectors.SYNC_BATCH_SIZE
    messages = selectors.messages_after(user_id=user_id, after=after, limit=limit)
    return [services.message_frame(m) for m in messages], len(messages) == limit


@database_sync_to_async
def _recent_ids_up_to(user_id: int, up_to: int) -> list[int]:
    return selectors.recent_ids_up_to(user_id=user_id, up_to=up_to)


@database_sync_to_async
def _fetchnew_frames(user_id: int):
    messages, remaining = services.messages_fetch_new(user_id=user_id)
    return [services.message_frame(m) for m in messages], remaining > len(messages)


@database_sync_to_async
def _typing_allowed(user_id: int) -> None:
    services.chat_rate_limit_check(user_id=user_id, scope="typing")


def _origin_host(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            origin = value.decode("latin1")
            host = origin.split("://", 1)[-1].split("/", 1)[0]
            return split_domain_port(host)[0] or host
    return None


@database_sync_to_async
def _user_for_token(token: str):
    # Refuses tokens issued before a password change/deactivation and tokens of a logged-out session.
    return access_token_user(token)


class ChatConsumer(AsyncJsonWebsocketConsumer):
    user = None
    auth_deadline = None
    language = settings.LANGUAGE_CODE  # the reader's language for notices' `text` (set on connect)
    synced_ids: set

    async def dispatch(self, message):
        # channels' dispatch hops to a thread to close old database connections before every event; our
        # handlers that touch the database go through database_sync_to_async, which already does that, and
        # live pushes touch none (PERF-NOTES: fan-out several times faster).
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        origin = _origin_host(self.scope)
        if origin is not None and not validate_host(origin, settings.ALLOWED_HOSTS):
            await self.close()  # rejects the handshake (403): a foreign page may not use our cookie
            return
        await self.accept()
        self.language = language_for_scope(self.scope)
        session_user = self.scope.get("user")
        # A cookie session counts only for browsers (an Origin header); apps and scripts send a token frame.
        if origin is not None and session_user is not None and session_user.is_authenticated:
            await self._authenticated(session_user)
        else:
            self.auth_deadline = asyncio.get_running_loop().call_later(
                settings.WS_AUTH_TIMEOUT, lambda: asyncio.ensure_future(self._auth_timeout())
            )

    async def _auth_timeout(self):
        if self.user is None:
            await self.send_error("auth_timeout", _("Authenticate within %(s)s seconds.") % {"s": settings.WS_AUTH_TIMEOUT})
            await self.close(code=CLOSE_NOT_AUTHENTICATED)

    async def _authenticated(self, user):
        if self.auth_deadline is not None:
            self.auth_deadline.cancel()
        self.user = user
        self.synced_ids = set()
        await self.channel_layer.group_add(user_group(user.pk), self.channel_name)
        await self.send_json({"type": "auth", "ok": True, "user": user.pk})

    async def disconnect(self, code):
        if self.auth_deadline is not None:
            self.auth_deadline.cancel()
        if self.user is not None:
            await self.channel_layer.group_discard(user_group(self.user.pk), self.channel_name)

    async def send_error(self, code: str, message: str, **extra):
        await self.send_json({"type": "error", "code": code, "message": str(message), **extra})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Bad frames get an error frame, never a dropped socket.
        if text_data is None:
            await self.send_error("bad_frame", _("Frames must be JSON text."))
            return
        try:
            content = json_loads_limited(text_data)
        except JSONLimitError as exc:  # too deep or large, NUL or a lone surrogate: an error frame, not a drop
            await self.send_error("bad_frame", str(exc))
            return
        except ValueError:
            await self.send_error("bad_json", _("The frame is not valid JSON."))
            return
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_error("bad_frame", _("A frame is a JSON object with a string `type`."))
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        frame_type = content["type"]
        if frame_type == "auth":
            await self.handle_auth(content)
            return
        if self.user is None:
            await self.send_error("not_authenticated", _("Send an auth frame first."))
            return
        handler = getattr(self, f"frame_{frame_type}", None)
        if handler is None:
            await self.send_error("unknown_type", _("Unknown frame type: %(type)s") % {"type": frame_type[:40]})
            return
        try:
            await handler(content)
        except ApplicationError as exc:
            await self.send_service_error(exc, content)
        except Exception:
            # A bug or an outage must not drop the socket: the client gets an error frame and may retry.
            logger.exception("chat frame %s failed", frame_type[:40])
            await self.send_error("server_error", _("Something went wrong; try again."))

    async def handle_auth(self, content):
        if self.user is not None:
            await self.send_json({"type": "auth", "ok": True, "user": self.user.pk})
            return
        token = content.get("token")
        user = await _user_for_token(token) if isinstance(token, str) and token else None
        if user is None:
            await self.send_error("bad_token", _("Invalid or expired token."))
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        await self._authenticated(user)
        if "after" in content:
            # Sync before any live push is relayed: events wait while this handler runs, so the client gets
            # what it missed, then the live stream, in order and without duplicates.
            await self.frame_sync(content)

    async def frame_ping(self, content):
        await self.send_json({"type": "pong"})

    async def send_service_error(self, exc: ApplicationError, content):
        extra = {"data": exc.data} if exc.data is not None else {}
        if "ref" in content:
            extra["ref"] = content["ref"]
        await self.send_error(_error_code(exc), exc.message, **extra)

    async def frame_chat(self, content):
        """`{"type": "chat", "to", "content", "orderId"?, "itemId"?}`: store, then push to both people."""
        # The server sets `from`; a client that claims to be someone else is refused, not corrected.
        sender = content.get("from")
        if sender is not None and str(sender) not in (str(self.user.pk), self.user.username):
            await self.send_error("forged_sender", _("You can only send as yourself."))
            return
        try:
            await _chat_send(
                sender_id=self.user.pk, to=content.get("to"), content=content.get("content"),
                order_id=content.get("orderId") or None, item_id=content.get("itemId") or None,
            )
        except ApplicationError as exc:
            await self.send_service_error(exc, content)

    async def _send_frames(self, frames: list[dict]):
        for frame in frames:
            await self.send_json(frame_localized(frame, self.language))
        self.synced_ids.update(frame["id"] for frame in frames)

    async def frame_sync(self, content):
        """`{"type": "sync", "after": <last id seen>}`: every stored message of mine after it, oldest first, then
        `{"type": "synced", "count", "last", "more"}`.

        Batches follow one another inside this handler, so no live push is relayed in between (events wait
        for the handler): the client sees the backlog, then the live stream, in id order. Past
        SYNC_MAX_BATCHES the answer says `more: true` and the client syncs again from `last`."""
        after = selectors.parse_id(content.get("after", 0))
        if after is None:
            await self.send_error("invalid", _("`after` must be a message id (0 for everything)."))
            return
        if len(self.synced_ids) > SYNCED_IDS_MAX:
            self.synced_ids.clear()
        if after:
            # The client has everything up to `after`, perhaps from a previous connection whose live copies
            # are still in flight through the layer: drop those late copies here (messages committed from
            # now on are not in this set, so they still arrive live).
            self.synced_ids.update(await _recent_ids_up_to(self.user.pk, after))
        count, last, more = 0, None, False
        for _batch in range(SYNC_MAX_BATCHES):
            frames, more = await _sync_frames(self.user.pk, after)
            await self._send_frames(frames)
            count += len(frames)
            if frames:
                last = after = frames[-1]["id"]
            if not more:
                break
        await self.send_json({"type": "synced", "count": count, "last": last, "more": more})

    async def frame_fetchnew(self, content):
        """Seed 000 fetchnew over the socket: my unfetched messages, oldest first, now marked fetched (one
        batch; `more: true` says send fetchnew again)."""
        frames, more = await _fetchnew_frames(self.user.pk)
        await self._send_frames(frames)
        last = frames[-1]["id"] if frames else None
        await self.send_json({"type": "synced", "count": len(frames), "last": last, "more": more})

    async def frame_ack(self, content):
        """`{"type": "ack", "id"}` (or `ids`): my socket received these messages."""
        ids = self._ids(content)
        if ids is None:
            await self.send_error("invalid", _("`id` must be a message id."))
            return
        await database_sync_to_async(services.messages_mark_delivered)(user_id=self.user.pk, ids=ids)

    async def frame_read(self, content):
        """`{"type": "read", "id" | "ids" | "with"}`: mark messages to me read."""
        if "with" in content:
            with_user = selectors.parse_id(content["with"])
            if with_user is None:
                await self.send_error("invalid", _("`with` must be a user id."))
                return
            count = await database_sync_to_async(services.messages_mark_read)(user_id=self.user.pk, with_user=with_user)
        else:
            ids = self._ids(content)
            if ids is None:
                await self.send_error("invalid", _("Give `id`, `ids` or `with`."))
                return
            count = await database_sync_to_async(services.messages_mark_read)(user_id=self.user.pk, ids=ids)
        await self.send_json({"type": "read", "ok": True, "count": count})

    async def frame_typing(self, content):
        """`{"type": "typing", "to"}`: tell the other person I am typing. Not stored: it means nothing later."""
        to = selectors.parse_id(content.get("to"))
        if to is None or to == self.user.pk:
            await self.send_error("invalid", _("`to` must be another user's id."))
            return
        try:
            await _typing_allowed(self.user.pk)
        except ApplicationError as exc:
            await self.send_service_error(exc, content)
            return
        # Ephemeral and stored nowhere, so there is no transaction to wait for: straight to the layer.
        await self.channel_layer.group_send(
            user_group(to), {"type": "notify", "payload": {"type": "typing", "from": self.user.pk, "to": to}}
        )

    @staticmethod
    def _ids(content) -> list[int] | None:
        raw = content.get("ids", [content.get("id")] if "id" in content else None)
        if not isinstance(raw, list) or not raw or len(raw) > 1000:
            return None
        ids = [selectors.parse_id(value) for value in raw]
        return None if None in ids else ids

    # --- events from the channel layer -----------------------------------------------------------------
    async def notify(self, event):
        payload = event["payload"]
        message_id = payload.get("id") if isinstance(payload, dict) else None
        if message_id is not None and message_id in self.synced_ids:
            # Already sent to this socket by `sync` (the push was queued while the sync ran).
            self.synced_ids.discard(message_id)
            return
        await self.send_json(frame_localized(payload, self.language) if message_id is not None else payload)

    async def session_close(self, event):
        await self.close(code=event.get("code", CLOSE_LOGGED_OUT))
