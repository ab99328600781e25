"""The notification centre: every notice newest first in the reader's language, unread marked and counted by
the header badge, opening one reads it and leads to its subject; chats stay in the inbox."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from chat.models import Message
from chat.notices import notice_render, notice_text
from chat.services import chat_message_send, system_notice_send
from merchants.services.merchants import merchant_approve, merchant_register
from tests.factories import UserFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db

REGISTER = {"business_name": "Green Farm", "merchant_type": "farm", "contact_person": "Li",
            "contact_phone": "13800000000"}


@pytest.fixture(autouse=True)
def _no_chat_rate_limit(settings):
    settings.WS_RATE_LIMIT = 10_000


def _merchant_story(user):
    merchant = merchant_register(user=user, data=REGISTER)
    merchant_approve(merchant_id=merchant.pk, actor=staff_user("merchant_reviewer"))
    return merchant


def test_notices_are_listed_newest_first_unread_marked_and_counted(client, user):
    _merchant_story(user)
    chat_message_send(sender_id=UserFactory().pk, to=user.pk, content="a chat, not a notice")
    client.force_login(user)
    response = client.get("/notifications/")
    html = response.content.decode()
    texts = [row["text"] for row in response.context["rows"]]
    assert texts == [
        'Your merchant account "Green Farm" was approved; you can start selling.',
        'Your merchant application "Green Farm" was received and is waiting for review.',
    ]
    assert html.count('data-unread="1"') == 2
    assert 'id="notice-badge" data-count="2"' in html
    assert 'id="unread-badge" data-count="1"' in html  # the chat counts in the inbox badge
    assert "a chat, not a notice" not in html
    assert 'href="/notifications/"' in client.get("/").content.decode()  # the header links the centre


def test_opening_a_notice_reads_it_and_leads_to_its_subject(client, user):
    _merchant_story(user)
    notice = Message.objects.filter(recipient=user, type=Message.Type.SYSTEM).latest("id")
    client.force_login(user)
    response = client.get(f"/notifications/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/merchant/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    html = client.get("/notifications/").content.decode()
    assert 'id="notice-badge" data-count="1"' in html and html.count('data-unread="1"') == 1
    client.post("/notifications/read/")
    assert 'id="notice-badge" data-count="0"' in client.get("/notifications/").content.decode()


def test_someone_elses_notice_is_not_found(client, user, other_user):
    notice = system_notice_send(recipient_id=other_user.pk, content="private")
    client.force_login(user)
    assert client.get(f"/notifications/{notice.pk}/").status_code == 404


def test_a_notice_is_rendered_in_the_readers_language_and_keeps_its_stored_text(client, user):
    with translation.override("zh-hans"):
        merchant_register(user=user, data=REGISTER)
    notice = Message.objects.get(recipient=user)
    assert notice.data["msg"]["key"].startswith("Your merchant application")
    assert "Green Farm" in notice.content and "Your merchant" not in notice.content  # written in Chinese
    with translation.override("en"):
        assert notice_render(notice).startswith('Your merchant application "Green Farm"')
    client.force_login(user)
    english = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your merchant application &quot;Green Farm&quot; was received" in english


def test_translatable_parameters_are_translated_when_read():
    text = notice_text(gettext_noop("Order %(no)s is now %(state)s."), no="A1", state=Message._meta.verbose_name)
    stored = Message(content=str(text), data={"msg": text.stored()})
    with translation.override("zh-hans"):
        chinese = notice_render(stored)
    assert "A1" in chinese and "message" not in chinese
    with translation.override("en"):
        assert notice_render(stored) == "Order A1 is now message."
