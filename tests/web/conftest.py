import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.services.items import item_create
from tests.factories import UserFactory


def png_upload(name="photo.png", color=(200, 80, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_item():
    def make(seller=None, *, title="Desk lamp", price="25.00", images=0, category="home", note=""):
        seller = seller or UserFactory()
        return item_create(seller=seller, title=title, price=Decimal(price), category=category, note=note,
                           images=[png_upload(f"p{i}.png") for i in range(images)])

    return make


@pytest.fixture
def page_client(client):
    """A Django test client logged in as a given user (the session cookie a browser would hold)."""

    def login(user):
        client.force_login(user)
        return client

    return login
