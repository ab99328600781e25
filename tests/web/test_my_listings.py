"""Issue 16, market: a seller's "my listings" by state, and each trade links to the chat with the other party."""

import pytest

from marketplace.models import Item, Trade
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_listings_shows_only_my_items_by_state(client, user):
    mine = Item.objects.create(seller=user, title="My lamp", price="10.00")
    sold = Item.objects.create(seller=user, title="My old chair", price="5.00", state="sold")
    Item.objects.create(seller=UserFactory(), title="Not mine", price="1.00")
    client.force_login(user)
    assert [i.pk for i in client.get("/items/mine/").context["items"]] == [mine.pk]
    assert [i.pk for i in client.get("/items/mine/?tab=sold").context["items"]] == [sold.pk]
    assert client.get("/items/mine/?tab=bogus").context["tab"] == "on_sale"
    assert client.get("/items/mine/", follow=False).status_code == 200


def test_my_listings_needs_login(client):
    assert client.get("/items/mine/").status_code == 302


def test_each_trade_links_to_the_chat_with_the_other_party(client, user):
    seller = UserFactory(nickname="Sam")
    item = Item.objects.create(seller=seller, title="Bike", price="50.00")
    trade = Trade.objects.create(item=item, buyer=user, seller=seller)
    client.force_login(user)
    assert f'href="/inbox/{seller.pk}/"' in client.get("/trades/").content.decode()
    client.force_login(seller)
    html = client.get("/trades/").content.decode()
    assert f'href="/inbox/{user.pk}/"' in html and f'trade-chat-{trade.pk}' in html
