"""Home, item detail, sell/edit, item and trade actions, my trades — through the pages, with query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import Item, Trade
from marketplace.services.trades import trade_accept, trade_start
from tests.factories import UserFactory
from tests.web.conftest import png_upload

pytestmark = pytest.mark.django_db

# Fixed query budgets, whatever the number of rows (session, user, live badge, count, page, images…).
HOME_QUERIES = 6
MY_TRADES_QUERIES = 5


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_home_lists_items_with_search_filters_and_pagination(client, make_item):
    seller = UserFactory()
    for n in range(14):
        make_item(seller, title=f"Lamp {n}", price=str(10 + n), category="home")
    make_item(seller, title="Bike", price="300", category="sport", note="a red bicycle")
    response = client.get("/")
    assert response.status_code == 200
    assert len(response.context["items"]) == 12 and response.context["page"].paginator.count == 15
    assert list(client.get("/?page=2").context["items"])[-1].title == "Lamp 0"  # newest first
    assert [i.title for i in client.get("/?q=bicycle").context["items"]] == ["Bike"]
    assert [i.title for i in client.get("/?category=sport").context["items"]] == ["Bike"]
    prices = {i.price for i in client.get("/?min_price=20&max_price=22").context["items"]}
    assert prices == {20, 21, 22}


def test_home_hides_withdrawn_and_sold_items(client, make_item):
    item = make_item(title="Gone")
    Item.objects.filter(pk=item.pk).update(state=Item.State.WITHDRAWN)
    assert client.get("/").context["page"].paginator.count == 0


def test_home_query_budget_does_not_grow_with_rows(client, make_item, user):
    client.force_login(user)
    seller = UserFactory()
    for n in range(2):
        make_item(seller, title=f"a{n}", images=1)
    few = count_queries(client, "/")
    for n in range(10):
        make_item(UserFactory(), title=f"b{n}", images=2)
    many = count_queries(client, "/")
    assert few == many == HOME_QUERIES


def test_sell_page_creates_an_item_with_photos(client, user):
    client.force_login(user)
    response = client.post("/items/new/", {
        "title": "Kettle", "category": "kitchen", "price": "12.50", "depreciation": "like new", "note": "works",
        "images": [png_upload("a.png"), png_upload("b.png")],
    })
    item = Item.objects.get(title="Kettle")
    assert response.status_code == 302 and response["Location"] == f"/items/{item.pk}/"
    assert item.seller == user and str(item.price) == "12.50" and item.images.count() == 2
    page = client.get(f"/items/{item.pk}/").content.decode()
    assert page.count('<img src="/media/items/') == 2


def test_sell_page_refuses_a_fake_image_next_to_the_field(client, user):
    client.force_login(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post("/items/new/", {"title": "Bad", "price": "1", "images": [fake]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "images" in response.context["form"].errors
    assert not Item.objects.filter(title="Bad").exists()


def test_sell_page_shows_field_errors(client, user):
    client.force_login(user)
    response = client.post("/items/new/", {"title": "", "price": "-3"})
    assert set(response.context["form"].errors) == {"title", "price"}
    assert Item.objects.count() == 0


def test_only_the_seller_may_edit_and_edit_saves(client, make_item, user, other_user):
    item = make_item(user, title="Old")
    client.force_login(other_user)
    assert client.get(f"/items/{item.pk}/edit/").status_code == 404
    client.force_login(user)
    response = client.post(f"/items/{item.pk}/edit/", {"title": "New", "price": "30"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "New" and str(item.price) == "30.00"


def test_want_accept_confirm_story_through_the_pages(client, make_item, user, other_user):
    seller, buyer = user, other_user
    third = UserFactory()
    item = make_item(seller, title="Chair")
    for person in (buyer, third):
        client.force_login(person)
        response = client.post(f"/items/{item.pk}/want/")
        assert response.status_code == 302
    assert Trade.objects.filter(item=item, state="pending").count() == 2

    client.force_login(seller)
    page = client.get(f"/items/{item.pk}/")
    assert [t.buyer for t in page.context["wants"]] == [buyer, third]
    trade = Trade.objects.get(item=item, buyer=buyer)
    assert client.post(f"/trades/{trade.pk}/accept/", {"next": f"/items/{item.pk}/"})["Location"] == f"/items/{item.pk}/"
    item.refresh_from_db()
    assert item.state == Item.State.RESERVED and item.reserved_for == buyer

    client.force_login(buyer)
    assert "reserved for you" in client.get(f"/items/{item.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(f"/trades/{trade.pk}/confirm/")
    item.refresh_from_db()
    assert item.state == Item.State.SOLD
    assert Trade.objects.get(item=item, buyer=third).cancel_reason == Trade.CancelReason.ITEM_SOLD


def test_wrong_state_becomes_a_readable_message_not_an_error_page(client, make_item, user, other_user):
    item = make_item(user)
    trade = trade_start(item_id=item.pk, buyer=other_user)
    trade_accept(trade_id=trade.pk, actor=user)
    client.force_login(user)
    response = client.post(f"/trades/{trade.pk}/accept/", {"next": f"/items/{item.pk}/"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "processing" in messages[0]  # names the state
    assert "Traceback" not in response.content.decode()


def test_a_stranger_cannot_act_on_a_trade(client, make_item, user, other_user):
    item = make_item(user)
    trade = trade_start(item_id=item.pk, buyer=other_user)
    client.force_login(UserFactory())
    response = client.post(f"/trades/{trade.pk}/accept/", follow=True)
    assert response.status_code == 200 and len(list(response.context["messages"])) == 1
    trade.refresh_from_db()
    assert trade.state == Trade.State.PENDING


def test_buying_my_own_item_is_refused_with_a_message(client, make_item, user):
    item = make_item(user)
    client.force_login(user)
    response = client.post(f"/items/{item.pk}/want/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You cannot buy your own item." in [str(m) for m in response.context["messages"]]
    assert not Trade.objects.exists()


def test_withdraw_and_relist(client, make_item, user):
    item = make_item(user)
    client.force_login(user)
    client.post(f"/items/{item.pk}/withdraw/")
    item.refresh_from_db()
    assert item.state == Item.State.WITHDRAWN
    client.post(f"/items/{item.pk}/relist/")
    item.refresh_from_db()
    assert item.state == Item.State.ON_SALE


def test_unknown_item_is_a_404_page(client):
    assert client.get("/items/999999/").status_code == 404


def test_my_trades_tabs_and_actions(client, make_item, user, other_user):
    mine = make_item(user, title="Mine")
    theirs = make_item(other_user, title="Theirs")
    selling = trade_start(item_id=mine.pk, buyer=other_user)
    buying = trade_start(item_id=theirs.pk, buyer=user)
    client.force_login(user)
    rows = dict(client.get("/trades/").context["rows"])
    assert rows == {buying: ["cancel"], selling: ["accept", "reject"]}
    client.post(f"/trades/{buying.pk}/cancel/")
    assert [t for t, _a in client.get("/trades/?tab=inactive").context["rows"]] == [buying]
    assert [t for t, _a in client.get("/trades/").context["rows"]] == [selling]


def test_my_trades_query_budget_does_not_grow_with_rows(client, make_item, user):
    client.force_login(user)
    trade_start(item_id=make_item(UserFactory()).pk, buyer=user)
    few = count_queries(client, "/trades/")
    for _n in range(6):
        trade_start(item_id=make_item(UserFactory()).pk, buyer=user)
        trade_start(item_id=make_item(user).pk, buyer=UserFactory())
    many = count_queries(client, "/trades/")
    assert few == many == MY_TRADES_QUERIES


def test_times_are_shown_in_shanghai_by_default(client, make_item):
    item = make_item()
    Item.objects.filter(pk=item.pk).update(created_at="2026-01-01T00:30:00Z")
    page = client.get(f"/items/{item.pk}/").content.decode()
    assert "2026-01-01 08:30" in page


def test_reject_all_and_reset_from_the_item_page(client, make_item, user):
    item = make_item(user)
    buyers = [UserFactory() for _ in range(3)]
    trades = [trade_start(item_id=item.pk, buyer=b) for b in buyers]
    client.force_login(user)
    client.post(f"/trades/{trades[0].pk}/accept/")
    # reset: the reserved buyer's trade is cancelled, the item is on sale again, other wants are kept
    client.post(f"/trades/{trades[0].pk}/cancel/")
    item.refresh_from_db()
    assert item.state == Item.State.ON_SALE
    assert Trade.objects.get(pk=trades[0].pk).cancel_reason == Trade.CancelReason.CANCELLED_BY_SELLER
    assert Trade.objects.filter(item=item, state="pending").count() == 2
    client.post(f"/items/{item.pk}/reject-all/")
    assert not Trade.objects.filter(item=item, state="pending").exists()
    assert Trade.objects.filter(item=item, cancel_reason=Trade.CancelReason.SELLER_REJECTED).count() == 2


def test_unknown_page_actions_are_404(client, make_item, user):
    item = make_item(user)
    client.force_login(user)
    assert client.post(f"/items/{item.pk}/explode/").status_code == 404
    trade = trade_start(item_id=item.pk, buyer=UserFactory())
    assert client.post(f"/trades/{trade.pk}/explode/").status_code == 404


def test_item_actions_need_post_and_login(client, make_item, user):
    item = make_item(user)
    assert client.post(f"/items/{item.pk}/want/").status_code == 302  # to the login page
    assert not Trade.objects.exists()
    client.force_login(UserFactory())
    assert client.get(f"/items/{item.pk}/want/").status_code == 405
