"""Regression tests for what `make fuzz` (bench/fuzz.py) found in the foundation."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.models import User
from common.api import PageSizePagination
from common.errors import ValidationFailed


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"page": 10**22}, {"size": 10**22}, {"offset": 10**22}, {"limit": 10**22}])
def test_huge_pagination_numbers_are_a_400_not_an_overflow(params):
    """`GET …?page=14908256949378157117440` overflowed the database integer in OFFSET: a 500."""
    request = Request(APIRequestFactory().get("/x", params))
    with pytest.raises(ValidationFailed) as caught:
        PageSizePagination().paginate_queryset(User.objects.order_by("pk"), request)
    assert next(iter(caught.value.data)) in params


@pytest.mark.django_db
def test_the_largest_allowed_page_is_an_empty_list(user):
    request = Request(APIRequestFactory().get("/x", {"page": PageSizePagination.max_param}))
    assert PageSizePagination().paginate_queryset(User.objects.order_by("pk"), request) == []


@pytest.mark.django_db
def test_a_blank_gender_matches_the_profile_schema(user_api, user):
    """GET users/profile answered gender "" while the schema allowed only male/female/other."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    profile = schema["components"]["schemas"]["ProfileOutput"]["properties"]["gender"]
    allowed = set()
    for option in profile.get("oneOf", [profile]):
        ref = option.get("$ref")
        target = schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else option
        allowed |= set(target.get("enum", []))
    assert user_api.get("/api/v1/users/profile").json()["data"]["gender"] == ""
    assert "" in allowed


@pytest.mark.django_db
def test_too_many_form_fields_is_a_400_not_a_500(user_api, settings):
    """A multipart body with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS raised TooManyFieldsSent: a 500."""
    fields = {"title": "x", **{f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}}
    response = user_api.post("/api/v1/items", fields, format="multipart")  # items take multipart (images)
    assert response.status_code == 400
    assert response.json()["code"] == 400


@pytest.mark.django_db
def test_too_large_a_form_body_is_a_400(user_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = user_api.post("/api/v1/items", {"title": "x", "note": "x" * 2000}, format="multipart")
    assert response.status_code == 400


def test_a_body_spoiled_by_an_earlier_reader_is_a_400(settings):
    """A middleware that reads request.POST of a body with too many fields leaves it unreadable; the view's
    parse then raised RawPostDataException: a 500 (POST messages/read with 1,200 `ids` fields)."""
    from django.core.exceptions import TooManyFieldsSent
    from django.test import RequestFactory
    from rest_framework.permissions import AllowAny
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class EchoApi(APIView):
        authentication_classes = []
        permission_classes = [AllowAny]

        def post(self, request):
            return Response(dict(request.data))

    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    request = RequestFactory().post("/api/v1/echo", fields)  # multipart, like a browser form
    with pytest.raises(TooManyFieldsSent):
        request.POST  # noqa: B018  (what a logging middleware does first)
    response = EchoApi.as_view()(request)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "error",
    [OverflowError("Python int too large to convert to SQLite INTEGER"), "data_error"],
)
def test_a_value_the_database_cannot_hold_is_a_400(error):
    """`GET animals?merchant_id=<30 digits>`, `activities/<36 digits>/register`: the database driver refused
    the number (OverflowError on SQLite, DataError on PostgreSQL) and the API answered 500."""
    from django.db import DataError
    from django.test import RequestFactory
    from rest_framework.permissions import AllowAny
    from rest_framework.views import APIView

    exc = DataError("integer out of range") if error == "data_error" else error

    class LookupApi(APIView):
        authentication_classes = []
        permission_classes = [AllowAny]

        def get(self, request):
            raise exc  # what the driver raises from inside the ORM call

    response = LookupApi.as_view()(RequestFactory().get("/api/v1/lookup"))
    assert response.status_code == 400
    assert response.data["code"] == 400


def test_merchant_application_with_blank_email_matches_its_schema(db, api):
    response = api.post("/api/v1/website/merchant/apply", {
        "business_name": "XX农场", "contact_person": "张三", "contact_phone": "13800138000", "email": "",
        "description": "专业养殖羊驼的农场"}, format="json")
    assert response.status_code == 200
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())["components"]["schemas"]
    email = schema["PublicApplicationOutput"]["properties"]["email"]
    assert email.get("format") != "email"
