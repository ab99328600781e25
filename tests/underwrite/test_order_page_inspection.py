"""Issue 16: the plan order's page shows the inspection appointment, then the result, to its buyer."""

from decimal import Decimal

import pytest

from tests.factories.orders import PromotionFactory
from tests.orders.conftest import SEED_PLANS, seed_catalog, seed_uuid  # noqa: F401 - seed_catalog is a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_catalog")]


def test_order_page_shows_the_appointment_and_the_result(user, user_api, client, client_for, operator, reviewer):
    promotion = PromotionFactory(discount=Decimal("500.00"))
    placed = user_api.post("/api/v1/orders/plan", {
        "vid": seed_uuid(0), "plans": SEED_PLANS, "qid": seed_uuid(0), "pmid": str(promotion.pk),
        "service_ratio": "0", "summary": 6000, "payment": "5500.00", "expect_at": "2030-01-01T00:00:00Z"},
        format="json")
    order_id, order_no = placed.json()["data"]["id"], placed.json()["data"]["order_no"]
    client.force_login(user)
    assert "An inspector will set the appointment" in client.get(f"/orders/{order_id}/").content.decode()
    created = client_for(operator).post("/api/v1/underwrites", {
        "oid": order_no, "plan_time": "2029-12-20T02:00:00Z", "validate_place": "东方银座"}, format="json")
    uwid = created.json()["data"]["id"]
    html = client.get(f"/orders/{order_id}/").content.decode()
    assert "东方银座" in html and "not yet" in html and "Underwriting started" in html
    client_for(operator).post(f"/api/v1/underwrites/{uwid}/fill", {"real_place": "东直门", "certificate_state": 2},
                              format="json")
    client_for(reviewer).post(f"/api/v1/underwrites/{uwid}/result", {"underwrite_result": "通过"}, format="json")
    html = client.get(f"/orders/{order_id}/").content.decode()
    assert 'data-testid="inspection-result">passed<' in html and "Promotion " in html
