"""Message services: validation, rate limit, fetchnew exactly once, delivery and read marks."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection

from chat import selectors, services
from chat.models import Message
from common.errors import NotFound, RateLimited, ValidationFailed
from tests.factories import UserFactory
from tests.factories.chat import MessageFactory

pytestmark = pytest.mark.django_db


def test_chat_message_send_stores_and_pushes_to_both_people(user, other_user, django_capture_on_commit_callbacks,
                                                            monkeypatch):
    pushed = []
    monkeypatch.setattr("chat.notify._dispatch", lambda events: pushed.extend(events))
    with django_capture_on_commit_callbacks(execute=True):
        message = services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="hello")
    stored = Message.objects.get()
    assert (stored.sender_id, stored.recipient_id, stored.type, stored.content) == (
        user.pk, other_user.pk, "chat", "hello"
    )
    assert stored.pk == message.pk and not stored.fetched
    assert [user_id for user_id, _ in pushed] == [other_user.pk, user.pk]
    frame = pushed[0][1]["payload"]
    assert frame["id"] == stored.pk and frame["from"] == user.pk and frame["to"] == other_user.pk
    assert frame["type"] == "chat" and frame["content"] == "hello" and frame["orderId"] is None
    assert frame["time"] == stored.created_at.isoformat()


def test_chat_message_send_accepts_a_username(user, other_user):
    message = services.chat_message_send(sender_id=user.pk, to=other_user.username, content="hi")
    assert message.recipient_id == other_user.pk


@pytest.mark.parametrize(
    "to, content, field",
    [
        ("self", "hi", "to"),
        ("nobody-here", "hi", "to"),
        (999999, "hi", "to"),
        (None, "hi", "to"),
        ("other", "", "content"),
        ("other", "   ", "content"),
        ("other", "x" * 2001, "content"),
        ("other", 5, "content"),
    ],
)
def test_chat_message_send_refuses_bad_input_and_stores_nothing(user, other_user, to, content, field):
    to = {"self": user.pk, "other": other_user.pk}.get(to, to)
    with pytest.raises(ValidationFailed) as caught:
        services.chat_message_send(sender_id=user.pk, to=to, content=content)
    assert field in caught.value.data
    assert not Message.objects.exists()


def test_chat_message_send_refuses_an_inactive_recipient(user):
    gone = UserFactory(is_active=False)
    with pytest.raises(ValidationFailed):
        services.chat_message_send(sender_id=user.pk, to=gone.pk, content="hi")
    assert not Message.objects.exists()


def test_content_limit_follows_the_setting(user, other_user, settings):
    settings.WS_MAX_CONTENT_LENGTH = 5
    services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="12345")
    with pytest.raises(ValidationFailed):
        services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="123456")
    assert Message.objects.count() == 1


def test_chat_about_an_item_needs_one_of_the_two_to_sell_it(user, other_user):
    from marketplace.models import Item

    third = UserFactory()
    item = Item.objects.create(seller=other_user, title="bike", price="10.00")
    message = services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="still there?", item_id=item.pk)
    assert message.item_id == item.pk
    with pytest.raises(NotFound):
        services.chat_message_send(sender_id=user.pk, to=third.pk, content="about their bike", item_id=item.pk)
    with pytest.raises(NotFound):
        services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="?", item_id=987654)
    assert Message.objects.count() == 1


def test_chat_about_an_order_needs_both_to_be_party_to_it(user, other_user):
    from merchants.models import Merchant
    from orders.models import Order

    merchant = Merchant.objects.create(user=other_user, business_name="vc shop")
    order = Order.objects.create(order_no="ORD202611210001", kind="exchange", buyer=user, merchant=merchant)
    message = services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="paid", order_id=str(order.pk))
    assert message.order_id == order.pk
    by_number = services.chat_message_send(sender_id=other_user.pk, to=user.pk, content="ok", order_id=order.order_no)
    assert by_number.order_id == order.pk
    outsider = UserFactory()
    with pytest.raises(NotFound):
        services.chat_message_send(sender_id=outsider.pk, to=user.pk, content="hi", order_id=str(order.pk))
    assert Message.objects.count() == 2


def test_rate_limit_refuses_past_the_limit_and_stores_nothing_more(user, other_user, settings):
    settings.WS_RATE_LIMIT = 3
    settings.WS_RATE_WINDOW = 60
    for n in range(3):
        services.chat_message_send(sender_id=user.pk, to=other_user.pk, content=f"m{n}")
    with pytest.raises(RateLimited) as caught:
        services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="one too many")
    assert caught.value.status == 429 and caught.value.data["retry_after"] >= 0
    assert Message.objects.count() == 3
    # Another user has their own budget.
    services.chat_message_send(sender_id=other_user.pk, to=user.pk, content="reply")


def test_rate_limit_window_resets(user, other_user, settings, monkeypatch):
    settings.WS_RATE_LIMIT = 1
    settings.WS_RATE_WINDOW = 10
    clock = [1_000_000.0]
    monkeypatch.setattr("chat.services.time.time", lambda: clock[0])
    services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="a")
    with pytest.raises(RateLimited):
        services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="b")
    clock[0] += 10
    services.chat_message_send(sender_id=user.pk, to=other_user.pk, content="c")
    assert list(Message.objects.values_list("content", flat=True)) == ["a", "c"]


def test_fetch_new_hands_out_each_message_once_oldest_first(user, other_user):
    first, second = MessageFactory(recipient=user), MessageFactory(recipient=user)
    MessageFactory(recipient=other_user)
    messages, remaining = services.messages_fetch_new(user_id=user.pk)
    assert [m.pk for m in messages] == [first.pk, second.pk] and remaining == 2
    assert all(m.fetched for m in messages)
    assert services.messages_fetch_new(user_id=user.pk) == ([], 0)
    third = MessageFactory(recipient=user)
    assert [m.pk for m in services.messages_fetch_new(user_id=user.pk)[0]] == [third.pk]


def test_fetch_new_respects_the_batch_limit(user):
    ids = [MessageFactory(recipient=user).pk for _ in range(5)]
    batch, remaining = services.messages_fetch_new(user_id=user.pk, limit=3)
    assert [m.pk for m in batch] == ids[:3] and remaining == 5
    batch, remaining = services.messages_fetch_new(user_id=user.pk, limit=3)
    assert [m.pk for m in batch] == ids[3:] and remaining == 2


def test_mark_delivered_and_read_touch_only_my_messages(user, other_user):
    mine = MessageFactory(recipient=user, sender=other_user)
    theirs = MessageFactory(recipient=other_user, sender=user)
    assert services.messages_mark_delivered(user_id=user.pk, ids=[mine.pk, theirs.pk]) == 1
    assert services.messages_mark_read(user_id=user.pk, ids=[mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.delivered_at and mine.read_at and mine.fetched
    assert mine.delivered_at <= mine.read_at
    assert theirs.delivered_at is None and theirs.read_at is None


def test_mark_read_with_a_user_reads_that_conversation_only(user, other_user):
    third = UserFactory()
    from_other = [MessageFactory(recipient=user, sender=other_user) for _ in range(2)]
    from_third = MessageFactory(recipient=user, sender=third)
    assert services.messages_mark_read(user_id=user.pk, with_user=other_user.pk) == 2
    assert all(Message.objects.get(pk=m.pk).read_at for m in from_other)
    assert Message.objects.get(pk=from_third.pk).read_at is None


def test_messages_after_gives_sent_and_received_oldest_first(user, other_user):
    third = UserFactory()
    old = MessageFactory(recipient=user)
    received = MessageFactory(recipient=user, sender=other_user)
    sent = MessageFactory(recipient=other_user, sender=user)
    MessageFactory(recipient=third, sender=other_user)
    notice = MessageFactory(recipient=user, sender=None, type="system")
    assert [m.pk for m in selectors.messages_after(user_id=user.pk, after=old.pk)] == [received.pk, sent.pk, notice.pk]
    assert len(selectors.messages_after(user_id=user.pk, after=0, limit=2)) == 2


@pytest.mark.skipif(not django_settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_fetch_new_hands_out_each_message_exactly_once():
    user = UserFactory()
    ids = [MessageFactory(recipient=user).pk for _ in range(60)]
    results, errors = [], []
    barrier = threading.Barrier(4)

    def fetch():
        try:
            barrier.wait()
            while True:
                batch, _ = services.messages_fetch_new(user_id=user.pk, limit=7)
                if not batch:
                    break
                results.extend(m.pk for m in batch)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == ids  # every message once: none lost, none twice
