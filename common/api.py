"""API conventions (DESIGN §4): the {code, message, data} envelope (pagination: common.pagination), one exception
handler for every error, and the schema hook that shows the envelope in the OpenAPI document."""

import logging

import orjson
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
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from common.errors import ApplicationError
from common.pagination import PageSizePagination, paginate  # noqa: F401 — the API's one pagination

logger = logging.getLogger(__name__)

SUCCESS_MESSAGE = "success"  # the seed's literal success message; never translated


# The schema of a `data` that is always null (an answer that only says "done"), as OpenAPI 3.0 writes null.
NULL_DATA = {"type": "object", "nullable": True, "enum": [None], "description": "Always null."}


def envelope(data=None, *, code: int = 0, message: str = SUCCESS_MESSAGE) -> dict:
    return {"code": code, "message": message, "data": data}


def error_response(status: int, message, data=None, headers=None) -> Response:
    response = Response(envelope(data, code=status, message=str(message)), status=status, headers=headers)
    response.enveloped = True
    return response


_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class EnvelopeJSONRenderer(JSONRenderer):
    """Wrap every successful payload as {"code": 0, "message": "success", "data": …}; rendered by orjson, with
    DRF's encoder for what orjson does not know (dates, decimals, lazy text), so the bytes are DRF's."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        data = self._wrap(data, renderer_context)
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            return orjson.dumps(data, default=self._default, option=_ORJSON_OPTIONS)
        except (orjson.JSONEncodeError, TypeError):
            return super().render(data, accepted_media_type, renderer_context)

    _default = staticmethod(JSONEncoder().default)

    @staticmethod
    def _wrap(data, renderer_context):
        response = (renderer_context or {}).get("response")
        if response is not None and not getattr(response, "enveloped", False):
            if response.status_code == 204:
                return None
            if response.status_code >= 400:
                data = envelope(data, code=response.status_code, message=_("Request failed."))
            else:
                data = envelope(data)
        return data


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


class ErrorEnvelopeSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
    data = serializers.JSONField(allow_null=True)


ERROR_STATUSES = ("400", "401", "403", "404", "405", "409", "415", "429")


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
            for parameter in operation.get("parameters", []):
                # Every list reads an empty query value as "not given" (django-filter's rule, the paginator's
                # too): say so, or `?status=` answering 200 reads as a schema-violating request accepted.
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
            for status in ERROR_STATUSES:
                operation["responses"].setdefault(
                    status,
                    {
                        "description": "Error envelope",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
                    },
                )
    return result
