"""Issue 13.8 / 19: the caller's trades through TradeFilter — repeated `state` means any of (marks too), the
role filter, the cursor, and a pinned query count."""

import pytest

from tests.factories import UserFactory
from tests.factories.marketplace import TradeFactory

pytestmark = pytest.mark.django_db


def ids(client, query):
    response = client.get(f"/api/v1/trades{query}")
    assert response.status_code == 200, response.json()
    return response.json()["data"]


def test_state_role_and_cursor(client_for):
    me = UserFactory()
    bought = [TradeFactory(buyer=me) for _ in range(3)]
    TradeFactory.create_batch(2)  # others'
    sold = TradeFactory(item__seller=me, state="cancelled", cancel_reason="seller_rejected")
    client = client_for(me)
    assert {t["id"] for t in ids(client, "?state=pending&state=cancelled")["list"]} == {*(t.pk for t in bought), sold.pk}
    assert {t["id"] for t in ids(client, "?state=inactive")["list"]} == {sold.pk}
    assert {t["id"] for t in ids(client, "?role=seller")["list"]} == {sold.pk}
    assert client.get("/api/v1/trades?state=pending&state=lost").status_code == 400
    assert client.get("/api/v1/trades?role=thief").status_code == 400
    first = ids(client, "?size=2")
    rest = ids(client, f"?size=2&cursor={first['pagination']['next']}")
    assert [t["id"] for t in first["list"] + rest["list"]] == [sold.pk, *(t.pk for t in reversed(bought))]


def test_trade_list_query_count(client_for, django_assert_max_num_queries):
    me = UserFactory()
    TradeFactory.create_batch(5, buyer=me)
    client = client_for(me)
    client.get("/api/v1/trades")
    with django_assert_max_num_queries(4):  # user, count, page with items; no per-row query
        assert len(ids(client, "?state=pending,active")["list"]) == 5
