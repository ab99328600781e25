"""Admin actions that run one service call per selected row as one logged staff operation and report each
row's result (done, or refused and why) instead of a single optimistic "updated" message."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.oplog import error_text, staff_operation
from accounts.permissions import has_staff_perm
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


def run_each_logged(modeladmin, request, rows, call, *, operation: str, done_message, level=messages.ERROR) -> int:
    """Call a service per row as one logged staff operation (`staff_operation`: success, or failed with why);
    message each refusal (wrong state, missing permission…) without stopping, then `done_message(n)`."""
    done = 0
    for row in rows:
        try:
            with staff_operation(actor=request.user, request=request, operation=operation, target=row):
                call(row)
        except (ApplicationError, DjangoPermissionDenied) as exc:
            modeladmin.message_user(request, f"{row}: {error_text(exc)}", level)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)
    return done


def run_service_action(modeladmin, request, queryset, call, done_message, *, operation: str) -> int:
    """`run_each_logged` over the selected rows in id order; `done_message` has a `%(count)d`."""
    return run_each_logged(modeladmin, request, queryset.order_by("pk"), call, operation=operation,
                           done_message=lambda n: done_message % {"count": n})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}))


def reason_page(modeladmin, request, queryset, *, action: str, title, required: bool = True):
    """The reason typed on the intermediate page (posted back with `apply`), or the page to render."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    form.fields["reason"].required = required
    if form.is_bound and form.is_valid():
        return form.cleaned_data["reason"], None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title, "form": form, "queryset": queryset, "action": action, "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return None, TemplateResponse(request, "admin/accounts/reason_action.html", context)


def service_action(name: str, *, description, operation: str, permission: str, run, reason: str | None = None,
                   title=None, label=str):
    """An admin action calling `run(obj, actor, reason)` (one service call) per selected row through
    `run_per_row`: one op-log row per row (success / failed with why) and a done / refused message each.
    `reason` is None (not asked), "required" or "optional" (asked on an intermediate page first).
    Offered only to users holding `permission` when the ModelAdmin uses `ServiceActionsMixin`."""

    def action(modeladmin, request, queryset):
        text = ""
        if reason:
            text, page = reason_page(modeladmin, request, queryset, action=name, title=title or description,
                                     required=reason == "required")
            if page is not None:
                return page
        run_per_row(modeladmin, request, queryset.order_by("pk"), operation=operation,
                    run=lambda obj: run(obj, request.user, text), label=label)
        return None

    action.__name__ = name
    action.short_description = description
    action.rbac_permission = permission
    return action


def action_allowed(action, user) -> bool:
    """An action's `rbac_permission` is a codename or a `user -> bool` check; no attribute allows it."""
    needed = getattr(action, "rbac_permission", None)
    if not needed:
        return True
    return needed(user) if callable(needed) else has_staff_perm(user, needed)


class ServiceActionsMixin:
    """Drops every action whose `rbac_permission` the user lacks (a `service_action`, or any action given
    that attribute) from the action menu, and so from what a crafted POST can run: Django only runs actions
    `get_actions` returns. A selected row whose state does not allow the move is refused by its service and
    reported per row (`run_per_row`)."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {name: entry for name, entry in actions.items() if action_allowed(entry[0], request.user)}
