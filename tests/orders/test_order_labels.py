"""REST order labels follow Accept-Language (DESIGN §9 "Labels"); the model keeps the seed's Chinese label
for JSON-RPC and the cache."""

from decimal import Decimal

import pytest

from orders import services
from tests.factories.orders import ProductFactory

pytestmark = pytest.mark.django_db


def test_state_label_follows_accept_language(user, client_for):
    # The list comes from the order cache when REDIS_URL is set, from the database otherwise.
    product = ProductFactory(price=Decimal("5.00"))
    order = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    api = client_for(user)
    for language, label in (("en", "pending payment"), ("zh-hans", "待支付")):
        detail = api.get(f"/api/v1/orders/{order.pk}", HTTP_ACCEPT_LANGUAGE=language).json()["data"]
        assert detail["state_label"] == label
        rows = api.get("/api/v1/orders", HTTP_ACCEPT_LANGUAGE=language).json()["data"]
        rows = rows.get("results", rows.get("list", rows)) if isinstance(rows, dict) else rows
        assert [row["state_label"] for row in rows] == [label]
    assert order.state_label == "待支付"
