"""Staff API of the top layer: `GET admin/dashboard`."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasPermission
from config.dashboard import dashboard_counts
from merchants.models import Merchant
from orders.models import Order


def _counts(names, help_text: str):
    return serializers.DictField(child=serializers.IntegerField(), help_text=f"{help_text}: one of {', '.join(names)}.")


class DashboardOutput(serializers.Serializer):
    class UserCounts(serializers.Serializer):
        total = serializers.IntegerField()
        active = serializers.IntegerField()
        staff = serializers.IntegerField()

    users = UserCounts()
    merchants = _counts(Merchant.Status.values, "Merchants by status")
    merchants_pending = serializers.IntegerField()
    applications_pending = serializers.IntegerField()
    cases_in_review = serializers.IntegerField()
    open_trades = serializers.IntegerField()
    processing_trades = serializers.IntegerField()
    orders_by_state = _counts(Order.State.values, "Orders by state")


class DashboardApi(APIView):
    """`GET admin/dashboard` (data:view): users, merchants by status, open trades, orders by state."""

    permission_classes = [HasPermission("data:view")]

    @extend_schema(responses={200: DashboardOutput})
    def get(self, request):
        return Response(dashboard_counts())


urlpatterns = [
    path("admin/dashboard", DashboardApi.as_view(), name="admin-dashboard"),
]
