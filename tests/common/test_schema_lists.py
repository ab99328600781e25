"""Lists are documented as the envelope's list shape, so clients and the fuzzer see what the API answers."""

from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from common.api import paginate


class RowOutput(serializers.Serializer):
    id = serializers.IntegerField()


class PaginatedRowsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: RowOutput(many=True)})
    def get(self, request):
        return paginate(request, [{"id": 1}], RowOutput)


class BareRowsApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = None  # answers a bare array

    @extend_schema(responses={200: RowOutput(many=True)})
    def get(self, request):
        return RowOutput([{"id": 1}], many=True).data


def _schema():
    patterns = [path("api/v1/rows", PaginatedRowsApi.as_view()), path("api/v1/bare", BareRowsApi.as_view())]
    return SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)


def _data_schema(schema, path):
    data = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"]
    if "$ref" in data:
        data = schema["components"]["schemas"][data["$ref"].rsplit("/", 1)[1]]
    return data


def test_a_paginated_list_is_documented_as_list_and_pagination():
    schema = _schema()
    operation = schema["paths"]["/api/v1/rows"]["get"]
    data = _data_schema(schema, "/api/v1/rows")
    assert data["type"] == "object"
    assert set(data["required"]) == {"list", "pagination"}
    assert data["properties"]["list"]["type"] == "array"
    assert {p["name"] for p in operation["parameters"]} >= {"page", "size", "offset", "limit"}


def test_a_view_without_pagination_keeps_a_bare_array():
    data = _data_schema(_schema(), "/api/v1/bare")
    assert data["type"] == "array"
