"""Categories are a list with translated labels and match whatever the case; the market sorts by newest and
by price."""

from decimal import Decimal

import pytest

from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.django_db


def test_category_filter_is_case_insensitive_and_labelled(client):
    ItemFactory(title="Calculus", category="books")
    ItemFactory(title="Lamp", category="home")
    response = client.get("/?category=Books", HTTP_ACCEPT_LANGUAGE="en")
    assert [item.title for item in response.context["items"]] == ["Calculus"]
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "· home<" not in chinese and "· books<" not in chinese  # codes are not shown raw


@pytest.mark.parametrize(("sort", "expected"), [
    ("newest", ["C", "B", "A"]), ("price", ["B", "A", "C"]), ("-price", ["C", "A", "B"]),
])
def test_market_sorts_by_newest_and_price(client, sort, expected):
    for title, price in (("A", "20"), ("B", "5"), ("C", "99")):
        ItemFactory(title=title, price=Decimal(price))
    response = client.get(f"/?sort={sort}")
    assert [item.title for item in response.context["items"]] == expected
