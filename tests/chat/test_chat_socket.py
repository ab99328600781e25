"""Chat over `/ws/chat/` (DESIGN §5): live chat, sync/fetchnew after being offline, ack/read, guarding.
Runs on the Redis pub/sub layer when REDIS_URL is set (CI), else the in-memory layer."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from chat import services
from chat.models import Message
from config.asgi import application
from tests.conftest import access_token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def socket_for(user, **auth_extra):
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect()
    assert connected
    token = await sync_to_async(access_token_for)(user)
    await communicator.send_json_to({"type": "auth", "token": token, **auth_extra})
    assert await communicator.receive_json_from(timeout=3) == {"type": "auth", "ok": True, "user": user.pk}
    return communicator


async def users(n):
    return [await sync_to_async(UserFactory)() for _ in range(n)]


async def receive_until_synced(socket, timeout=5):
    frames = []
    while True:
        frame = await socket.receive_json_from(timeout=timeout)
        if frame["type"] == "synced":
            return frames, frame
        frames.append(frame)


async def test_two_users_chat_live_and_every_tab_sees_it():
    alice, bob = await users(2)
    alice_tab1, alice_tab2, bob_socket = await socket_for(alice), await socket_for(alice), await socket_for(bob)
    await alice_tab1.send_json_to({"type": "chat", "to": bob.pk, "content": "hi bob"})
    frame = await bob_socket.receive_json_from(timeout=3)
    stored = await sync_to_async(Message.objects.get)()
    assert frame == {
        "type": "chat", "id": stored.pk, "from": alice.pk, "to": bob.pk, "time": stored.created_at.isoformat(),
        "orderId": None, "content": "hi bob", "data": {},
    }
    assert await alice_tab1.receive_json_from(timeout=3) == frame  # own echo
    assert await alice_tab2.receive_json_from(timeout=3) == frame  # the other tab
    await bob_socket.send_json_to({"type": "chat", "to": alice.username, "content": "hi alice"})
    reply = await alice_tab1.receive_json_from(timeout=3)
    assert (reply["from"], reply["to"], reply["content"]) == (bob.pk, alice.pk, "hi alice")
    assert (await bob_socket.receive_json_from(timeout=3))["id"] == reply["id"]
    for socket in (alice_tab1, alice_tab2, bob_socket):
        await socket.disconnect()


async def test_message_to_an_offline_user_arrives_through_sync_exactly_once():
    alice, bob = await users(2)
    alice_socket = await socket_for(alice)
    for text in ("one", "two"):
        await alice_socket.send_json_to({"type": "chat", "to": bob.pk, "content": text})
        await alice_socket.receive_json_from(timeout=3)
    bob_socket = await socket_for(bob)
    await bob_socket.send_json_to({"type": "sync", "after": 0})
    frames, end = await receive_until_synced(bob_socket)
    assert [f["content"] for f in frames] == ["one", "two"]
    assert end == {"type": "synced", "count": 2, "last": frames[-1]["id"], "more": False}
    await bob_socket.send_json_to({"type": "sync", "after": end["last"]})
    assert await receive_until_synced(bob_socket) == ([], {"type": "synced", "count": 0, "last": None, "more": False})
    assert await bob_socket.receive_nothing(timeout=0.3)
    await alice_socket.disconnect()
    await bob_socket.disconnect()


async def test_sync_on_auth_then_live_without_duplicates():
    alice, bob = await users(2)
    missed = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content="while away")
    bob_socket = await socket_for(bob, after=0)
    frames, end = await receive_until_synced(bob_socket)
    assert [f["id"] for f in frames] == [missed.pk] and end["last"] == missed.pk
    live = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content="now live")
    assert (await bob_socket.receive_json_from(timeout=3))["id"] == live.pk
    assert await bob_socket.receive_nothing(timeout=0.3)
    await bob_socket.disconnect()


async def test_fetchnew_frame_hands_out_unfetched_once_and_the_api_agrees(client_for):
    alice, bob = await users(2)
    sent = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content="offline")
    bob_socket = await socket_for(bob)
    await bob_socket.send_json_to({"type": "fetchnew"})
    frames, end = await receive_until_synced(bob_socket)
    assert [f["id"] for f in frames] == [sent.pk] and end["count"] == 1
    await bob_socket.send_json_to({"type": "fetchnew"})
    assert (await receive_until_synced(bob_socket))[0] == []
    api = await sync_to_async(client_for)(bob)
    response = await sync_to_async(api.post)("/api/v1/messages/fetchnew")
    assert response.json()["data"]["list"] == []
    assert await sync_to_async(Message.objects.filter(fetched=True).count)() == 1
    await bob_socket.disconnect()


async def test_offline_message_through_rest_fetchnew_exactly_once(client_for):
    alice, bob = await users(2)
    alice_api, bob_api = await sync_to_async(client_for)(alice), await sync_to_async(client_for)(bob)
    response = await sync_to_async(alice_api.post)("/api/v1/messages", {"to": bob.pk, "content": "hey"}, format="json")
    assert response.status_code == 201
    first = (await sync_to_async(bob_api.post)("/api/v1/messages/fetchnew")).json()["data"]["list"]
    again = (await sync_to_async(bob_api.post)("/api/v1/messages/fetchnew")).json()["data"]["list"]
    assert [m["content"] for m in first] == ["hey"] and again == []


async def test_system_notice_from_a_service_reaches_the_socket():
    alice = (await users(1))[0]
    socket = await socket_for(alice)

    def service_with_notice():
        with transaction.atomic():
            return services.system_notice_send(recipient_id=alice.pk, content="your item sold", data={"itemid": 2})

    notice = await sync_to_async(service_with_notice)()
    frame = await socket.receive_json_from(timeout=3)
    assert frame["type"] == "system" and frame["id"] == notice.pk and frame["from"] is None
    assert frame["data"] == {"itemid": 2} and frame["content"] == "your item sold"
    await socket.disconnect()


async def test_seed_001_change_frames_carry_old_and_new_values():
    alice, bob = await users(2)
    socket = await socket_for(bob)
    await sync_to_async(services.system_notice_send)(
        recipient_id=bob.pk, sender_id=alice.pk, type="changeamount", content="",
        data={"old_amount": "1000", "amount": "2000"},
    )
    frame = await socket.receive_json_from(timeout=3)
    assert frame["type"] == "changeamount" and frame["from"] == alice.pk and frame["to"] == bob.pk
    assert (frame["old_amount"], frame["amount"]) == ("1000", "2000")
    assert {"type", "from", "to", "time", "orderId"} <= set(frame)
    await socket.disconnect()


async def test_ack_marks_delivery_and_read_marks_read():
    alice, bob = await users(2)
    sent = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content="x")
    bob_socket = await socket_for(bob)
    await bob_socket.send_json_to({"type": "ack", "id": sent.pk})
    await bob_socket.send_json_to({"type": "read", "with": alice.pk})
    assert await bob_socket.receive_json_from(timeout=3) == {"type": "read", "ok": True, "count": 1}
    own_receipt = await bob_socket.receive_json_from(timeout=3)  # for bob's other tabs
    assert (own_receipt["type"], own_receipt["by"], own_receipt["ids"]) == ("receipt", bob.pk, [sent.pk])
    stored = await sync_to_async(Message.objects.get)(pk=sent.pk)
    assert stored.delivered_at is not None and stored.read_at is not None
    # Alice cannot mark her own sent message as delivered or read for bob.
    other = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content="y")
    assert (await bob_socket.receive_json_from(timeout=3))["id"] == other.pk
    alice_socket = await socket_for(alice)
    await alice_socket.send_json_to({"type": "ack", "id": other.pk})
    await alice_socket.send_json_to({"type": "read", "ids": [other.pk]})
    assert await alice_socket.receive_json_from(timeout=3) == {"type": "read", "ok": True, "count": 0}
    stored = await sync_to_async(Message.objects.get)(pk=other.pk)
    assert stored.delivered_at is None and stored.read_at is None
    await bob_socket.send_json_to({"type": "ack", "id": "nope"})
    assert (await bob_socket.receive_json_from(timeout=3))["code"] == "invalid"
    await bob_socket.disconnect()
    await alice_socket.disconnect()


async def test_reading_sends_a_receipt_to_the_sender_once():
    alice, bob = await users(2)
    first = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content="a")
    second = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content="b")
    alice_socket, bob_socket = await socket_for(alice), await socket_for(bob)
    await bob_socket.send_json_to({"type": "read", "ids": [first.pk, second.pk]})
    receipt = await alice_socket.receive_json_from(timeout=3)
    assert receipt["type"] == "receipt" and receipt["by"] == bob.pk and receipt["ids"] == [first.pk, second.pk]
    await bob_socket.send_json_to({"type": "read", "ids": [first.pk]})  # already read: no second receipt
    assert await alice_socket.receive_nothing(timeout=0.3)
    await alice_socket.disconnect()
    await bob_socket.disconnect()


async def test_typing_reaches_the_other_person_and_is_not_stored():
    alice, bob = await users(2)
    alice_socket, bob_socket = await socket_for(alice), await socket_for(bob)
    await alice_socket.send_json_to({"type": "typing", "to": bob.pk})
    assert await bob_socket.receive_json_from(timeout=3) == {"type": "typing", "from": alice.pk, "to": bob.pk}
    assert not await sync_to_async(Message.objects.exists)()
    await alice_socket.disconnect()
    await bob_socket.disconnect()


@pytest.mark.parametrize(
    "frame, code",
    [
        ({"type": "chat", "content": "to nobody"}, "invalid"),
        ({"type": "chat", "to": "no-such-user", "content": "hi"}, "invalid"),
        ({"type": "chat", "to": "SELF", "content": "me"}, "invalid"),
        ({"type": "chat", "to": "BOB", "content": ""}, "invalid"),
        ({"type": "chat", "to": "BOB", "content": "x" * 2001}, "invalid"),
        ({"type": "chat", "to": "BOB", "content": ["list"]}, "invalid"),
        ({"type": "chat", "to": "BOB", "content": "about", "itemId": 424242}, "not_found"),
        ({"type": "chat", "to": "BOB", "content": "forged", "from": "BOB"}, "forged_sender"),
        ({"type": "sync", "after": "yesterday"}, "invalid"),
        ({"type": "sync", "after": 2**70}, "invalid"),
        ({"type": "chat", "to": "99999999999999999999999", "content": "hi"}, "invalid"),
        ({"type": "chat", "to": "²", "content": "hi"}, "invalid"),
        ({"type": "chat", "to": "BOB", "content": "hi", "itemId": "99999999999999999999999"}, "invalid"),
        ({"type": "ack", "id": "²"}, "invalid"),
        ({"type": "ack", "id": -1}, "invalid"),
        ({"type": "chat", "to": "BOB", "content": "x", "orderId": {"no": 1}}, "not_found"),
        ({"type": "read"}, "invalid"),
        ({"type": "typing", "to": "SELF"}, "invalid"),
    ],
)
async def test_bad_chat_frames_get_error_frames_store_nothing_and_keep_the_socket(frame, code):
    alice, bob = await users(2)
    marks = {"BOB": bob.pk, "SELF": alice.pk}
    frame = {key: marks.get(value, value) if isinstance(value, str) else value for key, value in frame.items()}
    socket = await socket_for(alice)
    await socket.send_json_to({**frame, "ref": 7})
    error = await socket.receive_json_from(timeout=3)
    assert error["type"] == "error" and error["code"] == code and error["message"]
    assert not await sync_to_async(Message.objects.exists)()
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=3) == {"type": "pong"}
    await socket.disconnect()


async def test_a_failing_frame_gets_a_server_error_frame_and_the_socket_stays(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("chat.selectors.messages_after", broken)
    alice = (await users(1))[0]
    socket = await socket_for(alice)
    await socket.send_json_to({"type": "sync", "after": 0})
    assert (await socket.receive_json_from(timeout=3))["code"] == "server_error"
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=3) == {"type": "pong"}
    await socket.disconnect()


async def test_own_from_is_accepted_but_never_trusted():
    alice, bob = await users(2)
    socket = await socket_for(alice)
    await socket.send_json_to({"type": "chat", "from": alice.pk, "to": bob.pk, "content": "it is me"})
    frame = await socket.receive_json_from(timeout=3)
    assert frame["from"] == alice.pk
    await socket.disconnect()


async def test_flooding_gets_rate_limited_error_frames_not_a_dropped_socket(settings):
    settings.WS_RATE_LIMIT = 3
    settings.WS_RATE_WINDOW = 60
    alice, bob = await users(2)
    socket = await socket_for(alice)
    for n in range(5):
        await socket.send_json_to({"type": "chat", "to": bob.pk, "content": f"m{n}"})
    frames = [await socket.receive_json_from(timeout=3) for _ in range(5)]
    assert [f["type"] for f in frames].count("chat") == 3
    errors = [f for f in frames if f["type"] == "error"]
    assert [e["code"] for e in errors] == ["rate_limited", "rate_limited"]
    assert errors[0]["data"]["retry_after"] >= 0
    assert await sync_to_async(Message.objects.count)() == 3
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=3) == {"type": "pong"}
    await socket.disconnect()


async def test_rate_limit_is_per_user_across_sockets(settings):
    settings.WS_RATE_LIMIT = 2
    settings.WS_RATE_WINDOW = 60
    alice, bob = await users(2)
    tab1, tab2 = await socket_for(alice), await socket_for(alice)
    for tab in (tab1, tab2, tab1):
        await tab.send_json_to({"type": "chat", "to": bob.pk, "content": "x"})
        await asyncio.sleep(0.05)
    assert await sync_to_async(Message.objects.count)() == 2
    for tab in (tab1, tab2):
        await tab.disconnect()


async def test_suspension_closes_the_users_sockets():
    alice, bob = await users(2)
    alice_socket, bob_socket = await socket_for(alice), await socket_for(bob)

    def suspend():
        with transaction.atomic():
            type(alice).objects.filter(pk=alice.pk).update(is_active=False)
            services.user_sockets_close(user_id=alice.pk)

    await sync_to_async(suspend)()
    assert await alice_socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4003}
    assert await bob_socket.receive_nothing(timeout=0.3)
    # The suspended user's token no longer opens a socket.
    again = WebsocketCommunicator(application, "/ws/chat/")
    await again.connect()
    await again.send_json_to({"type": "auth", "token": await sync_to_async(access_token_for)(alice)})
    assert (await again.receive_json_from(timeout=3))["code"] == "bad_token"
    await bob_socket.disconnect()


async def test_logout_closes_every_tab(api):
    from common.tokens import token_pair

    alice = (await users(1))[0]
    tabs = [await socket_for(alice), await socket_for(alice)]
    refresh = await sync_to_async(lambda: token_pair(alice)["refresh"])()
    response = await sync_to_async(api.post)("/api/v1/auth/logout", {"refresh": refresh}, format="json")
    assert response.status_code == 200
    for tab in tabs:
        assert await tab.receive_output(timeout=3) == {"type": "websocket.close", "code": 4003}


async def test_sync_sends_a_long_backlog_in_batches_before_anything_live(monkeypatch):
    monkeypatch.setattr("chat.selectors.SYNC_BATCH_SIZE", 3)
    alice, bob = await users(2)
    sent = [await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content=f"m{n}")
            for n in range(7)]
    socket = await socket_for(bob, after=0)
    frames, end = await receive_until_synced(socket)
    assert [f["id"] for f in frames] == [m.pk for m in sent]
    assert end == {"type": "synced", "count": 7, "last": sent[-1].pk, "more": False}
    await socket.disconnect()


async def test_sync_past_its_batch_cap_says_more(monkeypatch):
    monkeypatch.setattr("chat.selectors.SYNC_BATCH_SIZE", 2)
    monkeypatch.setattr("chat.consumers.SYNC_MAX_BATCHES", 2)
    alice, bob = await users(2)
    sent = [await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content=f"m{n}")
            for n in range(5)]
    socket = await socket_for(bob)
    await socket.send_json_to({"type": "sync", "after": 0})
    frames, end = await receive_until_synced(socket)
    assert [f["id"] for f in frames] == [m.pk for m in sent[:4]] and end["more"] is True
    await socket.send_json_to({"type": "sync", "after": end["last"]})
    frames, end = await receive_until_synced(socket)
    assert [f["id"] for f in frames] == [sent[4].pk] and end["more"] is False
    await socket.disconnect()


async def test_random_frames_never_drop_the_socket(settings):
    import random

    settings.WS_RATE_LIMIT = 1000  # reach the validation behind the limit
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    alice, bob = await users(2)
    socket = await socket_for(alice)
    values = [None, True, -1, 0, 1, bob.pk, alice.pk, 2**64, 1.5, "", "x", "²", "９", bob.username, [], [1, "a"],
              {"a": 1}, "x" * 3000, "00000000-0000-0000-0000-000000000000"]
    kinds = ["chat", "sync", "fetchnew", "ack", "read", "typing", "auth", "nope", ""]
    fields = ["to", "content", "orderId", "itemId", "after", "id", "ids", "with", "from", "token"]
    for _ in range(150):
        frame = {"type": rng.choice(kinds)}
        for name in rng.sample(fields, rng.randint(0, 4)):
            frame[name] = rng.choice(values)
        await socket.send_json_to(frame)
        await asyncio.sleep(0)
    await socket.send_json_to({"type": "ping"})
    while True:
        frame = await socket.receive_json_from(timeout=10)
        assert frame.get("code") != "server_error", f"seed {seed}: {frame}"
        if frame == {"type": "pong"}:
            break
    await socket.disconnect()
