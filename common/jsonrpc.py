"""JSON-RPC 2.0 at `POST /api/rpc` for the seed-002 calls (DESIGN §8 "JSON-RPC").

HTTP 200 for every well-formed call. Success: `result = {"code": 200, "msg": null, "data": …}`; a domain
failure (an ApplicationError): `result = {"code": <status>, "msg": <message>}`; protocol errors use the
JSON-RPC `error` member (-32700 parse, -32600 invalid request, -32601 unknown method, -32602 bad params).
Methods register with `@rpc_method("order.placeAnPlanOrder")` and take `(request, *params)` positionally.
"""

import importlib
import inspect
import logging

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework.exceptions import AuthenticationFailed

from common.errors import ApplicationError, NotAuthenticated, PermissionDenied
from common.jsonlimits import JSONLimitError, json_loads_limited
from common.tokens import VersionedJWTAuthentication

logger = logging.getLogger(__name__)

METHODS: dict[str, callable] = {}
# Modules whose import registers methods (kept here so the dispatcher finds them without import cycles).
METHOD_MODULES = getattr(settings, "JSONRPC_METHOD_MODULES", ["orders.rpc_methods", "underwrite.rpc_methods"])


# Wrappers around every call, `wrapper(request, method_name, params, call) -> result`, registered by higher
# apps in AppConfig.ready (accounts: the operation log, one row per call made by staff).
CALL_WRAPPERS: list[callable] = []


def register_call_wrapper(wrapper) -> None:
    if wrapper not in CALL_WRAPPERS:
        CALL_WRAPPERS.append(wrapper)


def _run(request, name: str, method, params: list):
    def call(index=0):
        if index == len(CALL_WRAPPERS):
            return method(request, *params)
        return CALL_WRAPPERS[index](request, name, params, lambda: call(index + 1))

    return call()


def rpc_method(name: str):
    def register(func):
        METHODS[name] = func
        return func

    return register


def _load_methods():
    for module in METHOD_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


class BadParams(Exception):
    """Raise from a method for wrong parameter types/count (→ JSON-RPC -32602)."""


def _error(rpc_id, code: int, message: str, status: int = 200):
    return JsonResponse({"jsonrpc": "2.0", "id": rpc_id, "error": {"code": code, "message": message}}, status=status)


def _csrf_ok(request) -> bool:
    """Django's CSRF check on this request (the view is csrf_exempt so Bearer calls need no token)."""
    return CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {}) is None


def _authenticate(request):
    """The same Bearer token as the REST API (DESIGN §8), or a session with a valid CSRF token (DESIGN §9:
    a page on another origin must not drive a logged-in browser)."""
    try:
        result = VersionedJWTAuthentication().authenticate(request)
    except AuthenticationFailed:
        result = None
    if result is None:
        session_user = getattr(request, "_rpc_session_user", None) or request.user
        if session_user.is_authenticated:
            if not getattr(request, "_rpc_csrf_ok", None):
                request._rpc_csrf_ok = _csrf_ok(request)
            if request._rpc_csrf_ok:
                request._rpc_session_user = session_user
                return session_user
            raise PermissionDenied(_("A session call needs a valid CSRF token (or send a Bearer token)."))
        raise NotAuthenticated()
    return result[0]


def _call(request, payload):
    if not isinstance(payload, dict) or payload.get("jsonrpc") != "2.0" or not isinstance(payload.get("method"), str):
        return None, {"code": -32600, "message": "Invalid Request"}
    rpc_id = payload.get("id")
    if isinstance(rpc_id, bool) or not isinstance(rpc_id, str | int | float | None):
        return None, {"code": -32600, "message": "Invalid Request: id must be a string, a number or null"}
    params = payload.get("params", [])
    if isinstance(params, dict):
        params = [params]
    if not isinstance(params, list):
        return rpc_id, {"code": -32602, "message": "Invalid params"}
    method = METHODS.get(payload["method"])
    if method is None:
        return rpc_id, {"code": -32601, "message": "Method not found"}
    try:
        inspect.signature(method).bind(request, *params)
    except TypeError as exc:
        return rpc_id, {"code": -32602, "message": f"Invalid params: {exc}"}
    try:
        request.user = _authenticate(request)
        data = _run(request, payload["method"], method, params)
        return rpc_id, {"result": {"code": 200, "msg": None, "data": data}}
    except BadParams as exc:
        return rpc_id, {"code": -32602, "message": f"Invalid params: {exc}"}
    except ApplicationError as exc:
        return rpc_id, {"result": {"code": exc.status, "msg": str(exc.message)}}


@csrf_exempt
@require_POST
def jsonrpc_view(request):
    _load_methods()
    if len(request.body) > settings.JSON_MAX_BYTES:
        return _error(None, -32600, f"Invalid Request: larger than {settings.JSON_MAX_BYTES} bytes", status=413)
    try:
        payload = json_loads_limited(request.body or b"")
    except JSONLimitError as exc:
        return _error(None, -32600, f"Invalid Request: {exc}", status=400)
    except ValueError:
        # Not JSON at all (an empty body too): no call to answer, so not the 200 of a well-formed call (the schema
        # requires a body; the fuzzer's "schema-violating request accepted").
        return _error(None, -32700, "Parse error", status=400)
    batch = isinstance(payload, list)
    calls = payload if batch else [payload]
    if batch and not calls:
        return _error(None, -32600, "Invalid Request")
    if len(calls) > settings.JSONRPC_MAX_CALLS:
        return _error(None, -32600, f"Invalid Request: at most {settings.JSONRPC_MAX_CALLS} calls per batch")
    answers = []
    for call in calls:
        rpc_id, outcome = _call(request, call)
        if "result" in outcome:
            answers.append({"jsonrpc": "2.0", "id": rpc_id, "result": outcome["result"]})
        else:
            answers.append({"jsonrpc": "2.0", "id": rpc_id, "error": outcome})
    body = answers if batch else answers[0]
    return JsonResponse(body, safe=False)


__all__ = ["rpc_method", "BadParams", "jsonrpc_view"]
