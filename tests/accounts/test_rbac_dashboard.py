"""The staff dashboard (data:view): counts by API and on an admin page, in a fixed number of queries."""

import pytest
from django.test import Client

from marketplace.models import Item, Trade
from tests.factories import UserFactory
from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, staff_user

pytestmark = pytest.mark.django_db


def seed_counts():
    MerchantFactory(), MerchantFactory(), MerchantFactory(status="approved")
    MerchantApplicationFactory()
    seller, buyer = UserFactory(), UserFactory()
    item = Item.objects.create(seller=seller, title="Lamp", price="5.00")
    Trade.objects.create(item=item, buyer=buyer, seller=seller)


def test_dashboard_api_counts(client_for, django_assert_num_queries):
    seed_counts()
    client = client_for(staff_user("admin"))
    # user lookup, its user and group permissions (3) + users, merchants, orders, trades, applications, cases (6)
    with django_assert_num_queries(9):
        data = client.get("/api/v1/admin/dashboard").json()["data"]
    assert data["merchants_pending"] == 2
    assert data["merchants"]["approved"] == 1
    assert data["applications_pending"] == 1
    assert data["open_trades"] == 1
    assert data["users"]["staff"] == 1
    assert set(data["orders_by_state"]) >= {"placed", "paid", "cancelled"}


def test_dashboard_admin_page_needs_data_view():
    seed_counts()
    viewer = Client()
    viewer.force_login(staff_user("admin"))
    page = viewer.get("/admin/accounts/dashboard/")
    assert page.status_code == 200
    assert page.context["counts"]["merchants_pending"] == 2
    assert b'id="open-trades">1<' in page.content
    outsider = Client()
    outsider.force_login(staff_user("merchant_reviewer"))
    assert outsider.get("/admin/accounts/dashboard/").status_code == 403
