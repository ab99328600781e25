"""Orders in the admin: filters, the event timeline and payments inline, transitions as actions that call
the services, CSV export; the seed-002 catalog."""

import csv
from datetime import timedelta

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.admin_actions import ServiceActionsMixin, run_per_row, service_action
from accounts.admin_oplog import OperationLogAdminMixin
from accounts.oplog import staff_operation
from accounts.permissions import RBACAdminMixin, has_staff_perm, reads_plan_orders, require_perm
from common.admin_filters import deadline_list_filter
from common.csv_cells import csv_row
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
from orders.services import payments as payment_services


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
    """An admin action running `run` per selected order as the staff operation `order:<name>`."""

    def action(modeladmin, request, queryset):
        run_per_row(modeladmin, request, queryset, operation=f"order:{name}",
                    run=lambda order: run(order=order, user=request.user), label=lambda order: order.order_no)

    action.__name__ = f"order_{name}"
    action.short_description = label
    action.allowed_permissions = ("manage",)
    return action


def _apply(transition: str):
    def run(*, order, user):
        require_perm(user, "order:manage")
        services.order_move(order_id=order.pk, transition=transition, actor=user, reason="admin")

    return run


def _orders_csv(queryset) -> HttpResponse:
    """The selected orders as CSV (an export: a sensitive read, logged by the action)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="orders-{timezone.now():%Y%m%d%H%M%S}.csv"'
    writer = csv.writer(response)
    columns = ["order_no", "id", "kind", "state", "state_code", "buyer", "merchant", "summary", "payment",
               "created_at", "paid_at", "completed_at", "cancelled_at"]
    writer.writerow(columns)
    for order in queryset.select_related("buyer", "merchant"):
        writer.writerow(csv_row([
            order.order_no, order.pk, order.kind, order.state, order.state_code, order.buyer.username,
            order.merchant.business_name if order.merchant_id else "", order.summary, order.payment,
            order.created_at.isoformat(), order.paid_at.isoformat() if order.paid_at else "",
            order.completed_at.isoformat() if order.completed_at else "",
            order.cancelled_at.isoformat() if order.cancelled_at else "",
        ]))
    return response
# An unpaid order is "close to its deadline" in the last third of ORDER_PAYMENT_TIMEOUT (30 min, DESIGN §3.3).
ORDER_DEADLINE_SOON = timedelta(minutes=10)


@admin.register(Order)
class OrderAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    """Orders for order:view (all) and underwrite staff (plan orders only, no payments); actions need
    order:manage and each row's move is checked again by the service."""

    rbac_view = "order:view"
    rbac_change = "order:manage"
    list_display = ("order_no", "kind", "state", "buyer", "merchant", "summary", "payment", "created_at", "updated_at")
    list_filter = ("kind", "state", deadline_list_filter(ORDER_DEADLINE_SOON), "merchant")
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

    def has_view_permission(self, request, obj=None):
        plan_only = reads_plan_orders(request.user) and (obj is None or obj.kind == Order.Kind.PLAN)
        return plan_only or super().has_view_permission(request, obj)

    def has_manage_permission(self, request):
        return has_staff_perm(request.user, "order:manage")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if has_staff_perm(request.user, "order:view"):
            return queryset
        if reads_plan_orders(request.user):
            return queryset.filter(kind=Order.Kind.PLAN)
        return queryset.none()

    def get_inlines(self, request, obj):
        if has_staff_perm(request.user, "order:view"):
            return self.inlines
        return [inline for inline in self.inlines if inline is not PaymentInline]

    def has_export_permission(self, request):
        return has_staff_perm(request.user, "data:export")

    @admin.action(description=gettext_lazy("Export selected orders as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        with staff_operation(actor=request.user, request=request, operation="data:export", target_type="order"):
            return _orders_csv(queryset)


@admin.register(Payment)
class PaymentAdmin(OperationLogAdminMixin, ServiceActionsMixin, RBACAdminMixin, admin.ModelAdmin):
    """Payments for order:view; order:manage closes an open one as failed or refunds a succeeded one's order
    (DESIGN §9). Rows come from the gateway paths only."""

    rbac_view = "order:view"
    rbac_change = rbac_add = rbac_delete = False
    list_display = ("reference", "order_no", "gateway", "amount", "status", "transaction_id", "paid_at", "created_at")
    list_filter = ("status", "gateway", "created_at")
    search_fields = ("reference", "transaction_id", "order__order_no")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    readonly_fields = ("id", "order", "gateway", "reference", "transaction_id", "amount", "status", "callback_data",
                       "paid_at", "created_at", "updated_at")
    actions = [
        service_action("mark_failed", description=gettext_lazy("Mark the selected open payments failed…"),
                       operation="order:payment_failed", permission="order:manage", reason="required",
                       title=gettext_lazy("Mark payments failed"),
                       run=lambda payment, actor, reason: payment_services.payment_mark_failed(
                           payment_id=payment.pk, actor=actor, reason=reason),
                       label=lambda payment: payment.reference),
        service_action("refund_orders", description=gettext_lazy("Refund the orders of the selected paid payments"),
                       operation="order:refund", permission="order:manage",
                       run=lambda payment, actor, reason: payment_services.payment_refund(payment_id=payment.pk,
                                                                                          actor=actor),
                       label=lambda payment: payment.reference),
    ]

    @admin.display(description=Order._meta.get_field("order_no").verbose_name, ordering="order__order_no")
    def order_no(self, payment: Payment) -> str:
        return payment.order.order_no


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 1


class CatalogAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    """The seed-002 catalog: read with order:view, edited as system configuration (system:config)."""

    rbac_view = "order:view"
    rbac_change = rbac_add = rbac_delete = "system:config"


@admin.register(Plan)
class PlanAdmin(CatalogAdmin):
    list_display = ("name", "active")
    inlines = [PlanItemInline]


@admin.register(Vehicle)
class VehicleAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    rbac_view = "order:view"
    list_display = ("plate_no", "vin", "owner", "value")
    search_fields = ("plate_no", "vin", "owner__username")


@admin.register(Quotation)
class QuotationAdmin(CatalogAdmin):
    list_display = ("vehicle", "total", "created_at")
    filter_horizontal = ("plans",)


@admin.register(Promotion)
class PromotionAdmin(CatalogAdmin):
    list_display = ("code", "discount", "active")


@admin.register(Driver)
class DriverAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    rbac_view = "order:view"
    list_display = ("name", "license_no", "owner", "phone")
    search_fields = ("name", "license_no")


@admin.register(Review)
class ReviewAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    rbac_view = "content:review"
    list_display = ("id", "merchant", "user", "rating", "created_at")
    list_filter = ("rating",)
    search_fields = ("merchant__business_name", "user__username", "comment")
    list_select_related = ("merchant", "user")
    readonly_fields = ("user", "merchant", "order", "rating", "comment", "created_at")

    def has_add_permission(self, request):
        return False
