"""Issue 19 / 13.8: the public item list — lean rows equal the detail serializer's, repeated filters mean any
of, the cursor walks every order, large totals are cached, and the query count stays pinned."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from common import pagination
from marketplace.models import ItemImage
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def listed(query=""):
    response = APIClient().get(f"/api/v1/items{query}")
    assert response.status_code == 200, response.json()
    return response.json()["data"]


def test_lean_rows_are_the_detail_rows():
    item = ItemFactory(price=Decimal("9.5"), note="note", category="books")
    ItemImage.objects.create(item=item, image="items/a.png")
    ItemImage.objects.create(item=item, image="items/b.png")
    [row] = listed()["list"]
    assert row == APIClient().get(f"/api/v1/items/{item.pk}").json()["data"]
    assert row["price"] == "9.50" and row["images"][1].endswith("/items/b.png")


def test_repeated_params_mean_any_of():
    books, home, sports = (ItemFactory(category=c) for c in ("books", "home", "sports"))
    assert {i["id"] for i in listed("?category=books&category=home")["list"]} == {books.pk, home.pk}
    assert {i["id"] for i in listed("?category=books,sports")["list"]} == {books.pk, sports.pk}
    assert {i["id"] for i in listed("?state=on_sale&state=reserved")["list"]} == {books.pk, home.pk, sports.pk}
    assert APIClient().get("/api/v1/items?state=on_sale&state=lost").status_code == 400


@pytest.mark.parametrize("ordering", ["newest", "oldest", "price", "-price"])
def test_cursor_walks_the_same_rows_as_pages(ordering):
    for price in (5, 5, 7, 1, 9, 5, 3):
        ItemFactory(price=Decimal(price))
    by_page = [i["id"] for page in (1, 2, 3) for i in listed(f"?ordering={ordering}&size=3&page={page}")["list"]]
    by_cursor, query = [], f"?ordering={ordering}&size=3"
    while True:
        data = listed(query)
        by_cursor += [i["id"] for i in data["list"]]
        if not data["pagination"].get("next"):
            break
        query = f"?ordering={ordering}&size=3&cursor={data['pagination']['next']}"
    assert by_cursor == by_page and len(by_page) == 7


def test_bad_cursor_is_400():
    for bad in ("x", "WyJ4Il0", "W10"):
        response = APIClient().get(f"/api/v1/items?cursor={bad}")
        assert response.status_code == 400 and response.json()["data"] == {"cursor": ["Invalid cursor."]}


def test_query_count_is_pinned_by_page_and_by_cursor(django_assert_num_queries):
    for item in ItemFactory.create_batch(25):
        ItemImage.objects.create(item=item, image="items/x.png")
    client = APIClient()
    first = client.get("/api/v1/items?size=20").json()["data"]
    with django_assert_num_queries(3):  # count + page + images
        client.get("/api/v1/items?size=20&page=2")
    with django_assert_num_queries(3):
        client.get(f"/api/v1/items?size=20&cursor={first['pagination']['next']}")


def test_large_totals_are_cached_small_ones_exact(monkeypatch, django_assert_num_queries):
    pagination.count_cache_clear()
    monkeypatch.setattr(pagination, "COUNT_CACHE_FROM", 3)
    ItemFactory.create_batch(3)
    assert listed()["pagination"]["total"] == 3
    ItemFactory()
    with django_assert_num_queries(2):  # page + images: the count of ≥ 3 rows comes from the cache
        assert listed()["pagination"]["total"] == 3
    pagination.count_cache_clear()
    assert listed()["pagination"]["total"] == 4
