"""The embedded runtime's pieces (issue 18.2): a notice sent from a job thread reaches a socket's queue on
the server's loop at once; only one server per checkout holds the periodic-jobs lock."""

import asyncio
import threading
import time

from asgiref.sync import async_to_sync

from common.channel_layer import InProcessChannelLayer
from config.management.commands.serve import acquire_jobs_lock


def test_group_send_from_another_thread_wakes_the_server_loop():
    layer = InProcessChannelLayer()
    received = []
    ready = threading.Event()
    server_loop = asyncio.new_event_loop()

    async def serve_one_socket():
        channel = await layer.new_channel()
        await layer.group_add("user.1", channel)
        ready.set()
        # No timers run on this loop: only a thread-safe hand-over can wake it.
        message = await asyncio.wait_for(layer.receive(channel), timeout=3)
        received.append((message, time.monotonic()))

    server = threading.Thread(target=server_loop.run_until_complete, args=(serve_one_socket(),))
    server.start()
    assert ready.wait(3)
    # A Celery thread's notify: async_to_sync runs the send on a loop of its own.
    sent = time.monotonic()
    worker = threading.Thread(target=async_to_sync(layer.group_send), args=("user.1", {"type": "notify", "n": 1}))
    worker.start()
    worker.join(3)
    server.join(5)
    server_loop.close()
    [(message, arrived)] = received
    assert message == {"type": "notify", "n": 1}
    assert arrived - sent < 1  # live, not on the loop's next unrelated wake-up


def test_only_one_holder_of_the_jobs_lock(tmp_path):
    first = acquire_jobs_lock(tmp_path / "celery" / "serve.lock")
    assert first is not None
    assert acquire_jobs_lock(tmp_path / "celery" / "serve.lock") is None
    first.close()
    again = acquire_jobs_lock(tmp_path / "celery" / "serve.lock")
    assert again is not None
    again.close()
