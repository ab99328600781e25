"""Operation log (seed 004 `admin_operation_logs`): exactly one row for every staff write in the admin and
the API — POST/PUT/PATCH/DELETE by an `is_staff` user — plus the reads that views mark as sensitive
(exports). Views and admin actions may name their operation; otherwise it is derived from the URL."""

import json
import logging
import re
import time

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import resolve
from django.urls.exceptions import Resolver404

from accounts.oplog import MAX_PARAMS_CHARS, RECORDED_FLAG, client_ip, redact, redacted_url

__all__ = ["OperationLogMiddleware", "client_ip", "log_operation"]

logger = logging.getLogger(__name__)

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_BODY_BYTES = 64 * 1024
ADMIN_VERBS = {"add": "create", "change": "update", "delete": "delete", "changelist": "update"}
API_VERBS = {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}
ID_SEGMENT = re.compile(r"^(\d+|[0-9a-fA-F-]{32,36}|ORD\d+)$")


def log_operation(request, **fields) -> None:
    """Name this request's operation-log entry (module, operation, target_type, target_id, error_message);
    also marks a read (e.g. an export) to be logged. Works with a Django or a DRF request."""
    django_request = getattr(request, "_request", request)
    info = getattr(django_request, "operation_log", None)
    if info is None:
        info = django_request.operation_log = {}
    info.update({key: ("" if value is None else value) for key, value in fields.items()})


def _read_params(request) -> dict:
    """Query string and body as one dict, read before the view consumes the body stream."""
    params: dict = {}
    for key in request.GET:
        values = request.GET.getlist(key)
        params[key] = values if len(values) > 1 else values[0]
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method not in WRITE_METHODS:
        return params
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        for key in request.POST:
            values = request.POST.getlist(key)
            params[key] = values if len(values) > 1 else values[0]
        for key in request.FILES:
            params[key] = [f.name for f in request.FILES.getlist(key)]
        return params
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if 0 < length <= MAX_BODY_BYTES:
        raw = request.body  # cached on the request, so the view can still parse it
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            body = {"_body": raw[:200].decode("utf-8", "replace")}
        if isinstance(body, dict):
            params.update(body)
        else:
            params["_body"] = body
    elif length:
        params["_body"] = f"<{length} bytes>"
    return params


def _admin_operation(request, response, match, params) -> dict | None:
    """Name an admin write after the model and the view or action (`merchant:approve`, `user:update`,
    `user:password_change`); a ModelAdmin's own views carry `model_admin` (Django sets it on each URL)."""
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None:  # extra views a ModelAdmin adds itself (UserAdmin's password form)
        bound = getattr(match.func, "__wrapped__", None)
        model_admin = getattr(bound, "__self__", None) if hasattr(getattr(bound, "__self__", None), "model") else None
    if model_admin is None:
        name = match.url_name or "write"
        return {"module": "admin", "operation": f"admin:{name}", "target_type": "", "target_id": ""}
    opts = model_admin.model._meta
    target_type = getattr(model_admin, "log_target_type", opts.model_name)
    url_name = match.url_name or ""
    marker = f"_{opts.model_name}_"
    view = url_name[url_name.index(marker) + len(marker):] if marker in url_name else url_name
    verb = ADMIN_VERBS.get(view, view)
    target_id = str(match.kwargs.get("object_id") or match.kwargs.get("id") or "")
    action = params.get("action") if view == "changelist" else None
    if action and isinstance(response, TemplateResponse) and response.status_code == 200:
        # A finished action redirects (or streams a file); a rendered page is a confirmation or reason
        # form (delete_selected, reject…): nothing was written yet, the follow-up POST is the write.
        return None
    if action:
        handler = model_admin.get_actions(request).get(action)
        func = handler[0] if handler else None
        verb = getattr(func, "log_verb", None) or ("delete" if action == "delete_selected" else action)
        selected = params.get("_selected_action", [])
        target_id = ",".join(selected if isinstance(selected, list) else [selected])
    if view == "add" and response.status_code == 302:
        # The new row's id is only known after the save: the admin redirects to it (or lists it).
        created = re.search(r"/(\d+)/change/", response.get("Location", ""))
        target_id = created.group(1) if created else target_id
    operation = verb if ":" in verb else f"{target_type}:{verb}"
    module = operation.split(":")[0]
    return {"module": module, "operation": operation, "target_type": target_type, "target_id": target_id[:100]}


def _api_operation(request, match) -> dict:
    """Name an API write after its path: `/api/v1/admin/merchants/5/approve` → merchant module,
    `merchants:approve`, target 5 (views name theirs exactly with `log_operation`)."""
    segments = [s for s in request.path.split("/") if s]
    for prefix in (["api", "v1"], ["api"]):
        if segments[: len(prefix)] == prefix:
            segments = segments[len(prefix):]
            break
    if segments and segments[0] == "admin":
        segments = segments[1:]
    ids = [s for s in segments if ID_SEGMENT.match(s)]
    words = [s for s in segments if not ID_SEGMENT.match(s)]
    module = words[0] if words else "api"
    verb = words[-1] if len(words) > 1 else API_VERBS.get(request.method, request.method.lower())
    return {"module": module[:50], "operation": f"{module}:{verb}"[:100], "target_type": module[:50],
            "target_id": (ids[0] if ids else "")[:100]}


def _rpc_operation(params) -> dict:
    """Name a JSON-RPC call after its method: `order.updateOrderState` → `order:updateOrderState`,
    target = the first parameter (the order or underwrite id in every seed-002 call)."""
    method = params.get("method") if isinstance(params, dict) else None
    if not isinstance(method, str):
        return {"module": "rpc", "operation": "rpc:batch", "target_type": "", "target_id": ""}
    module, _, name = method.partition(".")
    call_params = params.get("params")
    first = call_params[0] if isinstance(call_params, list) and call_params else None
    return {"module": module[:50], "operation": f"{module}:{name or module}"[:100], "target_type": module[:50],
            "target_id": str(first)[:100] if isinstance(first, str | int) else ""}


def _rpc_error(response) -> str:
    """JSON-RPC answers 200 even for a refused call; its body tells whether it failed."""
    try:
        body = json.loads(response.content)
    except (ValueError, AttributeError):
        return ""
    answers = body if isinstance(body, list) else [body]
    errors = []
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        if "error" in answer:
            errors.append(str(answer["error"].get("message", "error")))
        result = answer.get("result")
        if isinstance(result, dict) and result.get("code") not in (None, 200):
            errors.append(str(result.get("msg") or result.get("code")))
    return "; ".join(errors)[:2000]


def _error_message(request, response) -> str:
    """The failure's message: the API envelope's `message`, the admin form errors, or an error message
    an admin action queued."""
    data = getattr(response, "data", None)
    if response.status_code >= 400:
        if isinstance(data, dict) and data.get("message"):
            return str(data["message"])
        return f"HTTP {response.status_code}"
    context = getattr(response, "context_data", None) or {}
    errors = context.get("errors")
    if errors:
        return "; ".join(str(e) for e in errors)[:2000]
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    failures = [str(m) for m in queued if m.level >= messages.ERROR]
    return "; ".join(failures)[:2000]


class OperationLogMiddleware:
    """Write one `OperationLog` row after every staff write (and every marked read). Sits after the
    authentication and message middleware; a JWT user is known only after the DRF view ran, so the row is
    written after the response is built."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        params = None
        if request.method in WRITE_METHODS:
            try:
                params = _read_params(request)
            except Exception as exc:  # an unreadable body must not break the request; note it in the log
                params = {"_unreadable": str(exc)[:200]}
        response = self.get_response(request)
        if getattr(request, RECORDED_FLAG, False):
            return response  # the service path wrote this request's row(s) with the real outcome
        info = getattr(request, "operation_log", None)
        if request.method not in WRITE_METHODS and info is None:
            return response
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_staff:
            return response
        if params is None:
            params = _read_params(request)
        try:
            self._write(request, response, user, params, info or {}, started)
        except Exception:
            # The staff action itself already happened; losing its audit row must be loud, not fatal.
            logger.exception("operation log write failed for %s %s", request.method, request.path)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Take the operation a view class declares (`operation_log = {"operation": "merchant:approve", …}`),
        so even a request refused before the view body runs is named right. Values are formatted with the
        URL kwargs; `target_id` defaults to the `pk` kwarg; `"reads": True` logs GETs too (exports)."""
        view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
        declared = getattr(view_class, "operation_log", None)
        if not declared:
            return None
        declared = dict(declared)
        reads = declared.pop("reads", False)
        if request.method not in WRITE_METHODS and not reads:
            return None
        fields = {k: str(v).format(**view_kwargs) for k, v in declared.items()}
        if "pk" in view_kwargs:
            fields.setdefault("target_id", str(view_kwargs["pk"]))
        existing = getattr(request, "operation_log", {})
        request.operation_log = {**fields, **existing}
        return None

    def _write(self, request, response, user, params, info, started):
        from accounts.services import operation_log_create

        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and "admin" in match.namespaces:
            derived = _admin_operation(request, response, match, params)
            if derived is None:
                return
        elif match is not None and match.url_name == "jsonrpc":
            derived = _rpc_operation(params)
            info = {**info, "error_message": info.get("error_message") or _rpc_error(response)}
        else:
            derived = _api_operation(request, match)
        derived.update({k: v for k, v in info.items() if k != "error_message"})
        error = info.get("error_message") or _error_message(request, response)
        if "operation" in info and "module" not in info:
            derived["module"] = str(info["operation"]).split(":")[0]
        params_text = json.dumps(redact(params), ensure_ascii=False, default=str)
        operation_log_create(
            admin=user,
            module=str(derived["module"])[:50],
            operation=str(derived["operation"])[:100],
            target_id=str(derived.get("target_id", ""))[:100],
            target_type=str(derived.get("target_type", ""))[:50],
            request_method=request.method,
            request_url=redacted_url(request)[:500],
            request_params=params_text[:MAX_PARAMS_CHARS],
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
            status="failed" if response.status_code >= 400 or error else "success",
            error_message=error,
            execution_time=int((time.monotonic() - started) * 1000),
        )
