"""The floor for bench/ws_fanout.py: a bare Channels consumer that does the same I/O as chat per frame — count
the send in the rate-limit window (the same pipelined INCR + EXPIRE), look the recipient up, store the row,
then push through the channel layer to both people's groups — and nothing else (no auth, no validation, no
frame schema, the stock `dispatch`). Served by uvicorn exactly like config.asgi."""

import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from channels.db import database_sync_to_async  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.urls import path  # noqa: E402

from chat.models import Message  # noqa: E402
from common.throttle import count_in_window  # noqa: E402

User = get_user_model()


def floor_group(user_id) -> str:
    return f"floor.{int(user_id)}"


@database_sync_to_async
def _store(sender_id: int, recipient_id: int, content: str) -> Message:
    window = max(float(settings.WS_RATE_WINDOW), 0.001)
    count_in_window(f"floor-rate:{sender_id}:{int(time.time() // window)}", ttl=int(window) + 1)
    recipient = User.objects.filter(pk=recipient_id, is_active=True).only("pk").first()
    return Message.objects.create(sender_id=sender_id, recipient_id=recipient.pk, content=content)


class FloorConsumer(AsyncWebsocketConsumer):
    user_id = None

    async def receive(self, text_data=None, bytes_data=None):
        frame = json.loads(text_data)
        if frame["type"] == "join":
            self.user_id = int(frame["user"])
            await self.channel_layer.group_add(floor_group(self.user_id), self.channel_name)
            await self.send(text_data=json.dumps({"type": "joined", "user": self.user_id}))
        elif frame["type"] == "chat":
            message = await _store(self.user_id, int(frame["to"]), frame["content"])
            text = json.dumps(
                {"type": "chat", "id": message.pk, "from": self.user_id, "to": message.recipient_id,
                 "time": message.created_at.isoformat(), "orderId": None, "content": message.content}
            )
            for user_id in (message.recipient_id, self.user_id):
                await self.channel_layer.group_send(floor_group(user_id), {"type": "relay", "text": text})

    async def relay(self, event):
        await self.send(text_data=event["text"])


application = ProtocolTypeRouter({"websocket": URLRouter([path("ws/floor/", FloorConsumer.as_asgi())])})
