"""Website API (seed 004 官网系统): anonymous merchant applications, public success cases, and the staff
side — converting applications, moving cases through review, taking content down."""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.oplog import client_ip
from accounts.oplog_api import StaffOperationApi
from accounts.permissions import HasPermission
from common.api import paginate
from common.filters import filter_parameters
from merchants import moderation
from merchants.models import CONTACT_PHONE_REGEX, Merchant, MerchantApplication, SuccessCase
from merchants.selectors import ApplicationFilter, application_list, case_public_list
from merchants.services import website as services
from merchants.services.merchants import REVIEW_PERMISSION


class ApplicationOutput(serializers.ModelSerializer):
    merchant_id = serializers.IntegerField(read_only=True)
    # A plain string in the schema: an enum here would collide with the merchant's `status` enum name.
    status = serializers.CharField(read_only=True, help_text="pending | converted | rejected")

    email = serializers.CharField(read_only=True)  # may be blank: a plain string, not `email` format

    class Meta:
        model = MerchantApplication
        fields = ("id", "business_name", "merchant_type", "contact_person", "contact_phone", "email", "description",
                  "status", "merchant_id", "reject_reason", "created_at")
        read_only_fields = fields


class PublicApplicationOutput(serializers.ModelSerializer):
    """What the anonymous applicant gets back: the seed's shape, nothing about staff handling."""

    status = serializers.CharField(read_only=True, help_text="pending | converted | rejected")
    # The applicant may leave it blank, so the answer is a plain string (`""`), not an `email`-format field.
    email = serializers.CharField(read_only=True)

    class Meta:
        model = MerchantApplication
        fields = ("id", "business_name", "contact_person", "contact_phone", "email", "description", "status",
                  "created_at")
        read_only_fields = fields


class CaseOutput(serializers.ModelSerializer):
    class Meta:
        model = SuccessCase
        fields = ("id", "title", "description", "image_url", "created_at")
        read_only_fields = fields


class StaffCaseOutput(serializers.ModelSerializer):
    class Meta:
        model = SuccessCase
        fields = ("id", "title", "description", "image_url", "merchant", "state", "hidden", "published_at",
                  "created_at", "updated_at")
        read_only_fields = fields


class MerchantApplyApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # the `apply` throttle (per address) is in application_submit

    @extend_schema_serializer(component_name="MerchantApplyInput")
    class Input(serializers.Serializer):
        business_name = serializers.CharField(max_length=100)
        contact_person = serializers.CharField(max_length=50)
        contact_phone = serializers.RegexField(CONTACT_PHONE_REGEX)  # the pattern bounds the trimmed length
        email = serializers.EmailField(max_length=100, required=False, allow_blank=True)
        description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        merchant_type = serializers.ChoiceField(choices=Merchant.Type.choices, required=False, allow_blank=True)

    @extend_schema(request=Input, responses={200: PublicApplicationOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_submit(data=data.validated_data, ip_address=client_ip(request))
        # The seed's example answers 200 with the stored application.
        return Response(PublicApplicationOutput(application).data)


class CaseListApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: CaseOutput(many=True)})
    def get(self, request):
        return paginate(request, case_public_list(), CaseOutput)


class AdminApplicationListApi(APIView):
    permission_classes = [HasPermission(REVIEW_PERMISSION)]

    @extend_schema(parameters=filter_parameters(ApplicationFilter), responses={200: ApplicationOutput(many=True)})
    def get(self, request):
        return paginate(request, application_list(filters=request.query_params), ApplicationOutput)


class AdminApplicationConvertApi(StaffOperationApi, APIView):
    permission_classes = [HasPermission(REVIEW_PERMISSION)]
    operation = "merchant:convert"
    operation_target_type = "merchant_application"

    @extend_schema_serializer(component_name="AdminApplicationConvertInput")
    class Input(serializers.Serializer):
        merchant_type = serializers.ChoiceField(choices=Merchant.Type.choices, required=False)
        username = serializers.CharField(max_length=150, required=False)

    @extend_schema(request=Input, responses={200: ApplicationOutput})
    def post(self, request, pk):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_convert(application_id=pk, actor=request.user, **data.validated_data)
        return Response(ApplicationOutput(application).data)


class AdminApplicationRejectApi(StaffOperationApi, APIView):
    permission_classes = [HasPermission(REVIEW_PERMISSION)]
    operation = "merchant:reject_application"
    operation_target_type = "merchant_application"

    @extend_schema_serializer(component_name="AdminApplicationRejectInput")
    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=255)

    @extend_schema(request=Input, responses={200: ApplicationOutput})
    def post(self, request, pk):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_reject(application_id=pk, actor=request.user, **data.validated_data)
        return Response(ApplicationOutput(application).data)


class AdminCaseCreateApi(StaffOperationApi, APIView):
    permission_classes = [HasPermission("content:review")]
    operation = "content:create"
    operation_target_type = "content"

    @extend_schema_serializer(component_name="AdminCaseCreateInput")
    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
        image_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
        merchant = serializers.PrimaryKeyRelatedField(queryset=Merchant.objects.all(), required=False, allow_null=True)

    @extend_schema(request=Input, responses={201: StaffCaseOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_create(actor=request.user, data=data.validated_data)
        self.operation_record.target_id = str(case.pk)
        return Response(StaffCaseOutput(case).data, status=status.HTTP_201_CREATED)


class AdminCaseActionApi(StaffOperationApi, APIView):
    """`POST admin/cases/{id}/submit` (content:review) and `/publish`, `/send-back`, `/unpublish`
    (content:publish)."""

    action_name = ""
    operation = "content:{view.action_name}"
    operation_target_type = "content"

    def get_permissions(self):
        return [HasPermission(services.CASE_ACTIONS[self.action_name])]

    @extend_schema(request=None, responses={200: StaffCaseOutput})
    def post(self, request, pk):
        case = services.case_transition(case_id=pk, actor=request.user, action=self.action_name)
        return Response(StaffCaseOutput(case).data)


class AdminTakeDownApi(StaffOperationApi, APIView):
    """`POST admin/content/{kind}/{id}/take-down|restore` with kind item, product or case (content:review)."""

    permission_classes = [HasPermission(moderation.MODERATION_PERMISSION)]
    restore = False
    operation = "content:take_down"
    operation_target_type = "{kind}"

    @extend_schema_serializer(component_name="AdminTakeDownInput")
    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=255)

    @extend_schema_serializer(component_name="AdminTakeDownOutput")
    class Output(serializers.Serializer):
        kind = serializers.CharField()
        id = serializers.IntegerField()
        hidden = serializers.BooleanField()

    @extend_schema(request=Input, responses={200: Output})
    def post(self, request, kind, pk):
        if self.restore:
            obj = moderation.content_restore(kind=kind, target_id=pk, actor=request.user)
        else:
            data = self.Input(data=request.data)
            data.is_valid(raise_exception=True)
            obj = moderation.content_take_down(kind=kind, target_id=pk, actor=request.user, **data.validated_data)
        return Response({"kind": kind, "id": obj.pk, "hidden": obj.hidden})


def _case_action(action):
    return type(f"AdminCase{action.title().replace('_', '')}Api", (AdminCaseActionApi,), {"action_name": action})


urlpatterns = [
    path("website/merchant/apply", MerchantApplyApi.as_view(), name="website-merchant-apply"),
    path("website/cases", CaseListApi.as_view(), name="website-cases"),
    path("admin/applications", AdminApplicationListApi.as_view(), name="admin-applications"),
    path("admin/applications/<int:pk>/convert", AdminApplicationConvertApi.as_view(), name="admin-applications-convert"),
    path("admin/applications/<int:pk>/reject", AdminApplicationRejectApi.as_view(), name="admin-applications-reject"),
    path("admin/cases", AdminCaseCreateApi.as_view(), name="admin-cases"),
    path("admin/cases/<int:pk>/submit", _case_action("submit").as_view(), name="admin-cases-submit"),
    path("admin/cases/<int:pk>/publish", _case_action("publish").as_view(), name="admin-cases-publish"),
    path("admin/cases/<int:pk>/send-back", _case_action("send_back").as_view(), name="admin-cases-send-back"),
    path("admin/cases/<int:pk>/unpublish", _case_action("unpublish").as_view(), name="admin-cases-unpublish"),
    path("admin/content/<str:kind>/<int:pk>/take-down", AdminTakeDownApi.as_view(), name="admin-content-take-down"),
    path("admin/content/<str:kind>/<int:pk>/restore",
         type("AdminRestoreApi", (AdminTakeDownApi,), {"restore": True, "operation": "content:restore"}).as_view(),
         name="admin-content-restore"),
]
