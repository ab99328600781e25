from django.contrib import admin

from accounts.admin_oplog import OperationLogAdminMixin
from travel.models import Companionship, Invitation, InvitationEvent, TravelPlan


@admin.register(TravelPlan)
class TravelPlanAdmin(OperationLogAdminMixin, admin.ModelAdmin):
    list_display = ("id", "user", "destination", "start_date", "end_date", "budget", "visibility", "created_at")
    list_filter = ("visibility",)
    search_fields = ("destination", "interests", "user__username")
    list_select_related = ("user",)
    raw_id_fields = ("user",)


class InvitationEventInline(admin.TabularInline):
    model = InvitationEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "type", "from_state", "to_state", "actor")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(OperationLogAdminMixin, admin.ModelAdmin):
    list_display = ("id", "inviter", "invitee", "state", "created_at", "responded_at")
    list_filter = ("state",)
    list_select_related = ("inviter", "invitee")
    readonly_fields = ("inviter", "invitee", "plan", "matched_plan", "message", "state", "created_at", "responded_at")
    inlines = [InvitationEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(Companionship)
class CompanionshipAdmin(OperationLogAdminMixin, admin.ModelAdmin):
    list_display = ("id", "user_low", "user_high", "created_at")
    list_select_related = ("user_low", "user_high")
    readonly_fields = ("user_low", "user_high", "invitation", "created_at")

    def has_add_permission(self, request):
        return False
