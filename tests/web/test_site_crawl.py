"""Crawling the demo site from the home page as each demo user (and a visitor): every internal link answers
without a 4xx or 5xx, and every page links back to the home page."""

import pytest
from django.core.management import call_command
from PIL import Image

from accounts.demo import DEMO_USERS
from accounts.models import User
from marketplace.models import Item
from merchants.models import Product
from tests.web.crawl import crawl

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize("username", [None, *DEMO_USERS])
def test_every_internal_link_answers_for_each_demo_user(client, demo, username):
    if username:
        client.force_login(User.objects.get(username=username))

    def get(path):
        response = client.get(path)
        html = response.content.decode() if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html") else None
        return response.status_code, response.get("Location") if response.status_code in (301, 302) else None, html

    statuses, orphans = crawl(get)
    assert len(statuses) > 10
    broken = {path: status for path, status in statuses.items() if status >= 400}
    assert broken == {}
    assert orphans == []


def test_demo_items_and_products_have_generated_pictures(client, demo, settings):
    items = list(Item.objects.prefetch_related("images"))
    assert items and all(item.images.exists() for item in items)
    with Image.open(items[0].images.first().image.path) as picture:
        assert picture.size == (640, 480)
    products = list(Product.objects.all())
    assert products and all(product.image_url.startswith(settings.MEDIA_URL) for product in products)
    assert client.get(products[0].image_url).status_code == 200
