"""The operation log at the admin's own forms (DESIGN §9 "Operation log"): a staff user's save of an add or
change form, a deletion and a `delete_selected` each write one row with the real outcome — `success` in the
transaction of the change, `failed` with the form's errors (nothing saved) or with the refusal (403).
Our admin actions log themselves per row (accounts.admin_actions); the libraries' ones are logged whole."""

from django.contrib.admin import helpers

from accounts.oplog import staff_operation
from common.errors import ValidationFailed

# Request attributes: the refusal a view noted (the form shown again), the open row, whether a row was deleted.
REFUSAL = "_operation_refusal"
RECORD = "_operation_record"
DELETED = "_operation_deleted"


class FormRefused(ValidationFailed):
    """Raised inside the logged operation when the admin re-rendered its form with errors: the row is
    `failed` with them, and the rendered page is still the answer."""

    def __init__(self, message, response):
        super().__init__(message)
        self.response = response


def form_errors_text(form, formsets=()) -> str:
    """The errors of a form and its inline formsets as one line (`field: message …`), for the log (the page
    shows its own)."""
    parts = [f"{field}: {' '.join(messages)}" for field, messages in form.errors.items()]
    for formset in formsets:
        parts += [str(error) for error in formset.non_form_errors()]
        for inline_form in formset.forms:
            parts += [f"{field}: {' '.join(messages)}" for field, messages in inline_form.errors.items()]
    return "; ".join(parts) or "the form has errors"


def logged_view(request, *, operation: str, target_type: str, target_id, view):
    """Run an admin view that writes as one staff operation; a view that re-rendered its form with errors
    (it set the request's refusal) gives a `failed` row and its page."""
    try:
        with staff_operation(actor=request.user, request=request, operation=operation, target_type=target_type,
                             target_id=target_id or "") as record:
            setattr(request, RECORD, record)
            response = view()
            refusal = getattr(request, REFUSAL, None)
            if refusal is not None:
                raise FormRefused(refusal, response)
            return response
    except FormRefused as refused:
        return refused.response


class OperationLogAdminMixin:
    """For every ModelAdmin (first in the bases): form saves and deletions by staff are logged as
    `<target_type>:create|update|delete`, target_type being `log_target_type` or the model name."""

    log_target_type: str | None = None
    # The libraries' admins (periodic jobs, tokens…): their actions do not log themselves, so each run of
    # one is a row naming the selected ids. Ours log per row (accounts.admin_actions) and leave this off.
    log_whole_actions = False

    def operation_target_type(self) -> str:
        return self.log_target_type or self.model._meta.model_name

    def response_action(self, request, queryset):
        action = request.POST.get("action", "")
        if not self.log_whole_actions or action in ("", "delete_selected"):  # deletions log in delete_queryset
            return super().response_action(request, queryset)
        selected = ",".join(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        with staff_operation(actor=request.user, request=request, operation=f"{self.operation_target_type()}:{action}",
                             target_type=self.operation_target_type(), target_id=selected[:100]):
            return super().response_action(request, queryset)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        if request.method != "POST":
            return view(request, object_id, form_url, extra_context)
        verb = "create" if object_id is None or "_saveasnew" in request.POST else "update"
        return logged_view(request, operation=f"{self.operation_target_type()}:{verb}",
                           target_type=self.operation_target_type(), target_id=object_id,
                           view=lambda: view(request, object_id, form_url, extra_context))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST" and "adminform" in context:  # a posted form shown again: it has errors
            formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
            setattr(request, REFUSAL, form_errors_text(context["adminform"].form, formsets))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def log_addition(self, request, obj, message):
        record = getattr(request, RECORD, None)
        if record is not None:
            record.target_id = str(obj.pk)  # an add: the new row's id, known once saved
        return super().log_addition(request, obj, message)

    def delete_view(self, request, object_id, extra_context=None):
        view = super().delete_view
        if request.method != "POST":
            return view(request, object_id, extra_context)

        def delete():
            response = view(request, object_id, extra_context)
            if not getattr(request, DELETED, False):  # protected rows, or none: nothing deleted
                setattr(request, REFUSAL, "nothing was deleted")
            return response

        return logged_view(request, operation=f"{self.operation_target_type()}:delete",
                           target_type=self.operation_target_type(), target_id=object_id, view=delete)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        setattr(request, DELETED, True)

    def delete_queryset(self, request, queryset):
        """`delete_selected`: one row naming every deleted id."""
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        with staff_operation(actor=request.user, request=request, operation=f"{self.operation_target_type()}:delete",
                             target_type=self.operation_target_type(), target_id=ids[:100]):
            super().delete_queryset(request, queryset)
