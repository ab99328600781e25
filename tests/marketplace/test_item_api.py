"""Items through the REST API: create (JSON and multipart images), public list with search and filters,
detail, seller-only edit / withdraw / relist."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from marketplace.models import Item, ItemImage
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory, TradeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png_bytes(size=(4, 4), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name="a.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, png_bytes() if content is None else content, content_type=content_type)


def test_create_item_with_json(user_api, user):
    response = user_api.post("/api/v1/items", {"title": "Lamp", "category": "home", "price": "30.50",
                                               "depreciation": "new", "note": "LED", "image_url": "http://x/y.png"},
                             format="json")
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert data["price"] == "30.50" and data["seller"] == user.pk
    assert (data["state"], data["state_code"], data["reserved_for"]) == ("on_sale", 1, None)
    assert data["image_url"] == "http://x/y.png" and data["images"] == []
    assert set(data) >= {"id", "seller", "title", "category", "price", "depreciation", "note", "image_url", "images",
                         "state", "state_code", "reserved_for", "created_at"}
    assert Item.objects.get(pk=data["id"]).price == Decimal("30.50")


def test_create_item_with_uploaded_images(user_api, tmp_path):
    response = user_api.post("/api/v1/items", {"title": "Bike", "price": "100", "images": [upload(), upload("b.png")]},
                             format="multipart")
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert len(data["images"]) == 2 and data["images"][0].startswith("http://testserver/media/items/")
    image = ItemImage.objects.filter(item_id=data["id"]).first()
    assert (tmp_path / image.image.name).read_bytes() == png_bytes()


@pytest.mark.parametrize(
    "file",
    [
        SimpleUploadedFile("fake.png", b"<?php echo 1; ?>", content_type="image/png"),
        SimpleUploadedFile("half.png", png_bytes()[:30], content_type="image/png"),
    ],
)
def test_create_item_refuses_a_non_image(user_api, file):
    response = user_api.post("/api/v1/items", {"title": "Bike", "price": "100", "images": [file]}, format="multipart")
    assert response.status_code == 400
    assert "images" in response.json()["data"]
    assert not Item.objects.exists() and not ItemImage.objects.exists()


def test_create_item_refuses_an_image_too_large(user_api, settings):
    settings.UPLOAD_MAX_BYTES = 50
    response = user_api.post("/api/v1/items", {"title": "Bike", "price": "100", "images": [upload()]},
                             format="multipart")
    assert response.status_code == 400 and not Item.objects.exists()


def test_create_item_refuses_a_disallowed_image_type(user_api):
    bmp = upload("a.bmp", png_bytes(fmt="BMP"), "image/bmp")
    response = user_api.post("/api/v1/items", {"title": "Bike", "price": "100", "images": [bmp]}, format="multipart")
    assert response.status_code == 400 and not Item.objects.exists()


@pytest.mark.parametrize("body", [{}, {"title": "x"}, {"title": "x", "price": "-1"}, {"title": "x", "price": "abc"},
                                  {"title": "", "price": "1"}, {"title": "x" * 101, "price": "1"}])
def test_create_item_bad_input(user_api, body):
    response = user_api.post("/api/v1/items", body, format="json")
    assert response.status_code == 400 and response.json()["data"]
    assert not Item.objects.exists()


def test_create_item_needs_login():
    assert APIClient().post("/api/v1/items", {"title": "x", "price": "1"}, format="json").status_code == 401


def test_list_is_public_newest_first_and_paginated():
    items = [ItemFactory() for _ in range(3)]
    response = APIClient().get("/api/v1/items?size=2")
    data = response.json()["data"]
    assert [i["id"] for i in data["list"]] == [items[2].pk, items[1].pk]
    assert data["pagination"] == {"page": 1, "size": 2, "total": 3, "next": data["pagination"]["next"]}
    assert [i["id"] for i in APIClient().get("/api/v1/items?page=2&size=2").json()["data"]["list"]] == [items[0].pk]
    # The cursor walks the same rows (keyset paging, issue 19); the last page has no next.
    data = APIClient().get(f"/api/v1/items?size=2&cursor={data['pagination']['next']}").json()["data"]
    assert [i["id"] for i in data["list"]] == [items[0].pk]
    assert data["pagination"] == {"page": None, "size": 2, "total": 3}


def ids(query, client=None):
    response = (client or APIClient()).get(f"/api/v1/items{query}")
    assert response.status_code == 200, response.json()
    return {i["id"] for i in response.json()["data"]["list"]}


def test_list_search_and_filters():
    seller = UserFactory()
    bike = ItemFactory(title="Red bicycle", category="sports", price=Decimal("120"), seller=seller)
    book = ItemFactory(title="Calculus", note="like a bicycle for the mind", category="books", price=Decimal("15"))
    lamp = ItemFactory(title="Lamp", category="home", price=Decimal("30"))
    TradeFactory(item=lamp)
    from marketplace.services.trades import trade_accept

    trade_accept(trade_id=lamp.trades.get().pk, actor=lamp.seller)

    assert ids("?q=bicycle") == {bike.pk, book.pk}
    assert ids("?q=BICYCLE&category=books") == {book.pk}
    assert ids("?price_min=20") == {bike.pk, lamp.pk}
    assert ids("?price_min=20&price_max=100") == {lamp.pk}
    assert ids("?state=reserved") == {lamp.pk}
    assert ids("?state=on_sale,reserved") == {bike.pk, book.pk, lamp.pk}
    assert ids("?state=on_sale&state=reserved") == {bike.pk, book.pk, lamp.pk}  # issue 18.7: any of
    assert ids(f"?seller={seller.pk}") == {bike.pk}
    response = APIClient().get("/api/v1/items?ordering=price")
    assert [i["id"] for i in response.json()["data"]["list"]] == [book.pk, lamp.pk, bike.pk]
    response = APIClient().get("/api/v1/items?ordering=-price")
    assert [i["id"] for i in response.json()["data"]["list"]] == [bike.pk, lamp.pk, book.pk]
    for bad in ("?state=lost", "?price_min=abc", "?ordering=secret", "?seller=x", "?page=0"):
        assert APIClient().get(f"/api/v1/items{bad}").status_code == 400, bad


def test_hidden_items_are_never_listed_and_withdrawn_only_for_their_seller(client_for):
    seller = UserFactory()
    shown = ItemFactory(seller=seller)
    hidden = ItemFactory(hidden=True)
    withdrawn = ItemFactory(seller=seller, title="old")
    from marketplace.services.items import item_withdraw

    item_withdraw(item_id=withdrawn.pk, actor=seller)
    assert ids("") == {shown.pk}
    assert ids("", client_for(seller)) == {shown.pk, withdrawn.pk}
    assert APIClient().get(f"/api/v1/items/{hidden.pk}").status_code == 404
    assert APIClient().get(f"/api/v1/items/{withdrawn.pk}").status_code == 404
    assert client_for(seller).get(f"/api/v1/items/{withdrawn.pk}").json()["data"]["state_code"] == 4


def test_item_list_queries(django_assert_num_queries):
    for item in ItemFactory.create_batch(5):
        ItemImage.objects.create(item=item, image="items/x.png")
    client = APIClient()
    client.get("/api/v1/items")
    # count + page + images prefetched: no per-row query
    with django_assert_num_queries(3):
        response = client.get("/api/v1/items")
    assert len(response.json()["data"]["list"]) == 5


def test_detail(client_for):
    item = ItemFactory(price=Decimal("9.90"))
    data = APIClient().get(f"/api/v1/items/{item.pk}").json()["data"]
    assert data["price"] == "9.90" and data["title"] == item.title
    assert APIClient().get("/api/v1/items/999999").status_code == 404


def test_only_the_seller_edits(client_for):
    item = ItemFactory(title="Old")
    response = client_for(UserFactory()).patch(f"/api/v1/items/{item.pk}", {"title": "Mine"}, format="json")
    assert response.status_code == 403
    response = client_for(item.seller).patch(f"/api/v1/items/{item.pk}", {"title": "New", "price": "3"},
                                             format="json")
    assert response.status_code == 200 and response.json()["data"]["title"] == "New"
    item.refresh_from_db()
    assert (item.title, item.price) == ("New", Decimal("3"))
    assert client_for(item.seller).patch(f"/api/v1/items/{item.pk}", {"price": "x"}, format="json").status_code == 400


def test_edit_adds_images(client_for):
    item = ItemFactory()
    response = client_for(item.seller).patch(f"/api/v1/items/{item.pk}", {"images": [upload()]}, format="multipart")
    assert response.status_code == 200 and len(response.json()["data"]["images"]) == 1


def test_an_edit_with_nothing_to_change_is_refused(client_for):
    """Fuzz (seed 3): a multipart body whose only part has no name parsed to no fields and answered 200."""
    item = ItemFactory(title="Old")
    client = client_for(item.seller)
    boundary = "b0undary"
    garbage = f"--{boundary}\r\n[]--{boundary}--\r\n"
    response = client.generic("PATCH", f"/api/v1/items/{item.pk}", garbage,
                              content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400 and "non_field_errors" in response.json()["data"]
    assert client.patch(f"/api/v1/items/{item.pk}", {}, format="json").status_code == 400
    item.refresh_from_db()
    assert item.title == "Old"


def test_no_edit_or_withdraw_while_reserved(client_for):
    trade = TradeFactory()
    item = trade.item
    client = client_for(item.seller)
    client.post(f"/api/v1/trades/{trade.pk}/accept")
    response = client.patch(f"/api/v1/items/{item.pk}", {"title": "New"}, format="json")
    assert response.status_code == 409 and "reserved" in response.json()["message"]
    assert client.post(f"/api/v1/items/{item.pk}/withdraw").status_code == 409
    item.refresh_from_db()
    assert (item.state, item.title) == ("reserved", trade.item.title)


def test_withdraw_and_relist(client_for):
    item = ItemFactory()
    client = client_for(item.seller)
    assert client_for(UserFactory()).post(f"/api/v1/items/{item.pk}/withdraw").status_code == 403
    assert client.post(f"/api/v1/items/{item.pk}/relist").status_code == 409
    assert client.post(f"/api/v1/items/{item.pk}/withdraw").json()["data"]["state"] == "withdrawn"
    assert client.post(f"/api/v1/items/{item.pk}/withdraw").status_code == 409
    assert client.post(f"/api/v1/items/{item.pk}/relist").json()["data"]["state"] == "on_sale"
