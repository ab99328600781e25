"""The operation log written by the service path (DESIGN §9 "Operation log"): one `OperationLog` row per
operation done by staff, with the real outcome.

    with staff_operation(actor=request.user, request=request, operation="order:cancel", target=order):
        order_cancel(order_id=order.pk, actor=request.user)

On success the row is written inside the same transaction as the change (a savepoint around the body);
when the body raises, the change is rolled back, a `failed` row with the error is written on its own, and
the error propagates. Actors that are not staff are not logged here (their actions are in the event tables).
"""

import ipaddress
import json
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404
from rest_framework.exceptions import APIException

from accounts.models import OperationLog
from common.errors import ApplicationError

logger = logging.getLogger(__name__)

SECRET_WORDS = ("password", "passwd", "token", "secret", "refresh", "access", "authorization", "api_key",
                "apikey", "signature", "csrfmiddlewaretoken", "otp", "code2session")
REDACTED = "***"
MAX_PARAMS_CHARS = 10_000


def is_secret_key(key) -> bool:
    key = str(key).lower()
    return any(word in key for word in SECRET_WORDS)


def redact(value):
    """Replace the value of every password/token/secret-like key, at any depth."""
    if isinstance(value, dict):
        return {k: (REDACTED if is_secret_key(k) else redact(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or — only when it is one of settings.TRUSTED_PROXIES — the nearest untrusted address
    of X-Forwarded-For (anyone can send that header; only our own proxy may be believed)."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(getattr(settings, "TRUSTED_PROXIES", []) or [])
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in trusted and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        for hop in reversed(hops):
            if hop not in trusted:
                remote = hop
                break
    try:
        return str(ipaddress.ip_address(remote)) if remote else None
    except ValueError:
        return None


def redacted_url(request) -> str:
    """The path and query string with secret-looking query values masked."""
    if not request.GET:
        return request.path
    query = request.GET.copy()
    for key in query:
        if is_secret_key(key):
            query.setlist(key, [REDACTED])
    return f"{request.path}?{query.urlencode(safe='*')}"


def _django_request(request):
    return getattr(request, "_request", request)


def request_params(request) -> dict:
    """Query string and form fields of a Django request (a DRF request's parsed `data` when it has one);
    a JSON body is not re-read here: doors pass what they parsed as `params`."""
    params: dict = {}
    django_request = _django_request(request)
    for query in (django_request.GET, getattr(django_request, "_post", None) or {}):
        for key in query:
            values = query.getlist(key)
            params[key] = values if len(values) > 1 else values[0]
    data = getattr(request, "_full_data", None)  # DRF caches the parsed body here once a view read it
    if isinstance(data, dict):
        params.update(data)
    return params


def is_staff_actor(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and getattr(actor, "is_staff", False)


def _detail_text(detail) -> str:
    """A DRF error detail (field → messages, nested) as one line."""
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_detail_text(value)}" for key, value in detail.items())
    if isinstance(detail, list | tuple):
        return " ".join(_detail_text(value) for value in detail)
    return str(detail)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, ApplicationError):
        return str(exc.message)
    if isinstance(exc, DjangoPermissionDenied):
        return str(exc) or "permission denied"
    if isinstance(exc, APIException):
        return _detail_text(exc.detail)
    if isinstance(exc, Http404):
        return str(exc) or "not found"
    return f"{type(exc).__name__}: {exc}"


@dataclass
class Operation:
    """What the body may still tell the log: the target (e.g. once a row is created) or extra params."""

    target_type: str = ""
    target_id: str = ""
    params: dict = field(default_factory=dict)


def operation_log_write(*, actor, operation: str, module: str | None, status: str, error: str = "",
                        op: Operation, request=None, started: float | None = None) -> OperationLog:
    """Append one row (rows are never changed afterwards)."""
    django_request = _django_request(request) if request is not None else None
    params = {**(request_params(request) if request is not None else {}), **op.params}
    return OperationLog.objects.create(
        admin=actor,
        admin_name=actor.get_username(),
        module=(module or operation.split(":")[0])[:50],
        operation=operation[:100],
        target_type=str(op.target_type)[:50],
        target_id=str(op.target_id)[:100],
        request_method=django_request.method if django_request is not None else "",
        request_url=redacted_url(django_request)[:500] if django_request is not None else "",
        request_params=json.dumps(redact(params), ensure_ascii=False, default=str)[:MAX_PARAMS_CHARS],
        ip_address=client_ip(django_request) if django_request is not None else None,
        user_agent=django_request.META.get("HTTP_USER_AGENT", "")[:500] if django_request is not None else "",
        status=status,
        error_message=error[:2000],
        execution_time=int((time.monotonic() - started) * 1000) if started is not None else None,
    )


@contextmanager
def staff_operation(*, actor, operation: str, request=None, module: str | None = None, target=None,
                    target_type: str = "", target_id: object = "", params: dict | None = None):
    """Run the body as one staff operation and record it (see the module docstring). `target` is a model
    instance (its model name and pk are the target); `operation` is the seed's `module:verb`."""
    if not is_staff_actor(actor):
        yield Operation()
        return
    if target is not None:
        target_type = target_type or target._meta.model_name
        target_id = target_id or target.pk
    op = Operation(target_type=target_type, target_id="" if target_id is None else str(target_id),
                   params=dict(params or {}))
    started = time.monotonic()
    try:
        with transaction.atomic():
            yield op
            operation_log_write(actor=actor, operation=operation, module=module, status=OperationLog.Status.SUCCESS,
                                op=op, request=request, started=started)
    except Exception as exc:
        operation_log_write(actor=actor, operation=operation, module=module, status=OperationLog.Status.FAILED,
                            error=error_text(exc), op=op, request=request, started=started)
        raise


def record_refusal(*, actor, operation: str, error: str, request=None, target=None, target_type: str = "",
                   target_id: object = "", params: dict | None = None) -> None:
    """A staff operation refused before any service ran (a form with errors): its `failed` row."""
    if not is_staff_actor(actor):
        return
    if target is not None:
        target_type, target_id = target_type or target._meta.model_name, target_id or target.pk
    op = Operation(target_type=target_type, target_id=str(target_id), params=dict(params or {}))
    operation_log_write(actor=actor, operation=operation, module=None, status=OperationLog.Status.FAILED,
                        error=error, op=op, request=request)


def rpc_call_logged(request, method_name: str, params: list, call):
    """JSON-RPC call wrapper (registered with common.jsonrpc): one row per call made by staff."""
    module, _dot, verb = method_name.partition(".")
    first = params[0] if params and isinstance(params[0], str | int) else ""
    with staff_operation(actor=getattr(request, "user", None), request=request, module=module,
                         operation=f"{module}:{verb or module}", target_type=module, target_id=first,
                         params={"method": method_name, "params": params}):
        return call()
