"""`/ws/chat/` (DESIGN §5). The consumer authenticates, joins `user.<id>`, relays pushes, and hands every
write to a service; it holds no business logic of its own."""

import asyncio
import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken

from chat.notify import user_group

logger = logging.getLogger(__name__)

CLOSE_NOT_AUTHENTICATED = 4001
CLOSE_LOGGED_OUT = 4003


def _origin_host(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            origin = value.decode("latin1")
            host = origin.split("://", 1)[-1].split("/", 1)[0]
            return split_domain_port(host)[0] or host
    return None


@database_sync_to_async
def _user_for_token(token: str):
    try:
        user_id = AccessToken(token)["user_id"]
    except (TokenError, KeyError):
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


class ChatConsumer(AsyncJsonWebsocketConsumer):
    user = None
    auth_deadline = None

    async def connect(self):
        origin = _origin_host(self.scope)
        if origin is not None and not validate_host(origin, settings.ALLOWED_HOSTS):
            await self.close()  # rejects the handshake (403): a foreign page may not use our cookie
            return
        await self.accept()
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
            content = json.loads(text_data)
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
        await handler(content)

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

    async def frame_ping(self, content):
        await self.send_json({"type": "pong"})

    # --- events from the channel layer -----------------------------------------------------------------
    async def notify(self, event):
        await self.send_json(event["payload"])

    async def session_close(self, event):
        await self.close(code=event.get("code", CLOSE_LOGGED_OUT))
