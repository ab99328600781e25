"""Messages REST API (DESIGN §4): history, send, conversations, fetchnew/fetchall, read."""

import pytest

from chat.models import Message
from tests.factories import UserFactory
from tests.factories.chat import MessageFactory

pytestmark = pytest.mark.django_db

MESSAGE_KEYS = {"id", "type", "from", "to", "content", "data", "order", "item", "trade", "fetched", "read_at",
                "created_at"}


def test_post_message_answers_201_with_the_message_shape(user_api, user, other_user):
    response = user_api.post("/api/v1/messages", {"to": other_user.pk, "content": "hello"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["code"] == 0 and body["message"] == "success"
    data = body["data"]
    assert MESSAGE_KEYS <= set(data)
    assert data["from"] == user.pk and data["to"] == other_user.pk and data["type"] == "chat"
    assert Message.objects.get().pk == data["id"]


def test_post_message_to_a_username(user_api, other_user):
    response = user_api.post("/api/v1/messages", {"to": other_user.username, "content": "hi"}, format="json")
    assert response.status_code == 201 and response.json()["data"]["to"] == other_user.pk


@pytest.mark.parametrize("body", [{"content": "hi"}, {"to": "self", "content": "hi"}, {"to": "other", "content": ""},
                                  {"to": "other", "content": "x" * 2001}, {"to": "nobody-at-all", "content": "hi"},
                                  {"to": "99999999999999999999999", "content": "hi"}, {"to": "²", "content": "hi"},
                                  {"to": "other", "content": "hi", "item": 10**20}])
def test_post_message_bad_input_is_400_and_stores_nothing(user_api, user, other_user, body):
    body = {**body}
    if "to" in body:
        body["to"] = {"self": user.pk, "other": other_user.pk}.get(body["to"], body["to"])
    response = user_api.post("/api/v1/messages", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == 400 and response.json()["data"]
    assert not Message.objects.exists()


def test_post_message_past_the_rate_limit_is_429(user_api, other_user, settings):
    settings.WS_RATE_LIMIT = 2
    codes = [user_api.post("/api/v1/messages", {"to": other_user.pk, "content": "x"}, format="json").status_code
             for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Message.objects.count() == 2


def test_messages_need_authentication(api):
    assert api.get("/api/v1/messages").status_code == 401
    assert api.post("/api/v1/messages/fetchnew").status_code == 401
    assert api.get("/api/v1/conversations").status_code == 401


def test_history_is_newest_first_and_pages_back_with_before(user_api, user, other_user):
    ids = [MessageFactory(sender=user if n % 2 else other_user, recipient=other_user if n % 2 else user).pk
           for n in range(5)]
    MessageFactory(sender=UserFactory(), recipient=user)  # another conversation
    page = user_api.get(f"/api/v1/messages?with={other_user.pk}&size=3").json()["data"]
    assert [m["id"] for m in page["list"]] == ids[::-1][:3]
    assert page["pagination"]["total"] == 5
    older = user_api.get(f"/api/v1/messages?with={other_user.username}&size=3&before={ids[2]}").json()["data"]
    assert [m["id"] for m in older["list"]] == [ids[1], ids[0]]


def test_history_never_shows_other_peoples_conversations(client_for, user, other_user):
    third = UserFactory()
    MessageFactory(sender=user, recipient=other_user, content="private")
    snoop = client_for(third)
    response = snoop.get(f"/api/v1/messages?with={other_user.pk}")
    assert response.status_code == 200 and response.json()["data"]["list"] == []
    assert snoop.get("/api/v1/messages").json()["data"]["list"] == []
    assert snoop.get("/api/v1/messages?with=no-such-user").status_code == 404
    assert snoop.get("/api/v1/messages?before=abc").status_code == 400
    assert snoop.get(f"/api/v1/messages?before={10**20}").status_code == 400
    assert snoop.get(f"/api/v1/messages?with={10**20}").status_code == 404


def test_history_by_order(user_api, client_for, user, other_user):
    from merchants.models import Merchant
    from orders.models import Order

    merchant = Merchant.objects.create(user=other_user, business_name="shop")
    order = Order.objects.create(order_no="ORD202611210009", kind="exchange", buyer=user, merchant=merchant)
    about = MessageFactory(sender=user, recipient=other_user, order=order)
    MessageFactory(sender=user, recipient=other_user)
    for key in (order.pk, order.order_no):
        data = user_api.get(f"/api/v1/messages?order={key}").json()["data"]
        assert [m["id"] for m in data["list"]] == [about.pk]
        assert data["list"][0]["order"] == str(order.pk)
    assert user_api.get("/api/v1/messages?order=ORD-NOPE").status_code == 404
    outsider = client_for(UserFactory())
    assert outsider.get(f"/api/v1/messages?order={order.pk}").status_code == 404
    assert outsider.get(f"/api/v1/messages?order={order.order_no}").status_code == 404


def test_fetchnew_returns_unfetched_oldest_first_once(user_api, user, other_user):
    first = MessageFactory(recipient=user, sender=None, type="system", data={"itemid": 2})
    second = MessageFactory(recipient=user, sender=other_user)
    MessageFactory(recipient=other_user, sender=user)
    data = user_api.post("/api/v1/messages/fetchnew").json()["data"]
    assert [m["id"] for m in data["list"]] == [first.pk, second.pk]
    assert all(m["fetched"] for m in data["list"])
    assert data["list"][0]["data"] == {"itemid": 2} and data["list"][0]["from"] is None
    assert data["pagination"]["total"] == 2
    assert user_api.post("/api/v1/messages/fetchnew").json()["data"]["list"] == []
    assert Message.objects.filter(recipient=user, fetched=False).count() == 0


def test_fetchnew_size_bounds_the_batch(user_api, user):
    ids = [MessageFactory(recipient=user).pk for _ in range(3)]
    data = user_api.post("/api/v1/messages/fetchnew?size=2").json()["data"]
    assert [m["id"] for m in data["list"]] == ids[:2] and data["pagination"]["total"] == 3
    assert user_api.post("/api/v1/messages/fetchnew?size=zero").status_code == 400


def test_fetchnew_size_documents_its_minimum(user_api):
    """Issue 17 (fuzz): `size=0` is refused, so the schema says `minimum: 1`; a size over 100 is read as 100."""
    from drf_spectacular.generators import SchemaGenerator

    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/messages/fetchnew"]["post"]
    size = next(p for p in operation["parameters"] if p["name"] == "size")
    assert size["schema"] == {"type": "integer", "minimum": 1}
    assert user_api.post("/api/v1/messages/fetchnew?size=0").status_code == 400
    assert user_api.post("/api/v1/messages/fetchnew?size=1").status_code == 200
    assert user_api.post("/api/v1/messages/fetchnew?size=1000").json()["data"]["pagination"]["size"] == 100


def test_fetchall_lists_everything_sent_to_me_and_changes_nothing(user_api, user, other_user):
    ids = [MessageFactory(recipient=user, fetched=n == 0).pk for n in range(3)]
    MessageFactory(recipient=other_user, sender=user)
    data = user_api.get("/api/v1/messages/fetchall").json()["data"]
    assert [m["id"] for m in data["list"]] == ids
    assert data["pagination"] == {"page": 1, "size": 10, "total": 3}
    assert Message.objects.filter(recipient=user, fetched=False).count() == 2


def test_read_by_ids_and_by_conversation(user_api, user, other_user):
    third = UserFactory()
    a, b = MessageFactory(recipient=user, sender=other_user), MessageFactory(recipient=user, sender=other_user)
    c = MessageFactory(recipient=user, sender=third)
    foreign = MessageFactory(recipient=other_user, sender=third)
    response = user_api.post("/api/v1/messages/read", {"ids": [a.pk, foreign.pk]}, format="json")
    assert response.status_code == 200 and response.json()["data"] == {"updated": 1}
    assert user_api.post("/api/v1/messages/read", {"with": other_user.pk}, format="json").json()["data"] == {
        "updated": 1
    }
    assert Message.objects.get(pk=b.pk).read_at is not None
    assert Message.objects.get(pk=c.pk).read_at is None
    assert Message.objects.get(pk=foreign.pk).read_at is None
    assert user_api.post("/api/v1/messages/read", {}, format="json").status_code == 400
    assert user_api.post("/api/v1/messages/read", {"ids": ["x"]}, format="json").status_code == 400
    assert user_api.post("/api/v1/messages/read", {"ids": [10**20]}, format="json").status_code == 400


def test_conversations_list_other_user_last_message_and_unread(user_api, user, other_user):
    third = UserFactory()
    MessageFactory(sender=other_user, recipient=user)
    MessageFactory(sender=other_user, recipient=user)
    last_with_other = MessageFactory(sender=user, recipient=other_user, content="latest to other")
    last_with_third = MessageFactory(sender=third, recipient=user, content="from third", read_at="2026-01-01T00:00Z")
    MessageFactory(sender=None, recipient=user, type="system")  # not a conversation
    MessageFactory(sender=other_user, recipient=third)  # not mine
    data = user_api.get("/api/v1/conversations").json()["data"]
    assert data["pagination"]["total"] == 2
    rows = data["list"]
    assert [row["user"]["id"] for row in rows] == [third.pk, other_user.pk]
    assert rows[0]["last_message"]["id"] == last_with_third.pk and rows[0]["unread"] == 0
    assert rows[1]["last_message"]["id"] == last_with_other.pk and rows[1]["unread"] == 2
    assert rows[1]["user"]["username"] == other_user.username


def test_conversations_query_count_does_not_grow_with_people(user_api, user, django_assert_max_num_queries):
    for _ in range(15):
        peer = UserFactory()
        MessageFactory(sender=peer, recipient=user)
        MessageFactory(sender=user, recipient=peer)
    # auth user + count + page + users + last messages
    with django_assert_max_num_queries(5):
        response = user_api.get("/api/v1/conversations?size=20")
    assert len(response.json()["data"]["list"]) == 15


def test_history_query_count_is_bounded(user_api, user, other_user, django_assert_max_num_queries):
    for _ in range(20):
        MessageFactory(sender=other_user, recipient=user)
    # auth user + `with` is an id (no lookup) + count + page
    with django_assert_max_num_queries(3):
        response = user_api.get(f"/api/v1/messages?with={other_user.pk}&size=20")
    assert len(response.json()["data"]["list"]) == 20


def test_fetchnew_query_count_does_not_grow_with_messages(user_api, user, django_assert_max_num_queries):
    for _ in range(30):
        MessageFactory(recipient=user)
    # auth user + count + lock ids + update + read rows, and the savepoint pair the test transaction adds
    with django_assert_max_num_queries(7):
        response = user_api.post("/api/v1/messages/fetchnew")
    assert len(response.json()["data"]["list"]) == 30
