"""List endpoints of the community area read a page in a fixed number of queries, whatever its length."""

import pytest
from django.utils import timezone

from community.models import ActivityRegistration, AnimalClaim
from orders.models import Order, Review
from tests.factories import UserFactory
from tests.factories.community import ActivityFactory, AnimalFactory, MerchantFactory, TravelPlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 12])
def test_activity_list_queries_do_not_grow(api, django_assert_max_num_queries, rows):
    for activity in ActivityFactory.create_batch(rows):
        ActivityRegistration.objects.create(activity=activity, user=UserFactory())
    with django_assert_max_num_queries(2):
        body = api.get("/api/v1/activities?size=20").json()["data"]
    assert len(body["list"]) == rows and all(row["places_taken"] == 1 for row in body["list"])


@pytest.mark.parametrize("rows", [2, 12])
def test_claim_list_queries_do_not_grow(user, user_api, django_assert_max_num_queries, rows):
    now = timezone.now()
    for animal in AnimalFactory.create_batch(rows):
        AnimalClaim.objects.create(user=user, animal=animal, price_paid=1, claimed_at=now, ends_at=now)
    with django_assert_max_num_queries(3):
        assert len(user_api.get("/api/v1/animals/claims?size=20").json()["data"]["list"]) == rows


@pytest.mark.parametrize("rows", [2, 12])
def test_review_list_queries_do_not_grow(api, django_assert_max_num_queries, rows):
    merchant = MerchantFactory()
    for i in range(rows):
        buyer = UserFactory()
        order = Order.objects.create(kind="product", state="completed", buyer=buyer, merchant=merchant,
                                     order_no=f"ORD2026010{rows}{i:04d}", summary=1, payment=1)
        Review.objects.create(user=buyer, merchant=merchant, order=order, rating=5)
    with django_assert_max_num_queries(2):
        assert len(api.get(f"/api/v1/reviews?merchant={merchant.pk}&size=20").json()["data"]["list"]) == rows


@pytest.mark.parametrize("rows", [2, 12])
def test_plan_list_queries_do_not_grow(user, user_api, django_assert_max_num_queries, rows):
    TravelPlanFactory.create_batch(rows, user=user)
    with django_assert_max_num_queries(3):
        assert len(user_api.get("/api/v1/travels/plans?size=20").json()["data"]["list"]) == rows
