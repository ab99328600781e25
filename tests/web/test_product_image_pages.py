"""Issue 16: merchants upload product images on the product create / edit page (checked like item images,
kept under media/products/, the product's image URL points at it)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from merchants.models import Product
from tests.factories.orders import ApprovedMerchantFactory
from tests.marketplace.test_item_api import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def picture(name="tulips.png", content=None):
    return SimpleUploadedFile(name, png_bytes() if content is None else content, content_type="image/png")


def test_upload_a_product_image_on_create_and_replace_it_on_edit(client, user, tmp_path):
    ApprovedMerchantFactory(user=user)
    client.force_login(user)
    assert 'enctype="multipart/form-data"' in client.get("/merchant/products/new/").content.decode()
    response = client.post("/merchant/products/new/", {"name": "Tulips", "price": "19.90", "status": "available",
                                                       "image": picture()})
    assert response.status_code == 302
    product = Product.objects.get(name="Tulips")
    assert product.image_url.startswith("/media/products/") and product.image_url.endswith(".png")
    assert (tmp_path / product.image_url.removeprefix("/media/")).exists()
    first = product.image_url
    client.post(f"/merchant/products/{product.pk}/edit/", {"name": "Tulips", "price": "19.90",
                                                          "status": "available", "image": picture("b.png")})
    product.refresh_from_db()
    assert product.image_url != first and product.image_url.startswith("/media/products/")


def test_a_file_that_is_not_an_image_is_a_field_error(client, user, tmp_path):
    ApprovedMerchantFactory(user=user)
    client.force_login(user)
    response = client.post("/merchant/products/new/", {"name": "Tulips", "price": "19.90", "status": "available",
                                                       "image": picture("x.png", b"not an image")})
    assert response.status_code == 200 and "image" in response.context["form"].errors
    assert not Product.objects.exists() and not (tmp_path / "products").exists()
