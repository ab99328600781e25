"""Issue 17 finding 5: with Redis down nothing answers 500 (chat send, token, order list, order placing,
trades), /healthz says 503, and the order cache is not left stale when Redis returns with its old data."""

import os
import shutil
from decimal import Decimal

import pytest
from django.test import override_settings

from bench.redis_server import RedisServer
from orders import cache as order_cache
from orders.models import Order
from tests.conftest import access_token_for
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.marketplace import ItemFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]
# Ports 8390-8399 of this checkout's range, one per xdist worker.
PORT = 8390 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % 10


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(PORT, tmp_path)
    server.start()
    caches = {"default": {"BACKEND": "common.cache.TolerantRedisCache", "LOCATION": server.url, "KEY_PREFIX": "outage",
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    layers = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                          "CONFIG": {"hosts": [server.url], "prefix": "outage"}}}
    with override_settings(REDIS_URL=server.url, CACHES=caches, CHANNEL_LAYERS=layers, REDIS_SOCKET_TIMEOUT=0.5):
        order_cache._client = None
        yield server
        server.stop()
    order_cache._client = None


def _auth(api, user):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    return api


def _orders(api):
    response = api.get("/api/v1/orders?size=100")
    assert response.status_code == 200
    return response.json()["data"]["pagination"]


def test_redis_down_answers_no_5xx_and_the_cache_is_repaired(redis_server, api):
    buyer, friend, seller = UserFactory(), UserFactory(), UserFactory()
    product = ProductFactory(merchant=ApprovedMerchantFactory(), price=Decimal("5.00"))
    item = ItemFactory(seller=seller)
    _auth(api, buyer)

    def place():
        return api.post("/api/v1/orders/product", {"items": [{"product": product.pk, "quantity": 1}]}, format="json")

    assert place().status_code == 201
    before = _orders(api)
    assert before["total"] == 1  # the user's set is cached now

    redis_server.stop()
    answers = {
        "message": api.post("/api/v1/messages", {"to": friend.pk, "content": "hello"}, format="json"),
        "order": place(),
        "orders": api.get("/api/v1/orders"),
        "trade": api.post("/api/v1/trades", {"item": item.pk}, format="json"),
        "token": api.post("/api/v1/auth/token", {"username": buyer.username, "password": TEST_PASSWORD},
                          format="json"),
    }
    assert {name: a.status_code for name, a in answers.items()} == {
        "message": 201, "order": 201, "orders": 200, "trade": 201, "token": 200}
    assert _orders(api)["total"] == 2  # from the database
    assert api.get("/healthz").status_code == 503

    redis_server.start()  # back with its old data: the user's set lacks the order placed meanwhile
    assert api.get("/healthz").status_code == 200
    after = _orders(api)
    assert after["total"] == Order.objects.filter(buyer=buyer).count() == 2
    assert order_cache.order_list_cached(user_id=buyer.pk, offset=0, size=100)[1] == 2
