"""Health check and JSON error pages for the API paths."""

import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from common.api import envelope


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    key = f"healthz:{time.time():f}"
    cache.set(key, "ok", 5)
    if cache.get(key) != "ok":
        raise RuntimeError("cache read-back failed")
    cache.delete(key)


def _check_channel_layer():
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    async_to_sync(layer.group_send)("healthz", {"type": "healthz.ping"})


@require_GET
def healthz(request):
    """200 when the database, cache and channel layer answer; 503 naming the broken part otherwise."""
    checks = {}
    healthy = True
    for name, check in (("database", _check_database), ("cache", _check_cache), ("channel_layer", _check_channel_layer)):
        started = time.perf_counter()
        try:
            check()
            checks[name] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 2)}
        except Exception as exc:  # a health check reports every failure instead of raising
            healthy = False
            checks[name] = {"ok": False, "error": str(exc)}
    return JsonResponse({"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_aware_404(request, exception=None):
    if _is_api(request):
        return JsonResponse(envelope(None, code=404, message=_("Not found.")), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def api_aware_500(request):
    if _is_api(request):
        return JsonResponse(envelope(None, code=500, message=_("Internal server error.")), status=500)
    from django.views.defaults import server_error

    return server_error(request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: under /api/ the envelope's documented 403 (a cookie-signed-in client that sent no
    CSRF token), never Django's HTML page; elsewhere Django's own page."""
    if _is_api(request):
        return JsonResponse(envelope(None, code=403, message=_("CSRF verification failed; the request was refused.")),
                            status=403)
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason)


@csrf_exempt  # a 404 changes nothing, so a POST there needs no CSRF token (it answered an HTML 403: the fuzzer)
def api_unknown_path(request, path=""):
    """Any `/api/v1/` path no route claims: the envelope's 404, also with DEBUG on (no technical page)."""
    return JsonResponse(envelope(None, code=404, message=_("Not found.")), status=404)
