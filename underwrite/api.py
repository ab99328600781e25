"""Underwrite REST API at /api/v1/ (DESIGN §4 "Shapes": underwrite): the seed-002 calls as endpoints, thin —
validate with the shared input serializers, call one service, answer the underwrite."""

from django.conf import settings
from django.http import FileResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.oplog_api import StaffOperationApi
from common.api import paginate
from common.errors import ValidationFailed
from common.filters import filter_parameters
from common.jsonlimits import LimitedJSONParser
from underwrite import selectors, services
from underwrite.serializers import (
    InstantField,
    PhotoField,
    UnderwriteCreateInput,
    UnderwriteFillInput,
    UnderwriteNoteInput,
    UnderwriteOutput,
    UnderwritePhotoUrlsInput,
    UnderwriteRealPlaceInput,
    UnderwriteResultInput,
    UnderwriteValidatePlaceInput,
    photos_split,
    underwrite_data,
    validate_input,
)


def _answer(underwrite_id, *, status_code=status.HTTP_200_OK) -> Response:
    return Response(underwrite_data(selectors.underwrite_get(underwrite_id)), status=status_code)


class UnderwriteListCreateApi(StaffOperationApi, APIView):
    operation = "underwrite:createUnderwrite"
    operation_target_type = "underwrite"

    @extend_schema(parameters=filter_parameters(selectors.UnderwriteFilter), responses=UnderwriteOutput(many=True))
    def get(self, request):
        queryset = selectors.underwrite_list_for_user(user=request.user, filters=request.query_params)
        return paginate(request, queryset, UnderwriteOutput, view=self)

    @extend_schema(request=UnderwriteCreateInput, responses={201: UnderwriteOutput})
    def post(self, request):
        data = validate_input(UnderwriteCreateInput, request.data)
        underwrite = services.underwrite_create(
            actor=request.user, oid=data["oid"], plan_time=data["plan_time"], validate_place=data["validate_place"],
            operator=data.get("operator"),
        )
        self.operation_record.target_id = str(underwrite.pk)
        return _answer(underwrite.pk, status_code=status.HTTP_201_CREATED)


class UnderwriteDetailApi(APIView):
    @extend_schema(responses=UnderwriteOutput)
    def get(self, request, pk):
        return Response(selectors.underwrite_data_for_user(underwrite_id=pk, user=request.user))


class OrderUnderwriteApi(APIView):
    @extend_schema(responses=UnderwriteOutput)
    def get(self, request, oid):
        return Response(selectors.underwrite_data_by_order_for_user(oid=oid, user=request.user))


class UnderwriteFillApi(StaffOperationApi, APIView):
    operation = "underwrite:fillUnderwrite"
    operation_target_type = "underwrite"

    @extend_schema(request=UnderwriteFillInput, responses=UnderwriteOutput)
    def post(self, request, pk):
        data = validate_input(UnderwriteFillInput, request.data)
        services.underwrite_fill(
            actor=request.user, underwrite_id=pk, real_place=data["real_place"], operator=data.get("operator"),
            certificate_state=data["certificate_state"], problems=data["problems"], photos=data["photos"],
        )
        return _answer(pk)


class UnderwriteResultApi(StaffOperationApi, APIView):
    operation = {"POST": "underwrite:submitUnderwriteResult", "PATCH": "underwrite:alterUnderwriteResult"}
    operation_target_type = "underwrite"

    @extend_schema(request=UnderwriteResultInput, responses=UnderwriteOutput, summary="Submit the result (reviewer)")
    def post(self, request, pk):
        data = validate_input(UnderwriteResultInput, request.data)
        services.underwrite_submit_result(
            actor=request.user, underwrite_id=pk, result=data["underwrite_result"],
            last_seen=data.get("result_update_time"),
        )
        return _answer(pk)

    @extend_schema(request=UnderwriteResultInput, responses=UnderwriteOutput, summary="Alter the result (reviewer)")
    def patch(self, request, pk):
        data = validate_input(UnderwriteResultInput, request.data)
        services.underwrite_alter_result(
            actor=request.user, underwrite_id=pk, result=data["underwrite_result"],
            last_seen=data.get("result_update_time"),
        )
        return _answer(pk)


class UnderwriteValidatePlaceApi(StaffOperationApi, APIView):
    operation = "underwrite:alterValidatePlace"
    operation_target_type = "underwrite"

    @extend_schema(request=UnderwriteValidatePlaceInput, responses=UnderwriteOutput)
    def patch(self, request, pk):
        data = validate_input(UnderwriteValidatePlaceInput, request.data)
        services.underwrite_alter_validate_place(
            actor=request.user, underwrite_id=pk, validate_place=data["validate_place"],
            last_seen=data["validate_update_time"],
        )
        return _answer(pk)


class UnderwriteRealPlaceApi(StaffOperationApi, APIView):
    operation = "underwrite:alterRealPlace"
    operation_target_type = "underwrite"

    @extend_schema(request=UnderwriteRealPlaceInput, responses=UnderwriteOutput)
    def patch(self, request, pk):
        data = validate_input(UnderwriteRealPlaceInput, request.data)
        services.underwrite_alter_real_place(
            actor=request.user, underwrite_id=pk, real_place=data["real_place"], last_seen=data["real_update_time"]
        )
        return _answer(pk)


class UnderwriteNoteApi(StaffOperationApi, APIView):
    operation = "underwrite:alterNote"
    operation_target_type = "underwrite"

    @extend_schema(request=UnderwriteNoteInput, responses=UnderwriteOutput)
    def patch(self, request, pk):
        data = validate_input(UnderwriteNoteInput, request.data)
        services.underwrite_alter_note(
            actor=request.user, underwrite_id=pk, note=data["note"], last_seen=data["note_update_time"]
        )
        return _answer(pk)


class UnderwritePhotosApi(StaffOperationApi, APIView):
    operation = "underwrite:uploadPhotos"
    operation_target_type = "underwrite"
    parser_classes = [LimitedJSONParser, MultiPartParser, FormParser]  # photo URLs as JSON or the seed's form; files

    class UnderwritePhotoUploadInput(serializers.Serializer):
        # Django refuses a form with more files than DATA_UPLOAD_MAX_NUMBER_FILES (a 400).
        photos = serializers.ListField(child=serializers.ImageField(), required=False,
                                       max_length=settings.DATA_UPLOAD_MAX_NUMBER_FILES)
        photo = PhotoField(required=False, help_text="A photo URL or data: URI (the seed's form); or send files.")

    @extend_schema(
        request={"multipart/form-data": UnderwritePhotoUploadInput, "application/json": UnderwritePhotoUrlsInput},
        responses={201: UnderwriteOutput},
    )
    def post(self, request, pk):
        files = [f for name in ("photos", "photo", "file") for f in request.FILES.getlist(name)]
        if hasattr(request.data, "getlist"):  # a form: multipart data merges files and fields
            raw = [value for value in request.data.getlist("photo") if isinstance(value, str)]
        elif isinstance(request.data, dict):
            value = request.data.get("photo", request.data.get("photos"))
            raw = [] if value in (None, "") else (value if isinstance(value, list) else [value])
        else:
            raise ValidationFailed(_("Send a JSON object {\"photo\": …} or a multipart form."), data={"photo": [_("Invalid.")]})
        encoded, urls = photos_split(validate_input(UnderwritePhotoUrlsInput, {"photo": raw})["photo"] if raw else [])
        services.underwrite_add_photos(actor=request.user, underwrite_id=pk, files=files + encoded, urls=urls)
        return _answer(pk, status_code=status.HTTP_201_CREATED)


class UnderwriteEventsApi(APIView):
    class UnderwriteEventOutput(serializers.Serializer):
        id = serializers.IntegerField()
        type = serializers.CharField()
        actor = serializers.IntegerField(source="actor_id", allow_null=True)
        from_state = serializers.CharField()
        to_state = serializers.CharField()
        data = serializers.JSONField()
        occurred_at = InstantField()

    @extend_schema(responses=UnderwriteEventOutput(many=True))
    def get(self, request, pk):
        underwrite = selectors.underwrite_get_for_user(underwrite_id=pk, user=request.user)
        events = selectors.underwrite_events(underwrite=underwrite)
        return paginate(request, events, self.UnderwriteEventOutput, view=self)


class UnderwritePhotoFileApi(APIView):
    @extend_schema(responses={(200, "image/*"): bytes})
    def get(self, request, pk, photo_id):
        photo = selectors.underwrite_photo_for_user(underwrite_id=pk, photo_id=photo_id, user=request.user)
        response = FileResponse(photo.file.open("rb"), content_type=photo.content_type or "application/octet-stream")
        response["Cache-Control"] = "private, max-age=3600"
        return response


urlpatterns = [
    path("underwrites", UnderwriteListCreateApi.as_view(), name="underwrite-list"),
    path("underwrites/<uuid:pk>", UnderwriteDetailApi.as_view(), name="underwrite-detail"),
    path("underwrites/<uuid:pk>/fill", UnderwriteFillApi.as_view(), name="underwrite-fill"),
    path("underwrites/<uuid:pk>/result", UnderwriteResultApi.as_view(), name="underwrite-result"),
    path("underwrites/<uuid:pk>/validate-place", UnderwriteValidatePlaceApi.as_view(), name="underwrite-validate-place"),
    path("underwrites/<uuid:pk>/real-place", UnderwriteRealPlaceApi.as_view(), name="underwrite-real-place"),
    path("underwrites/<uuid:pk>/note", UnderwriteNoteApi.as_view(), name="underwrite-note"),
    path("underwrites/<uuid:pk>/events", UnderwriteEventsApi.as_view(), name="underwrite-events"),
    path("underwrites/<uuid:pk>/photos", UnderwritePhotosApi.as_view(), name="underwrite-photos"),
    path(
        "underwrites/<uuid:pk>/photos/<uuid:photo_id>", UnderwritePhotoFileApi.as_view(), name="underwrite-photo-file"
    ),
    path("orders/<str:oid>/underwrite", OrderUnderwriteApi.as_view(), name="order-underwrite"),
]
