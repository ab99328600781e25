"""The failed-login lockout's policy, read by django-axes (one backend for the API token endpoint, the admin
and the site's /accounts/login/; seed 004 security design): LOGIN_MAX_FAILURES failures for one account name
(case-insensitive, from any address) lock it for LOGIN_LOCKOUT_SECONDS."""

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def failure_limit(request, credentials) -> int:
    return settings.LOGIN_MAX_FAILURES


def cool_off(request=None) -> timedelta:
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def username(request, credentials) -> str:
    value = (credentials or {}).get("username")
    if value is None and request is not None and request.method == "POST":
        value = request.POST.get("username")
    return str(value or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The API answers its own 429 envelope (TokenApi); the site and the admin get a plain 429 page.

    django-axes' async middleware path (uvicorn) calls this as (request, credentials): the second argument
    is then a dict, not the view's response, and the envelope is built here."""
    if not isinstance(original_response, HttpResponse):
        original_response = None
    if request.path.startswith("/api/"):
        if original_response is not None:
            return original_response
        message = str(_("Too many failed logins; try again later."))
        return JsonResponse({"code": 429, "message": message, "data": None}, status=429)
    return HttpResponse(_("Too many failed logins; try again later."), status=429,
                        content_type="text/plain; charset=utf-8")


def login_succeeded(request, user) -> None:
    """Tell django-axes about a login that does not go through `django.contrib.auth.login` (the API's JWT
    token): the account's earlier failures are cleared, as after a site or admin login."""
    AxesProxyHandler.user_logged_in(sender=type(user), request=request, user=user)
