"""Staff reads: the operation log with its filters, roles and permissions."""

import django_filters
from django.contrib.auth.models import Group
from django.db.models import Q

from accounts.models import OperationLog, PermissionProfile
from accounts.roles import ROLES
from common.filters import FilterSet, filtered

# The seed's column order (`admin_operation_logs`), used by the API rows and the CSV export.
OPERATION_LOG_COLUMNS = (
    "id", "admin_id", "admin_name", "module", "operation", "target_id", "target_type", "request_method",
    "request_url", "request_params", "ip_address", "user_agent", "status", "error_message", "execution_time",
    "created_at",
)


class OperationLogFilter(FilterSet):
    admin_id = django_filters.NumberFilter(field_name="admin_id")
    admin_name = django_filters.CharFilter(field_name="admin_name", lookup_expr="iexact")
    module = django_filters.CharFilter(field_name="module")
    operation = django_filters.CharFilter(field_name="operation")
    status = django_filters.ChoiceFilter(field_name="status", choices=OperationLog.Status.choices)
    target_type = django_filters.CharFilter(field_name="target_type")
    target_id = django_filters.CharFilter(field_name="target_id")
    request_method = django_filters.CharFilter(field_name="request_method", lookup_expr="iexact")
    created_from = django_filters.DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_to = django_filters.DateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = django_filters.CharFilter(method="search")

    class Meta:
        model = OperationLog
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(admin_name__icontains=value) | Q(operation__icontains=value) | Q(request_url__icontains=value)
            | Q(target_id=value)
        )


def operation_log_list(*, filters=None):
    """Operation-log rows, newest first, narrowed by `filters` (query params); 400 on bad filters."""
    queryset = OperationLog.objects.order_by("-created_at", "-id")
    if not filters:
        return queryset
    return filtered(OperationLogFilter, filters, queryset)


def role_list() -> list[dict]:
    """The seed roles with description and permission codenames (two queries)."""
    groups = Group.objects.filter(name__in=ROLES).select_related("profile").prefetch_related("permissions")
    return [
        {"id": g.pk, "name": g.name, "description": getattr(getattr(g, "profile", None), "description", ""),
         "permissions": sorted(p.codename for p in g.permissions.all())}
        for g in groups.order_by("id")
    ]


def permission_list() -> list[dict]:
    """The seed permissions with module and description."""
    return [
        {"id": p.permission_id, "name": p.permission.codename, "module": p.module, "description": p.description}
        for p in PermissionProfile.objects.select_related("permission").order_by("module", "permission__codename")
    ]
