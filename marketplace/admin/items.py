"""Admin for items and trades: filters, search, event history inline, transitions as actions (services)."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import run_each_logged
from accounts.admin_oplog import OperationLogAdminMixin
from accounts.oplog import staff_operation
from accounts.permissions import RBACAdminMixin, has_staff_perm
from common.admin_filters import deadline_list_filter
from marketplace.models import Item, ItemImage, Trade, TradeEvent
from marketplace.services import items as item_services
from marketplace.services import trades as trade_services
from merchants.admin import restore_action, take_down_action


class ItemImageInline(admin.TabularInline):
    model = ItemImage
    extra = 0


class TradeInline(admin.TabularInline):
    model = Trade
    fk_name = "item"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("buyer", "state", "cancel_reason", "created_at", "accepted_at", "deadline_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    # Content reviewers moderate items (seed 004 违规内容处理); superusers keep everything.
    rbac_view = rbac_change = "content:review"
    log_target_type = "item"
    list_display = ("id", "title", "seller", "category", "price", "state", "reserved_for", "hidden", "created_at")
    list_filter = ("state", "hidden", "category")
    search_fields = ("title", "note", "seller__username", "seller__nickname")
    list_select_related = ("seller", "reserved_for")
    raw_id_fields = ("seller",)
    readonly_fields = ("state", "reserved_for", "hidden", "created_at", "updated_at")
    inlines = (ItemImageInline, TradeInline)
    actions = ("withdraw_items", "relist_items", "take_down", "restore")

    def has_review_permission(self, request):
        return has_staff_perm(request.user, "content:review")

    @admin.action(description=_("Take down…"), permissions=["review"])
    def take_down(self, request, queryset):
        return take_down_action(self, request, queryset, kind="item")

    @admin.action(description=_("Restore taken-down content"), permissions=["review"])
    def restore(self, request, queryset):
        return restore_action(self, request, queryset, kind="item")

    @admin.action(description=_("Withdraw the selected items (cancels their pending trades)"), permissions=["review"])
    def withdraw_items(self, request, queryset):
        run_each_logged(self, request, queryset, lambda item: item_services.item_withdraw(
            item_id=item.pk, actor=request.user, staff=True),
            done_message=lambda n: ngettext("%d item withdrawn.", "%d items withdrawn.", n) % n, operation="item:withdraw")

    @admin.action(description=_("Relist the selected withdrawn items"), permissions=["review"])
    def relist_items(self, request, queryset):
        run_each_logged(self, request, queryset, lambda item: item_services.item_relist(
            item_id=item.pk, actor=request.user, staff=True),
            done_message=lambda n: ngettext("%d item relisted.", "%d items relisted.", n) % n, operation="item:relist")


class TradeEventInline(admin.TabularInline):
    model = TradeEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "type", "actor", "from_state", "to_state", "reason", "data")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


# An open trade is "close to its deadline" within a day of it (accept 48 h, confirmations 7 d: DESIGN §3.2).
TRADE_DEADLINE_SOON = timedelta(hours=24)
OPEN_TRADES = Q(state__in=(Trade.State.PENDING, Trade.State.PROCESSING))


@admin.register(Trade)
class TradeAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    # Trades are orders of seed 000: order:view reads them, order:manage acts on them as staff (DESIGN §9).
    rbac_view = "order:view"
    rbac_change = "order:manage"
    list_display = ("id", "item", "buyer", "seller", "state", "cancel_reason", "created_at", "deadline_at")
    list_filter = ("state", "cancel_reason", deadline_list_filter(TRADE_DEADLINE_SOON, OPEN_TRADES))
    search_fields = ("item__title", "buyer__username", "seller__username")
    list_select_related = ("item", "buyer", "seller")
    date_hierarchy = "created_at"
    readonly_fields = ("item", "buyer", "seller", "state", "cancel_reason", "created_at", "accepted_at",
                       "seller_confirmed_at", "completed_at", "cancelled_at", "deadline_at", "updated_at")
    inlines = (TradeEventInline,)
    actions = ("reject_trades", "reset_trades", "sweep_timeouts")

    def has_add_permission(self, request):
        return False  # trades start from a buyer's "I want to buy"

    def has_manage_permission(self, request):
        return has_staff_perm(request.user, "order:manage")

    @admin.action(description=_("Reject the selected pending trades"), permissions=["manage"])
    def reject_trades(self, request, queryset):
        run_each_logged(self, request, queryset, lambda trade: trade_services.trade_reject(
            trade_id=trade.pk, actor=request.user, staff=True),
            done_message=lambda n: ngettext("%d trade rejected.", "%d trades rejected.", n) % n, operation="trade:reject")

    @admin.action(description=_("Reset the selected processing trades (item back on sale)"), permissions=["manage"])
    def reset_trades(self, request, queryset):
        run_each_logged(self, request, queryset, lambda trade: trade_services.trade_cancel(
            trade_id=trade.pk, actor=request.user, staff=True),
            done_message=lambda n: ngettext("%d trade reset.", "%d trades reset.", n) % n, operation="trade:reset")

    @admin.action(description=_("Apply every due trade timeout now"), permissions=["manage"])
    def sweep_timeouts(self, request, queryset):
        with staff_operation(actor=request.user, request=request, operation="trade:sweep_timeouts",
                             target_type="trade"):
            count = trade_services.trades_sweep_timeouts()
        self.message_user(request, ngettext("%d timeout applied.", "%d timeouts applied.", count) % count)
