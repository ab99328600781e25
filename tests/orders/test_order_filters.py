"""Issue 13 item 8: the orders app's other lists filter through FilterSets in its selectors: a merchant's
orders by `status` (any of), reviews by `merchant`, quotations by `vehicle`, and the "my orders" page through
OrderFilter like the API; a bad value is a 400 envelope, and filtering adds no query."""

from decimal import Decimal

import pytest

from orders.models import Order, Review
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, QuotationFactory, VehicleFactory
from tests.lists import assert_bad_filter, assert_filters_add_no_query, ids

pytestmark = pytest.mark.django_db

_numbers = iter(range(1, 10_000))


def _order(merchant, state="paid", buyer=None):
    return Order.objects.create(kind="product", state=state, buyer=buyer or UserFactory(), merchant=merchant,
                                order_no=f"ORD20261204{next(_numbers):05d}", summary=Decimal(1), payment=Decimal(1))


def test_merchant_order_filters(client_for):
    merchant = ApprovedMerchantFactory()
    paid, completed = _order(merchant), _order(merchant, "completed")
    _order(ApprovedMerchantFactory())
    client = client_for(merchant.user)
    url = "/api/v1/merchants/orders"
    assert ids(client, url) == sorted([str(paid.pk), str(completed.pk)])
    assert ids(client, f"{url}?status=completed") == [str(completed.pk)]
    assert ids(client, f"{url}?status=paid&status=completed") == sorted([str(paid.pk), str(completed.pk)])
    assert ids(client, f"{url}?status=cancelled") == []
    assert_bad_filter(client, f"{url}?status=paid,lost", "status")
    assert_filters_add_no_query(client, url, "status=paid")


def test_review_filters(api):
    shop, other = ApprovedMerchantFactory(), ApprovedMerchantFactory()
    reviews = []
    for merchant in (shop, other):
        order = _order(merchant, "completed")
        reviews.append(Review.objects.create(user=order.buyer, merchant=merchant, order=order, rating=5).pk)
    assert ids(api, "/api/v1/reviews") == sorted(reviews)
    assert ids(api, f"/api/v1/reviews?merchant={shop.pk}") == [reviews[0]]
    assert ids(api, "/api/v1/reviews?merchant=999999") == []
    assert_bad_filter(api, "/api/v1/reviews?merchant=shop", "merchant")
    assert_filters_add_no_query(api, "/api/v1/reviews", f"merchant={shop.pk}")


def test_quotation_filters(user, user_api):
    car, van = VehicleFactory(owner=user), VehicleFactory(owner=user)
    on_car, on_van = QuotationFactory(vehicle=car), QuotationFactory(vehicle=van)
    QuotationFactory()  # another owner's
    response = user_api.get("/api/v1/quotations")
    assert sorted(q["id"] for q in response.json()["data"]) == sorted([str(on_car.pk), str(on_van.pk)])
    only_car = user_api.get(f"/api/v1/quotations?vehicle={car.pk}").json()["data"]
    assert [q["id"] for q in only_car] == [str(on_car.pk)]
    assert_bad_filter(user_api, "/api/v1/quotations?vehicle=car", "vehicle")


def test_my_orders_page_filters_like_the_api(client, user):
    merchant = ApprovedMerchantFactory()
    paid, completed = _order(merchant, buyer=user), _order(merchant, "completed", buyer=user)
    client.force_login(user)
    assert [o.pk for o in client.get("/orders/?state=completed").context["orders"]] == [completed.pk]
    assert {o.pk for o in client.get("/orders/?role=buyer&state=paid,completed").context["orders"]} == {
        paid.pk, completed.pk}
    assert client.get("/orders/?role=thief").status_code == 400
