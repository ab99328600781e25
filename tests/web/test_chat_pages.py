"""Inbox and chat thread pages: unread counts, reading a thread, sending without JavaScript, query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat.models import Message
from chat.services import chat_message_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX_QUERIES = 7  # session, user, count, conversations page, their users, their last messages, live badge


@pytest.fixture(autouse=True)
def _no_chat_rate_limit(settings):
    settings.WS_RATE_LIMIT = 10_000


def test_inbox_lists_conversations_with_unread_counts(client, user):
    bob, carol = UserFactory(username="bob"), UserFactory(username="carol")
    chat_message_send(sender_id=bob.pk, to=user.pk, content="hi")
    chat_message_send(sender_id=bob.pk, to=user.pk, content="still there?")
    chat_message_send(sender_id=user.pk, to=carol.pk, content="hello carol")
    client.force_login(user)
    response = client.get("/inbox/")
    rows = response.context["rows"]
    assert [(r["user"], r["unread"]) for r in rows] == [(carol, 0), (bob, 2)]
    html = response.content.decode()
    assert 'data-count="2"' in html  # the header badge


def test_opening_a_thread_reads_it_and_shows_it_oldest_first(client, user, other_user):
    chat_message_send(sender_id=other_user.pk, to=user.pk, content="first")
    chat_message_send(sender_id=user.pk, to=other_user.pk, content="second")
    client.force_login(user)
    response = client.get(f"/inbox/{other_user.pk}/")
    assert [m.content for m in response.context["history"]] == ["first", "second"]
    assert not Message.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert 'data-count="0"' in response.content.decode()


def test_thread_form_sends_without_javascript(client, user, other_user):
    client.force_login(user)
    response = client.post(f"/inbox/{other_user.pk}/", {"content": "are you there?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.sender, message.recipient, message.content, message.type) == (user, other_user, "are you there?", "chat")


def test_thread_form_errors_change_nothing(client, user):
    client.force_login(user)
    response = client.post(f"/inbox/{user.pk}/", {"content": "talking to myself"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == ["You cannot send a message to yourself."]
    assert not Message.objects.exists()
    assert client.post(f"/inbox/{user.pk}/", {"content": "   "}).status_code == 200
    assert not Message.objects.exists()


def test_thread_with_unknown_user_is_404(client, user):
    client.force_login(user)
    assert client.get("/inbox/999999/").status_code == 404


def test_inbox_query_budget_does_not_grow_with_rows(client, user):
    client.force_login(user)
    chat_message_send(sender_id=UserFactory().pk, to=user.pk, content="x")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/inbox/").status_code == 200
    for _n in range(12):
        other = UserFactory()
        chat_message_send(sender_id=other.pk, to=user.pk, content="hello")
        chat_message_send(sender_id=user.pk, to=other.pk, content="hi back")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/inbox/").status_code == 200
    assert len(few) == len(many) == INBOX_QUERIES
