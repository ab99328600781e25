"""Issue 17 finding 7: a 12,000 × 12,000 PNG (a decompression bomb) is refused as an item image and as an
inspection photo before it is decoded (DESIGN §9: images over 40 megapixels are refused)."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.errors import ValidationFailed
from marketplace.models import Item
from tests.conftest import access_token_for
from tests.factories import UserFactory
from underwrite.services import photo_file_check


def png_claiming(width: int, height: int) -> bytes:
    """A valid small PNG whose header says width × height (the bomb's header; its data never decodes)."""
    buffer = io.BytesIO()
    Image.new("1", (8, 8)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = 8 + 8  # signature, then length + "IHDR"
    data[ihdr:ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:ihdr + 13]))
    data[ihdr + 13:ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


def test_a_144_megapixel_png_is_refused_as_an_inspection_photo():
    bomb = SimpleUploadedFile("bomb.png", png_claiming(12_000, 12_000), content_type="image/png")
    with pytest.raises(ValidationFailed) as error:
        photo_file_check(bomb)
    assert "megapixels" in str(error.value.message)


@pytest.mark.django_db
def test_a_144_megapixel_png_is_refused_as_an_item_image(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(UserFactory())}")
    bomb = SimpleUploadedFile("bomb.png", png_claiming(12_000, 12_000), content_type="image/png")
    response = api.post("/api/v1/items", {"title": "Bomb", "price": "1", "images": [bomb]}, format="multipart")
    assert response.status_code == 400
    assert not Item.objects.filter(title="Bomb").exists()


def test_a_40_megapixel_image_header_is_within_the_limit():
    photo = SimpleUploadedFile("ok.png", png_claiming(8, 8), content_type="image/png")
    assert photo_file_check(photo) == ("png", "image/png")
