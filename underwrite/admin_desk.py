"""The inspection desk's admin pieces (issue 14): who of the underwrite roles sees the underwrite pages, and
the plan-time filter (today / overdue / upcoming) the dashboard links to."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import UNDERWRITE_PERMS, has_any_staff_perm
from underwrite.models import Underwrite


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
