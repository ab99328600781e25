"""Reviews: one per completed order by its buyer; the merchant's rating stays exact (seed 004 `reviews`)."""

from decimal import Decimal

import pytest

from chat.models import Message
from orders.models import Order, Review
from tests.factories import UserFactory
from tests.factories.community import MerchantFactory

pytestmark = pytest.mark.django_db

_numbers = iter(range(1, 10_000))


def completed_order(*, buyer, merchant, state="completed"):
    return Order.objects.create(kind="product", state=state, buyer=buyer, merchant=merchant,
                                order_no=f"ORD20230901{next(_numbers):04d}", summary=10, payment=10)


def test_buyer_reviews_a_completed_order_and_the_rating_is_kept(user, user_api):
    merchant = MerchantFactory()
    order = completed_order(buyer=user, merchant=merchant)
    response = user_api.post("/api/v1/reviews", {"order_id": str(order.pk), "rating": 4, "comment": "很好"})
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["rating"] == 4 and data["merchant_id"] == merchant.pk and data["order_id"] == str(order.pk)
    merchant.refresh_from_db()
    assert merchant.rating_count == 1 and merchant.rating_avg == Decimal("4.00")
    assert Message.objects.filter(recipient=merchant.user, data__review_id=data["id"]).exists()

    second = completed_order(buyer=user, merchant=merchant)
    third = completed_order(buyer=user, merchant=merchant)
    user_api.post("/api/v1/reviews", {"order_id": second.order_no, "rating": 5})
    user_api.post("/api/v1/reviews", {"order_id": str(third.pk), "rating": 5})
    merchant.refresh_from_db()
    assert merchant.rating_count == 3 and merchant.rating_avg == Decimal("4.67")


def test_one_review_per_order(user, user_api):
    order = completed_order(buyer=user, merchant=MerchantFactory())
    assert user_api.post("/api/v1/reviews", {"order_id": str(order.pk), "rating": 5}).status_code == 201
    assert user_api.post("/api/v1/reviews", {"order_id": str(order.pk), "rating": 1}).status_code == 409
    assert Review.objects.count() == 1
    order.merchant.refresh_from_db()
    assert order.merchant.rating_avg == Decimal("5.00")


@pytest.mark.parametrize("rating", [0, 6, "x"])
def test_rating_outside_1_to_5_is_400(user, user_api, rating):
    order = completed_order(buyer=user, merchant=MerchantFactory())
    response = user_api.post("/api/v1/reviews", {"order_id": str(order.pk), "rating": rating})
    assert response.status_code == 400 and "rating" in response.json()["data"]
    assert not Review.objects.exists()


def test_only_the_buyer_of_a_completed_order_reviews(user, user_api, client_for):
    merchant = MerchantFactory()
    paid = completed_order(buyer=user, merchant=merchant, state="paid")
    response = user_api.post("/api/v1/reviews", {"order_id": str(paid.pk), "rating": 5})
    assert response.status_code == 409 and "paid" in response.json()["message"]
    completed = completed_order(buyer=user, merchant=merchant)
    assert client_for(UserFactory()).post("/api/v1/reviews", {"order_id": str(completed.pk), "rating": 5}).status_code == 404
    assert user_api.post("/api/v1/reviews", {"order_id": "ORD-NOPE", "rating": 5}).status_code == 404
    assert not Review.objects.exists()


def test_reviews_are_listed_by_merchant(user, user_api, api):
    merchant, other = MerchantFactory(), MerchantFactory()
    user_api.post("/api/v1/reviews", {"order_id": str(completed_order(buyer=user, merchant=merchant).pk), "rating": 3})
    user_api.post("/api/v1/reviews", {"order_id": str(completed_order(buyer=user, merchant=other).pk), "rating": 5})
    body = api.get(f"/api/v1/reviews?merchant={merchant.pk}").json()["data"]
    assert body["pagination"]["total"] == 1 and body["list"][0]["rating"] == 3
    assert api.get("/api/v1/reviews").json()["data"]["pagination"]["total"] == 2
