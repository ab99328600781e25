"""Photos: real multipart uploads checked by content and size, stored through Django storage and served only
to people who may read the underwrite; the seed's URL form too."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import UserFactory
from underwrite.models import UnderwritePhoto

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(client, underwrite, *files, **extra):
    return client.post(f"/api/v1/underwrites/{underwrite.pk}/photos", {"photos": list(files), **extra},
                       format="multipart")


def test_upload_stores_the_file_and_serves_it_to_allowed_readers(client_for, scheduled, operator, buyer):
    png = image_bytes("PNG")
    # The name says .txt; the content decides.
    response = upload(client_for(operator), scheduled, SimpleUploadedFile("scan.txt", png, "text/plain"),
                      SimpleUploadedFile("b.jpeg", image_bytes("JPEG"), "image/jpeg"))
    assert response.status_code == 201, response.json()
    photos = response.json()["data"]["photos"]
    assert len(photos) == 2
    assert [p["content_type"] for p in photos] == ["image/png", "image/jpeg"]
    stored = UnderwritePhoto.objects.get(pk=photos[0]["id"])
    assert stored.file.name.endswith(".png") and "scan" not in stored.file.name
    with stored.file.open("rb") as fh:
        assert fh.read() == png

    url = photos[0]["photo"]
    assert url == f"/api/v1/underwrites/{scheduled.pk}/photos/{stored.pk}"
    served = client_for(buyer).get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png
    assert client_for(UserFactory()).get(url).status_code == 404


@pytest.mark.parametrize("content", [b"plain text, not an image", b"%PDF-1.4 fake", image_bytes("PNG")[:40]])
def test_upload_of_a_non_image_is_400_and_stores_nothing(client_for, scheduled, operator, content):
    response = upload(client_for(operator), scheduled, SimpleUploadedFile("photo.png", content, "image/png"))
    assert response.status_code == 400
    assert "photos" in response.json()["data"]
    assert not UnderwritePhoto.objects.exists()


def test_upload_over_the_size_limit_is_400(client_for, scheduled, operator, settings):
    png = image_bytes("PNG", size=(64, 64))
    settings.UPLOAD_MAX_BYTES = len(png) - 1
    response = upload(client_for(operator), scheduled, SimpleUploadedFile("big.png", png, "image/png"))
    assert response.status_code == 400
    assert not UnderwritePhoto.objects.exists()


def test_one_bad_file_rejects_the_whole_upload(client_for, scheduled, operator):
    response = upload(client_for(operator), scheduled, SimpleUploadedFile("a.png", image_bytes(), "image/png"),
                      SimpleUploadedFile("b.png", b"nope", "image/png"))
    assert response.status_code == 400
    assert not UnderwritePhoto.objects.exists()


def test_upload_by_url_json_and_form(client_for, scheduled, operator):
    client = client_for(operator)
    url = f"/api/v1/underwrites/{scheduled.pk}/photos"
    assert client.post(url, {"photo": "http://www.baidu.com"}, format="json").status_code == 201
    assert client.post(url, {"photo": ["https://example.com/a.jpg", "https://example.com/b.jpg"]},
                       format="json").status_code == 201
    response = client.post(url, {"photo": "https://example.com/c.jpg"}, format="multipart")
    assert response.status_code == 201
    assert [p["photo"] for p in response.json()["data"]["photos"]] == [
        "http://www.baidu.com", "https://example.com/a.jpg", "https://example.com/b.jpg", "https://example.com/c.jpg"
    ]


@pytest.mark.parametrize("body", [{"photo": "javascript:alert(1)"}, {"photo": "not a url"}, {}, {"photo": ""}])
def test_upload_bad_url_or_nothing_is_400(client_for, scheduled, operator, body):
    response = client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/photos", body, format="json")
    assert response.status_code == 400
    assert not UnderwritePhoto.objects.exists()


def test_upload_by_the_buyer_is_403(client_for, scheduled, buyer):
    response = upload(client_for(buyer), scheduled, SimpleUploadedFile("a.png", image_bytes(), "image/png"))
    assert response.status_code == 403
    assert not UnderwritePhoto.objects.exists()


def test_upload_after_the_result_is_409(client_for, passed, operator):
    response = upload(client_for(operator), passed, SimpleUploadedFile("a.png", image_bytes(), "image/png"))
    assert response.status_code == 409
    assert "passed" in response.json()["message"]
    assert not UnderwritePhoto.objects.filter(file__gt="").exists()


def test_photos_with_a_json_array_body_is_400_not_500(scheduled, operator, client_for):
    """Found by `make fuzz`: a JSON body that is not an object is bad input."""
    response = client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/photos", [None, None], format="json")
    assert response.status_code == 400
    assert not scheduled.photos.exists()


def test_a_form_documents_how_many_files_it_takes(client_for, scheduled, operator, settings):
    """Issue 17 (fuzz): Django refuses a form with more than DATA_UPLOAD_MAX_NUMBER_FILES files (400), so the
    multipart `photos` documents that many at most."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    body = schema["paths"]["/api/v1/underwrites/{id}/photos"]["post"]["requestBody"]["content"]["multipart/form-data"]
    ref = body["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][ref]["properties"]["photos"]["maxItems"] == settings.DATA_UPLOAD_MAX_NUMBER_FILES
    def files(count):
        return [SimpleUploadedFile(f"{n}.png", image_bytes(), "image/png") for n in range(count)]

    assert upload(client_for(operator), scheduled, *files(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)).status_code == 400
    assert upload(client_for(operator), scheduled, *files(settings.DATA_UPLOAD_MAX_NUMBER_FILES)).status_code == 201
