"""Issue 19: the product and animal lists build their rows from `values()` (no serializer per row); each row is
what the detail serializer gives, and the query count does not grow with the rows."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from community.api import AnimalOutput
from merchants.api.products import ProductOutput
from tests.factories.community import AnimalFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory

pytestmark = pytest.mark.django_db


def no_serializer(self, instance):
    raise AssertionError(f"{type(self).__name__} ran for a list row: the list should build rows from values()")


def rows(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.json()
    return response.json()["data"]["list"]


def test_product_rows_are_the_serializer_rows(monkeypatch):
    product = ProductFactory(price=Decimal("9.5"), description="d", category="flowers", image_url="/x.png")
    expected = dict(ProductOutput(product).data)
    with monkeypatch.context() as patch:
        patch.setattr(ProductOutput, "to_representation", no_serializer)
        [row] = rows(APIClient(), "/api/v1/products")
    assert row == expected
    assert row["price"] == "9.50" and row["created_at"].endswith("Z")


def test_animal_rows_are_the_serializer_rows(monkeypatch):
    animal = AnimalFactory(price=Decimal("1000"), birth_date=date(2020, 1, 2))
    AnimalFactory(birth_date=None)
    expected = dict(AnimalOutput(animal).data)
    with monkeypatch.context() as patch:
        patch.setattr(AnimalOutput, "to_representation", no_serializer)
        listed = rows(APIClient(), "/api/v1/animals")
    assert listed[1] == expected
    assert listed[1]["birth_date"] == "2020-01-02" and listed[0]["birth_date"] is None


@pytest.mark.parametrize("count", [3, 15])
def test_public_lists_cost_two_queries_at_any_size(count, django_assert_num_queries):
    merchant = ApprovedMerchantFactory()
    ProductFactory.create_batch(count, merchant=merchant)
    AnimalFactory.create_batch(count)
    client = APIClient()
    with django_assert_num_queries(2):  # count + page
        assert len(rows(client, "/api/v1/products?size=20")) == count
    with django_assert_num_queries(2):
        assert len(rows(client, "/api/v1/animals?size=20")) == count


@pytest.mark.parametrize("count", [3, 15])
def test_merchant_products_cost_four_queries_at_any_size(count, client_for, django_assert_num_queries):
    merchant = ApprovedMerchantFactory()
    ProductFactory.create_batch(count, merchant=merchant)
    client = client_for(merchant.user)
    with django_assert_num_queries(4):  # caller, merchant profile, count, page
        assert len(rows(client, "/api/v1/merchants/products?size=20")) == count
