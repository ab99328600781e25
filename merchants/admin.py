"""Admin for merchants, website applications and success cases: states change only through actions that
call the services (never a free-text state field); each action checks its RBAC permission."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.admin_actions import ReasonForm, ServiceActionsMixin, run_service_action, service_action
from accounts.admin_oplog import OperationLogAdminMixin
from accounts.permissions import RBACAdminMixin, has_staff_perm
from merchants import moderation
from merchants.models import (
    Merchant,
    MerchantApplication,
    MerchantApplicationEvent,
    MerchantEvent,
    Product,
    SuccessCase,
    SuccessCaseEvent,
)
from merchants.services import merchants as merchant_services
from merchants.services import website as website_services


def ask_reason_then(modeladmin, request, queryset, *, action: str, title, call, done_message, operation: str,
                    required=True):
    """Show a small form asking for a reason; on its submit, run `call(obj, reason)` for every row (each
    one a logged staff `operation`)."""
    if "apply" in request.POST:
        form = ReasonForm(request.POST)
        if not required:
            form.fields["reason"].required = False
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            run_service_action(modeladmin, request, queryset, lambda obj: call(obj, reason), done_message,
                               operation=operation)
            return None
    else:
        form = ReasonForm()
        if not required:
            form.fields["reason"].required = False
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title, "form": form, "queryset": queryset, "action": action, "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/accounts/reason_action.html", context)


class ReadOnlyEventInline(admin.TabularInline):
    extra = 0
    can_delete = False
    fields = ("occurred_at", "type", "from_state", "to_state", "actor", "reason", "data")
    readonly_fields = fields
    ordering = ("occurred_at", "id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class MerchantEventInline(ReadOnlyEventInline):
    model = MerchantEvent


@admin.register(Merchant)
class MerchantAdmin(OperationLogAdminMixin, ServiceActionsMixin, RBACAdminMixin, admin.ModelAdmin):
    rbac_view = rbac_change = merchant_services.REVIEW_PERMISSION
    log_target_type = "merchant"
    list_display = ("id", "business_name", "user", "merchant_type", "status", "contact_person", "contact_phone",
                    "created_at")
    list_filter = ("status", "merchant_type", "created_at")
    search_fields = ("business_name", "contact_person", "contact_phone", "user__username")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("status", "reject_reason", "rating_avg", "rating_count", "created_at", "updated_at")
    inlines = [MerchantEventInline]
    actions = [
        service_action("approve", description=_("Approve the selected merchants"), operation="merchant:approve",
                       permission=merchant_services.REVIEW_PERMISSION,
                       run=lambda m, actor, reason: merchant_services.merchant_approve(merchant_id=m.pk, actor=actor)),
        service_action("reject", description=_("Reject the selected merchants…"), operation="merchant:reject",
                       permission=merchant_services.REVIEW_PERMISSION, reason="required",
                       title=_("Reject merchants"),
                       run=lambda m, actor, reason: merchant_services.merchant_reject(merchant_id=m.pk, actor=actor,
                                                                                      reason=reason)),
        service_action("suspend", description=_("Suspend the selected merchants…"), operation="merchant:suspend",
                       permission=merchant_services.REVIEW_PERMISSION, reason="optional",
                       title=_("Suspend merchants"),
                       run=lambda m, actor, reason: merchant_services.merchant_suspend(merchant_id=m.pk, actor=actor,
                                                                                       reason=reason)),
        service_action("reinstate", description=_("Reinstate the selected merchants"), operation="merchant:reinstate",
                       permission=merchant_services.REVIEW_PERMISSION,
                       run=lambda m, actor, reason: merchant_services.merchant_reinstate(merchant_id=m.pk,
                                                                                         actor=actor)),
    ]


class MerchantApplicationEventInline(ReadOnlyEventInline):
    model = MerchantApplicationEvent


@admin.register(MerchantApplication)
class MerchantApplicationAdmin(OperationLogAdminMixin, ServiceActionsMixin, RBACAdminMixin, admin.ModelAdmin):
    rbac_view = rbac_change = merchant_services.REVIEW_PERMISSION
    rbac_add = False  # applications come from the website form
    log_target_type = "merchant_application"
    list_display = ("id", "business_name", "merchant_type", "contact_person", "contact_phone", "email", "status",
                    "created_at")
    list_filter = ("status", "merchant_type", "created_at")
    search_fields = ("business_name", "contact_person", "contact_phone", "email")
    date_hierarchy = "created_at"
    readonly_fields = ("status", "merchant", "reject_reason", "handled_by", "handled_at", "ip_address", "created_at")
    inlines = [MerchantApplicationEventInline]
    actions = [
        service_action("convert", description=_("Convert into merchant accounts"), operation="merchant:convert",
                       permission=merchant_services.REVIEW_PERMISSION,
                       run=lambda a, actor, reason: website_services.application_convert(application_id=a.pk,
                                                                                         actor=actor)),
        service_action("reject", description=_("Reject the selected applications…"),
                       operation="merchant:reject_application", permission=merchant_services.REVIEW_PERMISSION,
                       reason="required", title=_("Reject applications"),
                       run=lambda a, actor, reason: website_services.application_reject(application_id=a.pk,
                                                                                        actor=actor, reason=reason)),
    ]


class SuccessCaseEventInline(ReadOnlyEventInline):
    model = SuccessCaseEvent


@admin.register(SuccessCase)
class SuccessCaseAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    rbac_view = rbac_change = rbac_add = "content:review"
    log_target_type = "content"
    list_display = ("id", "title", "merchant", "state", "hidden", "published_at", "created_at")
    list_filter = ("state", "hidden", "created_at")
    search_fields = ("title", "description")
    date_hierarchy = "created_at"
    list_select_related = ("merchant",)
    raw_id_fields = ("merchant",)
    fields = ("title", "description", "image_url", "merchant", "state", "hidden", "published_at", "created_by")
    readonly_fields = ("state", "hidden", "published_at", "created_by")
    inlines = [SuccessCaseEventInline]
    actions = ["submit", "publish", "send_back", "unpublish", "take_down", "restore"]

    def has_review_permission(self, request):
        return has_staff_perm(request.user, "content:review")

    def has_publish_permission(self, request):
        return has_staff_perm(request.user, "content:publish")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        case = website_services.case_create(actor=request.user, data=form.cleaned_data)
        # The service saved its own instance; make the admin's one that same row for the redirect and inlines.
        obj.pk, obj.created_by_id, obj.created_at = case.pk, case.created_by_id, case.created_at
        obj._state.adding, obj._state.db = False, case._state.db

    def _transition(self, request, queryset, action, message):
        run_service_action(self, request, queryset,
                           lambda c: website_services.case_transition(case_id=c.pk, actor=request.user, action=action),
                           message, operation=f"content:{action}")

    @admin.action(description=_("Submit for review"), permissions=["review"])
    def submit(self, request, queryset):
        self._transition(request, queryset, "submit", _("Submitted %(count)d case(s) for review."))

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._transition(request, queryset, "publish", _("Published %(count)d case(s)."))

    @admin.action(description=_("Send back to draft"), permissions=["publish"])
    def send_back(self, request, queryset):
        self._transition(request, queryset, "send_back", _("Sent %(count)d case(s) back to draft."))

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._transition(request, queryset, "unpublish", _("Unpublished %(count)d case(s)."))

    @admin.action(description=_("Take down…"), permissions=["review"])
    def take_down(self, request, queryset):
        return take_down_action(self, request, queryset, kind="case")

    @admin.action(description=_("Restore taken-down content"), permissions=["review"])
    def restore(self, request, queryset):
        return restore_action(self, request, queryset, kind="case")


def take_down_action(modeladmin, request, queryset, *, kind: str):
    """Admin action body for any content admin (items, products, cases): ask the reason, then hide."""
    return ask_reason_then(
        modeladmin, request, queryset, action="take_down", title=_("Take down content"),
        call=lambda obj, reason: moderation.content_take_down(kind=kind, target_id=obj.pk, actor=request.user,
                                                              reason=reason),
        done_message=_("Took down %(count)d row(s)."), operation="content:take_down",
    )


def restore_action(modeladmin, request, queryset, *, kind: str):
    run_service_action(modeladmin, request, queryset,
                       lambda obj: moderation.content_restore(kind=kind, target_id=obj.pk, actor=request.user),
                       _("Restored %(count)d row(s)."), operation="content:restore")


@admin.register(Product)
class ProductAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    # Content reviewers moderate products (take down / restore); merchants edit them through their pages.
    rbac_view = "content:review"
    rbac_change = rbac_add = rbac_delete = False
    log_target_type = "product"
    list_display = ("id", "name", "merchant", "price", "category", "status", "hidden", "created_at")
    list_filter = ("status", "category", "hidden")
    search_fields = ("name", "description", "merchant__business_name")
    list_select_related = ("merchant",)
    raw_id_fields = ("merchant",)
    readonly_fields = ("status",)  # moved by the product services' transitions only
    actions = ("take_down", "restore")

    def has_review_permission(self, request):
        return has_staff_perm(request.user, "content:review")

    @admin.action(description=_("Take down…"), permissions=["review"])
    def take_down(self, request, queryset):
        return take_down_action(self, request, queryset, kind="product")

    take_down.log_verb = "content:take_down"

    @admin.action(description=_("Restore taken-down content"), permissions=["review"])
    def restore(self, request, queryset):
        return restore_action(self, request, queryset, kind="product")

    restore.log_verb = "content:restore"
