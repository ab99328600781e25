"""API conventions (DESIGN §4): the {code, message, data} envelope, page/size pagination, one exception
handler for every error, and the schema hook that shows the envelope in the OpenAPI document."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed as FSMTransitionNotAllowed
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from common.errors import ApplicationError

logger = logging.getLogger(__name__)

SUCCESS_MESSAGE = "success"  # the seed's literal success message; never translated


def envelope(data=None, *, code: int = 0, message: str = SUCCESS_MESSAGE) -> dict:
    return {"code": code, "message": message, "data": data}


def error_response(status: int, message, data=None, headers=None) -> Response:
    response = Response(envelope(data, code=status, message=str(message)), status=status, headers=headers)
    response.enveloped = True
    return response


class EnvelopeJSONRenderer(JSONRenderer):
    """Wrap every successful payload as {"code": 0, "message": "success", "data": …}."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and not getattr(response, "enveloped", False):
            if response.status_code == 204:
                return b""
            if response.status_code >= 400:
                data = envelope(data, code=response.status_code, message=_("Request failed."))
            else:
                data = envelope(data)
        return super().render(data, accepted_media_type, renderer_context)


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def exception_handler(exc, context):
    """Map every error to the envelope with its real HTTP status in `code`."""
    headers = {}
    if isinstance(exc, ApplicationError):
        return error_response(exc.status, exc.message, exc.data)
    if isinstance(exc, FSMTransitionNotAllowed):
        obj = getattr(exc, "object", None)
        state = getattr(obj, "state", None) if obj is not None else None
        message = _("This action is not allowed while the state is %(state)s.") % {"state": state}
        return error_response(409, message, {"state": state})
    if isinstance(exc, RequestDataTooBig):
        return error_response(400, _("The request body is too large."))
    if isinstance(exc, RawPostDataException):
        # An earlier reader (a middleware logging parameters) met a body it could not parse, so nothing can
        # read it now: the same bad body, answered like the other parse failures.
        logger.warning("Request body no longer readable after a failed parse: %s", exc)
        return error_response(400, _("The request could not be accepted."))
    if isinstance(exc, SuspiciousOperation):
        # Too many form fields or files (DATA_UPLOAD_MAX_NUMBER_FIELDS/FILES) and other malformed input raised
        # while parsing the body: the client's fault, never a 500 (found by the fuzzer).
        logger.warning("Refused a suspicious request: %s", exc)
        return error_response(400, _("The request could not be accepted."))
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        data = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return error_response(400, _first_message(data), data)
    if isinstance(exc, drf_exceptions.APIException):
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        if isinstance(exc, drf_exceptions.ValidationError):
            return error_response(400, _first_message(exc.detail), exc.detail, headers)
        if isinstance(exc, drf_exceptions.Throttled):
            return error_response(429, _("Too many requests; slow down."), None, headers)
        return error_response(exc.status_code, _first_message(exc.detail), None, headers)
    if isinstance(exc, OverflowError | DataError):
        # A number or text the database cannot hold (an id of 40 digits in the path or a filter): the client's
        # input, so a 400 rather than a 500 (found by the fuzzer on SQLite and PostgreSQL alike).
        logger.warning("Database refused a value from the request: %s", exc)
        return error_response(400, _("A value in the request is out of range."))
    logger.exception("Unhandled API error", exc_info=exc)
    return error_response(500, _("Internal server error."))


class PageSizePagination(BasePagination):
    """`?page=1&size=10` (size ≤ 100) → {"list": [...], "pagination": {page, size, total}}.
    Seeds that use `offset`/`limit` are answered too (page is derived from them)."""

    default_size = 10
    max_size = 100
    max_param = 10**9  # page, size, offset and limit alike

    def _int_param(self, request, name, default, minimum):
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise drf_exceptions.ValidationError({name: [_("Must be an integer.")]}) from None
        if value < minimum:
            raise drf_exceptions.ValidationError({name: [_("Must be at least %(min)d.") % {"min": minimum}]})
        if value > self.max_param:
            # Beyond this the offset overflows the database's integer (a 500 the fuzzer found), and no list is
            # that long anyway.
            raise drf_exceptions.ValidationError({name: [_("Must be at most %(max)d.") % {"max": self.max_param}]})
        return value

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if "limit" in params or "offset" in params:
            size = self._int_param(request, "limit", self.default_size, 1)
            offset = self._int_param(request, "offset", 0, 0)
        else:
            size = self._int_param(request, "size", self.default_size, 1)
            page = self._int_param(request, "page", 1, 1)
            offset = (page - 1) * min(size, self.max_size)
        size = min(size, self.max_size)
        self.size = size
        self.offset = offset
        self.page = offset // size + 1
        self.total = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        return list(queryset[offset : offset + size])

    def get_paginated_response(self, data):
        return Response(
            {"list": data, "pagination": {"page": self.page, "size": self.size, "total": self.total}}
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["list", "pagination"],
            "properties": {
                "list": schema,
                "pagination": {
                    "type": "object",
                    "required": ["page", "size", "total"],
                    "properties": {
                        "page": {"type": "integer"},
                        "size": {"type": "integer"},
                        "total": {"type": "integer"},
                    },
                },
            },
        }

    def get_schema_operation_parameters(self, view):
        def param(name, description):
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": "integer", "minimum": 0 if name == "offset" else 1, "maximum": PageSizePagination.max_param},
            }

        return [
            param("page", "Page number (1-based)."),
            param("size", "Page size, at most 100."),
            param("offset", "Seed-style offset (instead of page)."),
            param("limit", "Seed-style limit (instead of size)."),
        ]


def paginate(request, queryset, serializer_class, *, view=None, context=None) -> Response:
    """Paginate `queryset` with the project pagination and render it with `serializer_class`."""
    paginator = PageSizePagination()
    rows = paginator.paginate_queryset(queryset, request, view)
    ctx = {"request": request, **(context or {})}
    return paginator.get_paginated_response(serializer_class(rows, many=True, context=ctx).data)


class ErrorEnvelopeSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
    data = serializers.JSONField(allow_null=True)


ERROR_STATUSES = ("400", "401", "403", "404", "405", "409", "429")


def envelope_schema_hook(result, generator, request, public):
    """Wrap every documented JSON response in the envelope and document the error answers."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorEnvelope"] = {
        "type": "object",
        "required": ["code", "message", "data"],
        "properties": {
            "code": {"type": "integer"},
            "message": {"type": "string"},
            "data": {"nullable": True},
        },
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, response in operation["responses"].items():
                content = response.get("content", {})
                body = content.get("application/json")
                if body is None or not str(status).startswith("2"):
                    continue
                original = body.get("schema", {})
                body["schema"] = {
                    "type": "object",
                    "required": ["code", "message", "data"],
                    "properties": {
                        "code": {"type": "integer", "enum": [0]},
                        "message": {"type": "string"},
                        "data": original,
                    },
                }
            for status in ERROR_STATUSES:
                operation["responses"].setdefault(
                    status,
                    {
                        "description": "Error envelope",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
                    },
                )
    return result
