"""Helpers for server-rendered pages: domain errors become messages or field errors, never a stack trace.

Page views (`<app>/views.py`) stay thin: validate a form, call one service through `call_service`, redirect.
"""

import functools

from django.contrib import messages
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django_fsm import TransitionNotAllowed as FSMTransitionNotAllowed

from common.errors import ApplicationError, TransitionNotAllowed


def _as_application_error(exc: Exception) -> ApplicationError:
    if isinstance(exc, ApplicationError):
        return exc
    # django_fsm's own error (a transition checked on the model) is the same 409 as ours.
    state = getattr(getattr(exc, "object", None), "state", None)
    return TransitionNotAllowed(data={"state": state} if state else None)


def attach_errors(form, error: ApplicationError) -> None:
    """Put a service's field errors next to the matching form fields; the rest becomes a form-wide error."""
    placed = False
    if isinstance(error.data, dict):
        for field, problems in error.data.items():
            if field in form.fields:
                for problem in problems if isinstance(problems, list | tuple) else [problems]:
                    form.add_error(field, str(problem))
                placed = True
    if not placed:
        form.add_error(None, str(error.message))


def call_service(request, service, /, *, form=None, success: str | None = None, **kwargs):
    """Call `service(**kwargs)`; on a domain error show it (next to the form's fields when a form is given)
    and return `(False, None)`, else flash `success` and return `(True, result)`."""
    try:
        result = service(**kwargs)
    except (ApplicationError, FSMTransitionNotAllowed) as exc:
        error = _as_application_error(exc)
        if form is not None:
            attach_errors(form, error)
        else:
            messages.error(request, str(error.message))
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def domain_error_page(view):
    """Render an uncaught domain error (404 not yours, 409 wrong state…) as a readable page with its status."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (ApplicationError, FSMTransitionNotAllowed) as exc:
            error = _as_application_error(exc)
            return render(request, "error.html", {"error": error}, status=error.status)

    return wrapper


def next_url(request, default: str) -> str:
    """The safe `next` target of a form post (same host only), else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default
