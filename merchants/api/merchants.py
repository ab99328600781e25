"""Merchant onboarding API (seed 004 `merchants/register`; DESIGN §3.5, §4)."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.oplog_api import StaffOperationApi
from accounts.permissions import HasPermission
from common.api import paginate
from common.errors import NotFound
from common.filters import filter_parameters
from merchants.models import CONTACT_PHONE_REGEX, Merchant
from merchants.selectors import MerchantFilter, merchant_for_user, merchant_list
from merchants.services import merchants as services


class MerchantOutput(serializers.ModelSerializer):
    """The seed's merchant shape, plus the review outcome."""

    user_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Merchant
        fields = (
            "id", "user_id", "merchant_type", "business_name", "business_license", "contact_person",
            "contact_phone", "address", "description", "status", "reject_reason", "created_at", "updated_at",
        )
        read_only_fields = fields


class MerchantRegisterApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="MerchantRegisterInput")
    class Input(serializers.Serializer):
        merchant_type = serializers.ChoiceField(choices=Merchant.Type.choices)
        business_name = serializers.CharField(max_length=100)
        business_license = serializers.CharField(max_length=255, required=False, allow_blank=True)
        contact_person = serializers.CharField(max_length=50)
        contact_phone = serializers.RegexField(CONTACT_PHONE_REGEX)  # the pattern bounds the trimmed length
        address = serializers.CharField(max_length=255, required=False, allow_blank=True)
        description = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    @extend_schema(request=Input, responses={201: MerchantOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        merchant = services.merchant_register(user=request.user, data=data.validated_data)
        return Response(MerchantOutput(merchant).data, status=status.HTTP_201_CREATED)


class MerchantMeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MerchantOutput})
    def get(self, request):
        merchant = merchant_for_user(user=request.user)
        if merchant is None:
            raise NotFound(_("You have no merchant profile."))
        return Response(MerchantOutput(merchant).data)


class AdminMerchantListApi(APIView):
    permission_classes = [HasPermission(services.REVIEW_PERMISSION)]

    @extend_schema(parameters=filter_parameters(MerchantFilter), responses={200: MerchantOutput(many=True)})
    def get(self, request):
        return paginate(request, merchant_list(filters=request.query_params), MerchantOutput)


class AdminMerchantActionApi(StaffOperationApi, APIView):
    """`POST admin/merchants/{id}/approve|reject|suspend|reinstate` (merchant:review)."""

    permission_classes = [HasPermission(services.REVIEW_PERMISSION)]
    action_name = ""
    operation = "merchant:{view.action_name}"
    operation_target_type = "merchant"

    @extend_schema_serializer(component_name="AdminMerchantActionInput")
    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=255, required=False, allow_blank=True)

    @extend_schema_serializer(component_name="AdminMerchantActionRejectInput")
    class RejectInput(serializers.Serializer):
        reason = serializers.CharField(max_length=255)

    @extend_schema(request=Input, responses={200: MerchantOutput})
    def post(self, request, pk):
        serializer = (self.RejectInput if self.action_name == "reject" else self.Input)(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data.get("reason", "")
        if self.action_name == "approve":
            merchant = services.merchant_approve(merchant_id=pk, actor=request.user)
        elif self.action_name == "reject":
            merchant = services.merchant_reject(merchant_id=pk, actor=request.user, reason=reason)
        elif self.action_name == "suspend":
            merchant = services.merchant_suspend(merchant_id=pk, actor=request.user, reason=reason)
        else:
            merchant = services.merchant_reinstate(merchant_id=pk, actor=request.user)
        return Response(MerchantOutput(merchant).data)


urlpatterns = [
    path("merchants/register", MerchantRegisterApi.as_view(), name="merchants-register"),
    path("merchants/me", MerchantMeApi.as_view(), name="merchants-me"),
    path("admin/merchants", AdminMerchantListApi.as_view(), name="admin-merchants"),
] + [
    path(f"admin/merchants/<int:pk>/{action}",
         type(f"AdminMerchant{action.title()}Api", (AdminMerchantActionApi,), {"action_name": action}).as_view(),
         name=f"admin-merchants-{action}")
    for action in ("approve", "reject", "suspend", "reinstate")
]
