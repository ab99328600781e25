"""Messages in the admin: staff can browse and search them; nobody can add or edit one there."""

import pytest

from tests.factories import UserFactory
from tests.factories.chat import MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_changelist_lists_and_searches_messages_with_bounded_queries(admin_client, django_assert_max_num_queries):
    for n in range(15):
        MessageFactory(content=f"hello {n}")
    MessageFactory(content="needle in a haystack")
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/chat/message/")
    assert response.status_code == 200 and b"hello 3" in response.content
    found = admin_client.get("/admin/chat/message/?q=needle")
    assert b"needle in a haystack" in found.content and b"hello 3" not in found.content


def test_messages_cannot_be_added_or_changed_in_the_admin(admin_client):
    message = MessageFactory(content="original")
    assert admin_client.get("/admin/chat/message/add/").status_code == 403
    admin_client.post(f"/admin/chat/message/{message.pk}/change/", {"content": "rewritten"})
    message.refresh_from_db()
    assert message.content == "original"
