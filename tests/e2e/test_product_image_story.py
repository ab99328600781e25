"""Issue 16, seed 004 in the browser: a merchant publishes a product with an uploaded picture from the merchant
menu and sees it on the public product page; a buyer, in a second browser, finds the picture in the shop and
on the product page; the merchant replaces it from the edit page and the buyer's next visit shows the new
one. axe on every page; shots at 1280 and 390 px."""

import io
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from merchants.models import Product
from tests.e2e.conftest import log_in, shots
from tests.e2e.journeys import assert_accessible, menu
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.orders import ApprovedMerchantFactory

pytestmark = pytest.mark.e2e


def picture(name: str, colour: tuple[int, int, int]) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def expect_loaded(image) -> None:
    """The <img> is shown and its file was served and decoded (not a broken picture)."""
    expect(image).to_be_visible()
    image.evaluate("img => img.decode()")
    assert image.evaluate("img => img.naturalWidth") == 320


def test_merchant_uploads_a_product_picture_the_buyer_sees_it_and_its_replacement(e2e, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ApprovedMerchantFactory(user=UserFactory(username="tulip", nickname="Tulip"), business_name="Tulip Corner")
    UserFactory(username="bea", nickname="Bea")

    merchant = e2e.page()
    log_in(merchant, "tulip", TEST_PASSWORD)
    menu(merchant, "Merchant")
    assert_accessible(merchant)
    merchant.get_by_role("link", name="New product").click()
    merchant.get_by_label("Name").fill("Tulip bouquet")
    merchant.get_by_label("Price").fill("59.00")
    merchant.get_by_label("Description").fill("Twelve red tulips.")
    merchant.get_by_label("Upload an image").set_input_files(picture("tulips.png", (200, 30, 60)))
    assert_accessible(merchant)
    shots(merchant, "016-product-new")
    merchant.get_by_role("button", name="Save").click()
    expect(merchant.get_by_role("status")).to_contain_text("Product published.")
    product = Product.objects.get(name="Tulip bouquet")
    expect(merchant.get_by_test_id(f"product-{product.pk}")).to_contain_text("Tulip bouquet")
    assert product.image_url.startswith("/media/products/")
    first = product.image_url

    # The merchant sees the product as buyers do, through the public page.
    merchant.get_by_role("link", name="My public page").click()
    assert_accessible(merchant)
    merchant.get_by_role("link", name="Tulip bouquet").click()
    expect_loaded(merchant.get_by_role("img", name="Tulip bouquet"))
    assert merchant.get_by_role("img", name="Tulip bouquet").get_attribute("src") == first
    assert_accessible(merchant)
    shots(merchant, "016-product-merchant-view")

    buyer = e2e.page()
    log_in(buyer, "bea", TEST_PASSWORD)
    menu(buyer, "Shop")
    tile = buyer.locator(".tile", has=buyer.get_by_role("link", name="Tulip bouquet"))
    expect_loaded(tile.locator("img"))
    assert tile.locator("img").get_attribute("src") == first
    assert_accessible(buyer)
    shots(buyer, "016-shop-with-picture")
    tile.get_by_role("link", name="Tulip bouquet").click()
    expect_loaded(buyer.get_by_role("img", name="Tulip bouquet"))
    expect(buyer.get_by_role("button", name="Buy")).to_be_visible()
    assert_accessible(buyer)
    shots(buyer, "016-product-buyer-view")

    # The merchant replaces the picture from the edit page (reached from the merchant menu again).
    menu(merchant, "Merchant")
    merchant.get_by_test_id(f"product-{product.pk}").get_by_role("link", name="Edit").click()
    expect(merchant.get_by_label("Name")).to_have_value("Tulip bouquet")
    merchant.get_by_label("Upload an image").set_input_files(picture("yellow.png", (240, 200, 20)))
    assert_accessible(merchant)
    shots(merchant, "016-product-edit")
    merchant.get_by_role("button", name="Save").click()
    expect(merchant.get_by_role("status")).to_contain_text("Product saved.")
    product.refresh_from_db()
    assert product.image_url != first and product.image_url.startswith("/media/products/")

    buyer.reload()
    expect_loaded(buyer.get_by_role("img", name="Tulip bouquet"))
    assert buyer.get_by_role("img", name="Tulip bouquet").get_attribute("src") == product.image_url
    shots(buyer, "016-product-buyer-new-picture")
    buyer.get_by_role("link", name="Tulip Corner").click()
    expect(buyer.get_by_role("link", name="Tulip bouquet")).to_be_visible()
    assert_accessible(buyer)
    assert product.price == Decimal("59.00")
