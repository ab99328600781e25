"""Staff API (seed 004 admin functions), mounted at /api/v1/: operation logs and their CSV export, user
suspension, the dashboard counts. Every endpoint checks an RBAC permission (accounts.permissions)."""

import csv

from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiTypes, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.models import OperationLog, User
from accounts.oplog_api import StaffOperationApi
from accounts.permissions import HasPermission
from accounts.selectors import (
    OPERATION_LOG_COLUMNS,
    operation_log_list,
    permission_list,
    role_list,
)
from common.api import paginate
from common.csv_cells import csv_row

EXPORT_CHUNK_SIZE = 2000


class OperationLogOutput(serializers.ModelSerializer):
    """One row with the seed's column names."""

    admin_id = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True, help_text="success | failed")

    class Meta:
        model = OperationLog
        fields = OPERATION_LOG_COLUMNS
        read_only_fields = fields


class OperationLogListApi(APIView):
    """`GET admin/operation-logs` (data:view): newest first; filters admin_id, admin_name, module,
    operation, status, target_type, target_id, request_method, created_from, created_to, q."""

    permission_classes = [HasPermission("data:view")]

    @extend_schema(responses={200: OperationLogOutput(many=True)})
    def get(self, request):
        return paginate(request, operation_log_list(filters=request.query_params), OperationLogOutput)


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def operation_log_csv_rows(queryset):
    """Yield the CSV header and one line per row, reading the database in chunks (never all rows at once)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(OPERATION_LOG_COLUMNS)  # BOM: spreadsheet apps then read UTF-8 (Chinese)
    for row in queryset.values_list(*OPERATION_LOG_COLUMNS).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield writer.writerow(csv_row(value.isoformat() if hasattr(value, "isoformat") else value for value in row))


def operation_log_csv_response(queryset) -> StreamingHttpResponse:
    response = StreamingHttpResponse(operation_log_csv_rows(queryset), content_type="text/csv; charset=utf-8")
    filename = f"operation-logs-{timezone.now():%Y%m%d%H%M%S}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class OperationLogExportApi(StaffOperationApi, APIView):
    """`GET admin/operation-logs/export` (data:export): the same filters, streamed as CSV."""

    permission_classes = [HasPermission("data:export")]
    # An export is a sensitive read: it gets its own row (the seed's operation `data:export`).
    operation = "data:export"
    operation_target_type = "operation_log"
    operation_methods = frozenset({"GET"})

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        queryset = operation_log_list(filters=request.query_params)
        return operation_log_csv_response(queryset)


class UserStatusOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "username", "nickname", "is_active")
        read_only_fields = fields


class UserSuspendApi(StaffOperationApi, APIView):
    """`POST admin/users/{id}/suspend` (user:manage): inactive, tokens revoked, sockets closed."""

    permission_classes = [HasPermission("user:manage")]
    operation = "user:suspend"
    operation_target_type = "user"

    @extend_schema_serializer(component_name="UserSuspendInput")
    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=255, required=False, allow_blank=True)

    @extend_schema(request=Input, responses={200: UserStatusOutput})
    def post(self, request, pk):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_suspend(user_id=pk, actor=request.user, **data.validated_data)
        return Response(UserStatusOutput(user).data)


class UserReinstateApi(StaffOperationApi, APIView):
    """`POST admin/users/{id}/reinstate` (user:manage)."""

    permission_classes = [HasPermission("user:manage")]
    operation = "user:reinstate"
    operation_target_type = "user"

    @extend_schema(request=None, responses={200: UserStatusOutput})
    def post(self, request, pk):
        user = services.user_reinstate(user_id=pk, actor=request.user)
        return Response(UserStatusOutput(user).data)


class RoleOutput(serializers.Serializer):
    """Seed 004 `roles` with their permissions (`role_permissions`)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    permissions = serializers.ListField(child=serializers.CharField())


class PermissionOutput(serializers.Serializer):
    """Seed 004 `permissions`: name (the codename), module, description."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    module = serializers.CharField()
    description = serializers.CharField()


class RoleListApi(APIView):
    """`GET admin/roles` (role:manage)."""

    permission_classes = [HasPermission("role:manage")]

    @extend_schema(responses={200: RoleOutput(many=True)})
    def get(self, request):
        return Response(RoleOutput(role_list(), many=True).data)


class PermissionListApi(APIView):
    """`GET admin/permissions` (permission:manage)."""

    permission_classes = [HasPermission("permission:manage")]

    @extend_schema(responses={200: PermissionOutput(many=True)})
    def get(self, request):
        return Response(PermissionOutput(permission_list(), many=True).data)


class UserRolesApi(StaffOperationApi, APIView):
    """`PUT admin/users/{id}/roles {roles: [...]}` (role:manage): the seed's `user_roles`."""

    permission_classes = [HasPermission("role:manage")]
    operation = "role:assign"
    operation_target_type = "user"

    @extend_schema_serializer(component_name="UserRolesInput")
    class Input(serializers.Serializer):
        roles = serializers.ListField(child=serializers.CharField(max_length=150), allow_empty=True)

    class Output(serializers.ModelSerializer):
        roles = serializers.SerializerMethodField()

        class Meta:
            model = User
            fields = ("id", "username", "is_staff", "roles")

        def get_roles(self, user) -> list[str]:
            return sorted(user.groups.values_list("name", flat=True))

    @extend_schema(request=Input, responses={200: Output})
    def put(self, request, pk):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_roles_set(user_id=pk, actor=request.user, roles=data.validated_data["roles"])
        return Response(self.Output(user).data)


urlpatterns = [
    path("admin/operation-logs", OperationLogListApi.as_view(), name="admin-operation-logs"),
    path("admin/operation-logs/export", OperationLogExportApi.as_view(), name="admin-operation-logs-export"),
    path("admin/users/<int:pk>/suspend", UserSuspendApi.as_view(), name="admin-users-suspend"),
    path("admin/users/<int:pk>/reinstate", UserReinstateApi.as_view(), name="admin-users-reinstate"),
    path("admin/roles", RoleListApi.as_view(), name="admin-roles"),
    path("admin/permissions", PermissionListApi.as_view(), name="admin-permissions"),
    path("admin/users/<int:pk>/roles", UserRolesApi.as_view(), name="admin-users-roles"),
]
