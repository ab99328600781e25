"""The embedded runtime's channel layer: in memory, and safe to send to from any thread of the process.

channels' InMemoryChannelLayer keeps one asyncio.Queue per socket, bound to the server's event loop. The
embedded worker and beat run as threads of the same process (`manage.py serve`, DESIGN §9); a periodic job
sends its notices through `async_to_sync`, i.e. from another event loop in another thread, where waking a
queue of the server's loop is not thread-safe and the frame never leaves. This layer remembers the loop
that receives (the server's) and hands every send from another loop to it, so a notice a job sends reaches
open sockets live, exactly as with Redis in the scaled mode.
"""

import asyncio

from channels.layers import InMemoryChannelLayer


class InProcessChannelLayer(InMemoryChannelLayer):
    """InMemoryChannelLayer whose sends from foreign threads run on the receiving (server) loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._home_loop: asyncio.AbstractEventLoop | None = None

    async def receive(self, channel):
        self._home_loop = asyncio.get_running_loop()
        return await super().receive(channel)

    def _foreign_home(self) -> asyncio.AbstractEventLoop | None:
        """The server's loop when the caller runs on another, live loop; else None (send directly)."""
        home = self._home_loop
        if home is None or home is asyncio.get_running_loop() or home.is_closed() or not home.is_running():
            return None
        return home

    async def _on_home(self, home, coroutine):
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, home))

    async def send(self, channel, message):
        home = self._foreign_home()
        if home is None:
            return await super().send(channel, message)
        return await self._on_home(home, super().send(channel, message))

    async def group_send(self, group, message):
        home = self._foreign_home()
        if home is None:
            return await super().group_send(group, message)
        return await self._on_home(home, super().group_send(group, message))
