"""Travel in the back office: plans, invitations and companionships are users' own records; staff with
community:manage read them and may close a pending invitation (spam, abuse) through the travel service."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_actions import ServiceActionsMixin, service_action
from accounts.admin_oplog import OperationLogAdminMixin
from accounts.permissions import RBACAdminMixin
from travel import services
from travel.models import Companionship, Invitation, InvitationEvent, TravelPlan

COMMUNITY_MANAGE = "community:manage"


class TravelAdmin(OperationLogAdminMixin, ServiceActionsMixin, RBACAdminMixin, admin.ModelAdmin):
    """Read by community:manage; written only by their users (and the actions) through the services."""

    rbac_view = COMMUNITY_MANAGE
    rbac_change = rbac_add = rbac_delete = False


@admin.register(TravelPlan)
class TravelPlanAdmin(TravelAdmin):
    list_display = ("id", "user", "destination", "start_date", "end_date", "budget", "visibility", "created_at")
    list_filter = ("visibility",)
    search_fields = ("destination", "interests", "user__username")
    list_select_related = ("user",)


class InvitationEventInline(admin.TabularInline):
    model = InvitationEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "type", "from_state", "to_state", "reason", "actor")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(TravelAdmin):
    list_display = ("id", "inviter", "invitee", "state", "created_at", "responded_at")
    list_filter = ("state",)
    list_select_related = ("inviter", "invitee")
    readonly_fields = ("inviter", "invitee", "plan", "matched_plan", "message", "state", "created_at", "responded_at")
    inlines = [InvitationEventInline]
    actions = [
        service_action("decline_invitations", description=_("Close the selected pending invitations…"),
                       operation="travel:decline_invitation", permission=COMMUNITY_MANAGE, reason="required",
                       title=_("Close invitations"),
                       run=lambda invitation, actor, reason: services.invitation_decline_by_staff(
                           invitation_id=invitation.pk, actor=actor, reason=reason)),
    ]


@admin.register(Companionship)
class CompanionshipAdmin(TravelAdmin):
    list_display = ("id", "user_low", "user_high", "created_at")
    list_select_related = ("user_low", "user_high")
    readonly_fields = ("user_low", "user_high", "invitation", "created_at")
