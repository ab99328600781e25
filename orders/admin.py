"""Orders in the admin: filters, the event timeline and payments inline, transitions as actions that call
the services, CSV export; the seed-002 catalog."""

import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import has_staff_perm
from common.errors import ApplicationError
from orders import services
from orders.models import (
    Driver,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    Plan,
    PlanItem,
    Promotion,
    Quotation,
    Review,
    Vehicle,
)


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "type", "actor", "from_state", "to_state", "reason", "data")
    readonly_fields = fields
    ordering = ("occurred_at", "id")

    def has_add_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ("reference", "gateway", "amount", "status", "transaction_id", "paid_at", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    can_delete = False
    fields = ("product", "plan", "plan_item", "quantity", "unit_price", "price")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _transition_action(name: str, label, run):
    def action(modeladmin, request, queryset):
        done = 0
        for order in queryset:
            try:
                run(order=order, user=request.user)
                done += 1
            except ApplicationError as exc:
                modeladmin.message_user(request, f"{order.order_no}: {exc.message}", messages.WARNING)
        if done:
            modeladmin.message_user(request, _("%(count)d order(s) updated.") % {"count": done}, messages.SUCCESS)

    action.__name__ = f"order_{name}"
    action.short_description = label
    return action


def _apply(transition: str):
    def run(*, order, user):
        services.order_move(order_id=order.pk, transition=transition, actor=user, reason="admin")

    return run


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("order_no", "kind", "state", "buyer", "merchant", "summary", "payment", "created_at", "updated_at")
    list_filter = ("kind", "state", "merchant")
    search_fields = ("order_no", "buyer__username")
    list_select_related = ("buyer", "merchant")
    date_hierarchy = "created_at"
    readonly_fields = (
        "id", "order_no", "kind", "state", "buyer", "merchant", "vehicle", "summary", "payment", "expect_at",
        "start_at", "stop_at", "deadline_at", "paid_at", "completed_at", "cancelled_at", "created_at", "updated_at",
    )
    fields = readonly_fields + ("delivery_address",)
    inlines = [OrderItemInline, PaymentInline, OrderEventInline]
    actions = [
        _transition_action("cancel", gettext_lazy("Cancel selected orders"),
                           lambda *, order, user: services.order_cancel(order_id=order.pk, actor=user, reason="admin")),
        _transition_action("refund", gettext_lazy("Refund selected product orders"),
                           lambda *, order, user: services.product_order_refund(order_id=order.pk, actor=user)),
        _transition_action("complete", gettext_lazy("Complete selected product orders"),
                           lambda *, order, user: services.product_order_confirm(order_id=order.pk, actor=user)),
        _transition_action("activate", gettext_lazy("Make selected paid contracts effective"),
                           _apply("activate")),
        _transition_action("expire", gettext_lazy("Expire selected effective contracts"), _apply("expire")),
        "export_csv",
    ]

    def has_add_permission(self, request):
        return False  # orders are placed by their buyers through the services

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return has_staff_perm(request.user, "data:export")

    @admin.action(description=gettext_lazy("Export selected orders as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="orders-{timezone.now():%Y%m%d%H%M%S}.csv"'
        writer = csv.writer(response)
        columns = ["order_no", "id", "kind", "state", "state_code", "buyer", "merchant", "summary", "payment",
                   "created_at", "paid_at", "completed_at", "cancelled_at"]
        writer.writerow(columns)
        for order in queryset.select_related("buyer", "merchant"):
            writer.writerow([
                order.order_no, order.pk, order.kind, order.state, order.state_code, order.buyer.username,
                order.merchant.business_name if order.merchant_id else "", order.summary, order.payment,
                order.created_at.isoformat(), order.paid_at.isoformat() if order.paid_at else "",
                order.completed_at.isoformat() if order.completed_at else "",
                order.cancelled_at.isoformat() if order.cancelled_at else "",
            ])
        return response

    export_csv.log_verb = "data:export"


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 1


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    inlines = [PlanItemInline]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ("plate_no", "vin", "owner", "value")
    search_fields = ("plate_no", "vin", "owner__username")


@admin.register(Quotation)
class QuotationAdmin(admin.ModelAdmin):
    list_display = ("vehicle", "total", "created_at")
    filter_horizontal = ("plans",)


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ("code", "discount", "active")


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = ("name", "license_no", "owner", "phone")
    search_fields = ("name", "license_no")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("id", "merchant", "user", "rating", "created_at")
    list_filter = ("rating",)
    search_fields = ("merchant__business_name", "user__username", "comment")
    list_select_related = ("merchant", "user")
    readonly_fields = ("user", "merchant", "order", "rating", "comment", "created_at")

    def has_add_permission(self, request):
        return False
