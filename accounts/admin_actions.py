"""Admin actions that run one service call per selected row as one logged staff operation and report each
row's result (done, or refused and why) instead of a single optimistic "updated" message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _

from accounts.oplog import error_text, staff_operation
from common.errors import ApplicationError


def run_per_row(modeladmin, request, queryset, *, operation: str, run, label=str) -> tuple[list, list]:
    """Call `run(obj)` for each selected row inside `staff_operation` (a refused row gets a `failed` log
    row with its reason and changes nothing); message the result per row; return (done, refused)."""
    done, refused = [], []
    for obj in queryset:
        try:
            with staff_operation(actor=request.user, request=request, operation=operation, target=obj):
                run(obj)
        except (ApplicationError, DjangoPermissionDenied) as exc:
            refused.append((obj, error_text(exc)))
            modeladmin.message_user(
                request, _("%(row)s: refused — %(reason)s") % {"row": label(obj), "reason": error_text(exc)},
                messages.WARNING,
            )
        else:
            done.append(obj)
    if done:
        modeladmin.message_user(
            request, _("Done: %(rows)s.") % {"rows": ", ".join(str(label(obj)) for obj in done)}, messages.SUCCESS
        )
    return done, refused
