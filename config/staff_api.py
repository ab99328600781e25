"""Staff API of the top layer: `GET admin/dashboard`."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasPermission
from config.dashboard import dashboard_counts


class DashboardApi(APIView):
    """`GET admin/dashboard` (data:view): users, merchants by status, open trades, orders by state."""

    permission_classes = [HasPermission("data:view")]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(dashboard_counts())


urlpatterns = [
    path("admin/dashboard", DashboardApi.as_view(), name="admin-dashboard"),
]
