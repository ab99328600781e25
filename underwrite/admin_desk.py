"""The inspection desk's admin pieces (issue 14): who of the underwrite roles sees the underwrite pages, and
the plan-time filter (today / overdue / upcoming) the dashboard links to, and the desk page where an
inspection is filled and its result submitted — thin: every write is an underwrite service call wrapped in
`staff_operation` (one op-log row each), with the update times the form read (the stale-write rule)."""

from datetime import datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_oplog import form_errors_text
from accounts.oplog import record_refusal, staff_operation
from accounts.permissions import UNDERWRITE_PERMS, has_any_staff_perm
from common.errors import ApplicationError, Stale
from orders.models import Order
from underwrite import services
from underwrite.models import Underwrite
from underwrite.permissions import OPERATOR_GROUP

User = get_user_model()


class PlanTimeFilter(admin.SimpleListFilter):
    """Inspections by plan time in the display time zone's today: overdue (still scheduled, planned before
    now), today, upcoming (after today)."""

    title = _("plan time")
    parameter_name = "plan"

    def lookups(self, request, model_admin):
        return (("today", _("Today")), ("overdue", _("Overdue")), ("upcoming", _("Upcoming")))

    def queryset(self, request, queryset):
        return plan_time_filter(queryset, self.value())


def plan_time_filter(queryset, which: str | None, now=None):
    now = now or timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=1)
    if which == "today":
        return queryset.filter(plan_time__gte=start, plan_time__lt=end)
    if which == "overdue":
        return queryset.filter(state=Underwrite.S.SCHEDULED, plan_time__lt=now)
    if which == "upcoming":
        return queryset.filter(plan_time__gte=end)
    return queryset


class UnderwriteDeskMixin:
    """Underwrite operators and reviewers see the underwrite pages (DESIGN §9); `is_staff` alone does not."""

    def has_view_permission(self, request, obj=None):
        return has_any_staff_perm(request.user, *UNDERWRITE_PERMS) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request) or super().has_module_permission(request)

    def get_urls(self):
        desk = self.admin_site.admin_view(UnderwriteDeskView(self))
        schedule = self.admin_site.admin_view(ScheduleView(self))
        return [
            path("schedule/", schedule, name="underwrite_underwrite_schedule"),
            path("<path:object_id>/desk/", desk, name="underwrite_underwrite_desk"),
            *super().get_urls(),
        ]

    @admin.display(description=_("Desk"))
    def desk_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:underwrite_underwrite_desk", args=[obj.pk]),
                           _("Inspect"))


# --- the desk page: fill, photos, note and place, the result — each through the underwrite services -------
def seen(value) -> str:
    """An update time as the form carries it (exact, microseconds kept); "" when nothing is stored yet."""
    return value.isoformat() if value else ""


def read_seen(text: str | None):
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class OperatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_username()


def operator_choices():
    return User.objects.filter(is_active=True, groups__name=OPERATOR_GROUP).distinct().order_by("username")


class FillForm(forms.Form):
    real_place = forms.CharField(label=_("Inspection place"), max_length=256)
    operator = OperatorField(label=_("Operator"), queryset=User.objects.none())
    certificate_state = forms.TypedChoiceField(
        label=_("Certificate state"), choices=Underwrite.CertificateState.choices, coerce=int
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    real_seen = forms.CharField(widget=forms.HiddenInput, required=False)
    note_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operator_choices()


class EditForm(forms.Form):
    """After the fill: the inspection place and the note, each with the update time it read."""

    real_place = forms.CharField(label=_("Inspection place"), max_length=256)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    real_seen = forms.CharField(widget=forms.HiddenInput, required=False)
    note_seen = forms.CharField(widget=forms.HiddenInput, required=False)


class ProblemForm(forms.Form):
    type = forms.CharField(label=_("Problem type"), max_length=32)
    description = forms.CharField(label=_("Description"), required=False)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo"))


ProblemFormSet = forms.formset_factory(ProblemForm, extra=3)
PhotoFormSet = forms.formset_factory(PhotoForm, extra=2)


def initial_of(underwrite: Underwrite, user) -> dict:
    return {
        "real_place": underwrite.real_place or underwrite.validate_place, "note": underwrite.note or "",
        "operator": underwrite.operator_id or user.pk, "certificate_state": underwrite.certificate_state,
        "real_seen": seen(underwrite.real_update_time), "note_seen": seen(underwrite.note_update_time),
    }


def _note_if_changed(user, underwrite: Underwrite, data: dict) -> None:
    if (data["note"] or "") != (underwrite.note or ""):
        services.underwrite_alter_note(actor=user, underwrite_id=underwrite.pk, note=data["note"],
                                       last_seen=read_seen(data["note_seen"]))


def _photos(user, underwrite_id, photo_set) -> None:
    files = [form.cleaned_data["file"] for form in photo_set if form.cleaned_data.get("file")]
    if files:
        services.underwrite_add_photos(actor=user, underwrite_id=underwrite_id, files=files)


def do_fill(user, underwrite, form, problem_set, photo_set) -> None:
    data = form.cleaned_data
    problems = [f.cleaned_data for f in problem_set if f.cleaned_data.get("type")]
    services.underwrite_fill(
        actor=user, underwrite_id=underwrite.pk, real_place=data["real_place"], operator=data["operator"].pk,
        certificate_state=data["certificate_state"], problems=problems, last_seen=read_seen(data["real_seen"]),
    )
    _photos(user, underwrite.pk, photo_set)
    _note_if_changed(user, Underwrite.objects.get(pk=underwrite.pk), data)


def do_edit(user, underwrite, form, problem_set, photo_set) -> None:
    data = form.cleaned_data
    if data["real_place"] != (underwrite.real_place or ""):
        services.underwrite_alter_real_place(actor=user, underwrite_id=underwrite.pk, real_place=data["real_place"],
                                             last_seen=read_seen(data["real_seen"]))
    _note_if_changed(user, underwrite, data)
    if underwrite.state == Underwrite.S.INSPECTED:
        _photos(user, underwrite.pk, photo_set)


def do_result(user, underwrite, result: str, result_seen) -> None:
    if underwrite.state == Underwrite.S.INSPECTED:
        services.underwrite_submit_result(actor=user, underwrite_id=underwrite.pk, result=result,
                                          last_seen=result_seen)
    else:
        services.underwrite_alter_result(actor=user, underwrite_id=underwrite.pk, result=result,
                                         last_seen=result_seen)


def run_desk_operation(request, underwrite, operation: str, body, params: dict) -> bool:
    """One staff operation (one op-log row with its outcome); a stale write says so and shows the current
    value, any other refusal its reason. Answers whether it was done."""
    try:
        with staff_operation(actor=request.user, request=request, operation=operation, target=underwrite,
                             params=params):
            body()
    except Stale as exc:
        messages.error(request, _("This inspection was changed meanwhile; nothing was saved. %(detail)s")
                       % {"detail": exc.message})
        return False
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    return True


class UnderwriteDeskView:
    """GET shows the inspection with the forms its state allows; POST runs one of them and redirects back."""

    template = "admin/underwrite/underwrite/desk.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request, object_id):
        admin_ = self.model_admin
        underwrite = admin_.get_object(request, object_id)
        if underwrite is None or not admin_.has_view_permission(request, underwrite):
            raise PermissionDenied
        scheduled = underwrite.state == Underwrite.S.SCHEDULED
        post = request.method == "POST"
        # A posted form is the one the page showed when it was read (a stale fill stays a fill).
        fill = request.POST.get("desk_form") == "fill" if post else scheduled
        form_class = FillForm if fill else EditForm
        form = form_class(request.POST if post else None, initial=initial_of(underwrite, request.user))
        problem_set = ProblemFormSet(request.POST if post else None, prefix="problems")
        photo_set = PhotoFormSet(request.POST if post else None, request.FILES if post else None, prefix="photos")
        if post:
            done = self.post(request, underwrite, form, problem_set, photo_set)
            if done is not None:
                return redirect(request.path)
        context = {
            **admin_.admin_site.each_context(request), "opts": admin_.model._meta, "original": underwrite,
            "title": _("Inspection of order %(order_no)s") % {"order_no": underwrite.order.order_no},
            "underwrite": underwrite, "form": form, "problem_set": problem_set, "photo_set": photo_set,
            "scheduled": scheduled, "result_seen": seen(underwrite.result_update_time),
            "can_result": underwrite.state != Underwrite.S.SCHEDULED,
            "can_photos": underwrite.state in (Underwrite.S.SCHEDULED, Underwrite.S.INSPECTED),
            "problems": underwrite.problems.filter(deleted=False),
            "photos": underwrite.photos.filter(deleted=False),
            "results": Underwrite.Result.choices,
        }
        return TemplateResponse(request, self.template, context)

    def post(self, request, underwrite, form, problem_set, photo_set):
        """None: show the form again with its errors; else the outcome, told in a message."""
        user = request.user
        result = request.POST.get("result")
        if result is not None:
            submit = underwrite.state == Underwrite.S.INSPECTED
            operation = "underwrite:submit_result" if submit else "underwrite:alter_result"
            if result not in Underwrite.Result.values:
                messages.error(request, _("Choose passed or failed."))
                record_refusal(actor=user, request=request, operation=operation, target=underwrite,
                               error="result: choose passed or failed")
                return False
            done = run_desk_operation(
                request, underwrite, operation,
                lambda: do_result(user, underwrite, result, read_seen(request.POST.get("result_seen"))),
                {"result": result},
            )
            if done:
                messages.success(request, _("Result recorded: %(result)s.") % {"result": result})
            return done
        fill = isinstance(form, FillForm)
        operation = "underwrite:fill" if fill else "underwrite:edit"
        # Problems are listed only on the fill form; afterwards they are part of the record.
        if not (form.is_valid() and photo_set.is_valid() and (not fill or problem_set.is_valid())):
            formsets = [photo_set, problem_set] if fill else [photo_set]
            record_refusal(actor=user, request=request, operation=operation, target=underwrite,
                           error=form_errors_text(form, formsets))
            return None
        done = run_desk_operation(
            request, underwrite, operation,
            lambda: (do_fill if fill else do_edit)(user, underwrite, form, problem_set, photo_set),
            {"real_place": form.cleaned_data["real_place"], "note": form.cleaned_data["note"]},
        )
        if done:
            messages.success(request, _("Inspection saved."))
        return done


# --- scheduling from a placed plan order ----------------------------------------------------------------
class OrderField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.order_no


class ScheduleForm(forms.Form):
    order = OrderField(label=_("Plan order"), queryset=Order.objects.none())
    plan_time = forms.DateTimeField(label=_("Planned inspection time"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    validate_place = forms.CharField(label=_("Appointment place"), max_length=256)
    operator = OperatorField(label=_("Operator"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Placed plan orders not scheduled yet: the only orders the underwrite roles act on.
        self.fields["order"].queryset = Order.objects.filter(
            kind=Order.Kind.PLAN, state=Order.S.PLACED, underwrite__isnull=True
        ).order_by("created_at")
        self.fields["operator"].queryset = operator_choices()


class ScheduleView:
    template = "admin/underwrite/underwrite/schedule.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request):
        admin_ = self.model_admin
        if not admin_.has_view_permission(request):
            raise PermissionDenied
        form = ScheduleForm(request.POST or None, initial={"operator": request.user.pk})
        if request.method == "POST" and not form.is_valid():
            record_refusal(actor=request.user, request=request, operation="underwrite:create",
                           error=form_errors_text(form))
        elif request.method == "POST":
            data = form.cleaned_data
            created = []
            try:
                with staff_operation(actor=request.user, request=request, operation="underwrite:create",
                                     target=data["order"], params={"validate_place": data["validate_place"]}):
                    created.append(services.underwrite_create(
                        actor=request.user, oid=data["order"].pk, plan_time=data["plan_time"],
                        validate_place=data["validate_place"], operator=data["operator"].pk,
                    ))
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Inspection scheduled."))
                return redirect("admin:underwrite_underwrite_desk", created[0].pk)
        context = {**admin_.admin_site.each_context(request), "opts": admin_.model._meta,
                   "title": _("Schedule an inspection"), "form": form}
        return TemplateResponse(request, self.template, context)
