"""Issue 19: at 100,000 items the public list's page 1, its search and a deep cursor page read an index, never
a sequential scan of the items table (PostgreSQL)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from rest_framework.request import Request

from common.pagination import PageSizePagination, cursor_encode, keyset_filter
from marketplace.selectors import items as item_selectors
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROWS = 100_000


@pytest.fixture
def many_items():
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are PostgreSQL's")
    seller = UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO marketplace_item (seller_id, title, category, price, depreciation, note, image_url,
                   state, hidden, created_at, updated_at)
               SELECT %s, CASE WHEN n %% 100 = 7 THEN 'old guitar ' || n ELSE 'item ' || n END, 'c' || (n %% 20),
                   n %% 500, '', CASE WHEN n %% 7 = 0 THEN '吉他配件 note ' || n ELSE 'note ' || n END, '',
                   CASE WHEN n %% 10 = 0 THEN 'withdrawn' ELSE 'on_sale' END, n %% 50 = 0,
                   now() - n * interval '1 second', now()
               FROM generate_series(1, %s) AS n""", [seller.pk, ROWS])
        cursor.execute("ANALYZE marketplace_item")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def page_query(filters):
    return item_selectors.item_list(filters=filters).values(*item_selectors.ITEM_ROW_FIELDS)[:20]


@pytest.mark.parametrize("filters", [{}, {"q": "guitar"}, {"q": "吉他配件"}], ids=["page1", "search", "search-zh"])
def test_page_and_search_use_an_index(many_items, filters):
    text = plan(page_query(filters))
    assert "Seq Scan on marketplace_item" not in text, text
    assert "Index" in text, text


def test_deep_cursor_page_uses_the_partial_index(many_items):
    request = Request(RequestFactory().get("/", {"size": 20, "offset": 80_000}))
    rows = PageSizePagination().paginate_queryset(
        item_selectors.item_list(filters={}).values(*item_selectors.ITEM_ROW_FIELDS), request)
    token = cursor_encode(rows[-1], item_selectors.ORDERINGS["newest"])
    queryset = keyset_filter(item_selectors.item_list(filters={}), item_selectors.ORDERINGS["newest"], token)[:20]
    text = plan(queryset)
    assert "item_public_newest" in text and "Seq Scan on marketplace_item" not in text, text
