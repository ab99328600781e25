"""Seed 004 community API: animals to claim (§2.3) and activities with registrations."""

from django.conf import settings
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.oplog_api import StaffOperationApi
from accounts.permissions import has_staff_perm
from common.api import paginate
from common.errors import NotAuthenticated, NotFound, PermissionDenied
from common.filters import filter_parameters
from common.rows import lean_rows
from community import selectors as selectors
from community.models import Activity, ActivityRegistration, Animal, AnimalClaim, AnimalUpdate
from community.services import activities as activity_services
from community.services import animals as animal_services

# --- outputs ---------------------------------------------------------------------------------------------


class AnimalOutput(serializers.ModelSerializer):
    merchant_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Animal
        fields = ("id", "merchant_id", "name", "species", "breed", "birth_date", "personality", "farm_location",
                  "price", "status", "created_at")
        read_only_fields = fields


def agreement_url(request, claim_id: int) -> str:
    url = reverse("animal-claim-agreement", args=[claim_id])
    return request.build_absolute_uri(f"{url}?sig={selectors.agreement_signature(claim_id=claim_id)}")


class ClaimOutput(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    animal_id = serializers.IntegerField(read_only=True)
    animal_name = serializers.CharField(source="animal.name", read_only=True)
    agreement_url = serializers.SerializerMethodField()

    class Meta:
        model = AnimalClaim
        fields = ("id", "user_id", "animal_id", "animal_name", "price_paid", "agreement_url", "status", "claimed_at",
                  "ends_at", "ended_at")
        read_only_fields = fields

    def get_agreement_url(self, claim) -> str:
        return agreement_url(self.context["request"], claim.pk)


class AnimalUpdateOutput(serializers.ModelSerializer):
    animal_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = AnimalUpdate
        fields = ("id", "animal_id", "update_type", "content", "media_url", "created_at")
        read_only_fields = fields


class ActivityOutput(serializers.ModelSerializer):
    merchant_id = serializers.IntegerField(read_only=True)
    places_taken = serializers.IntegerField(read_only=True, default=0)
    places_left = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ("id", "merchant_id", "title", "description", "activity_type", "start_time", "end_time", "location",
                  "fee", "max_participants", "status", "places_taken", "places_left", "created_at")
        read_only_fields = fields

    def get_places_left(self, activity) -> int:
        return max(activity.max_participants - getattr(activity, "places_taken", 0), 0)


class RegistrationOutput(serializers.ModelSerializer):
    activity_id = serializers.IntegerField(read_only=True)
    user_id = serializers.IntegerField(read_only=True)
    order_id = serializers.UUIDField(read_only=True, allow_null=True)

    class Meta:
        model = ActivityRegistration
        fields = ("id", "activity_id", "user_id", "status", "order_id", "registered_at", "cancelled_at")
        read_only_fields = fields


def _get_or_404(obj, message):
    if obj is None:
        raise NotFound(message)
    return obj


# --- animals ---------------------------------------------------------------------------------------------


class AnimalListCreateApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=50)
        species = serializers.CharField(max_length=50)
        breed = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
        birth_date = serializers.DateField(required=False, allow_null=True, default=None)
        personality = serializers.CharField(required=False, allow_blank=True, default="")
        farm_location = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)

    @extend_schema(parameters=filter_parameters(selectors.AnimalFilter), responses={200: AnimalOutput(many=True)})
    def get(self, request):
        # Lean rows (issue 19): AnimalOutput's fields from `values()`, no serializer per row.
        animals = selectors.animal_list(filters=request.query_params)
        return paginate(request, animals.values(*AnimalOutput.Meta.fields),
                        rows=lambda page: lean_rows(page, money=("price",), instants=("created_at",),
                                                    dates=("birth_date",)))

    @extend_schema(request=Input, responses={201: AnimalOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        animal = animal_services.animal_create(user=request.user, **data.validated_data)
        return Response(AnimalOutput(animal).data, status=status.HTTP_201_CREATED)


class AnimalDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: AnimalOutput})
    def get(self, request, animal_id: int):
        animal = _get_or_404(selectors.animal_get(animal_id=animal_id), _("Animal not found."))
        return Response(AnimalOutput(animal).data)


class AnimalClaimApi(APIView):
    class Input(serializers.Serializer):
        price_paid = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)

    @extend_schema(request=Input, responses={201: ClaimOutput})
    def post(self, request, animal_id: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = animal_services.animal_claim(animal_id=animal_id, user=request.user, **data.validated_data)
        return Response(ClaimOutput(claim, context={"request": request}).data, status=status.HTTP_201_CREATED)


class AnimalAvailabilityApi(StaffOperationApi, APIView):
    """Its farm, or staff (then a staff operation, as the admin action)."""

    available = True
    operation = "community:mark_{view.verb}"
    operation_target_type = "animal"
    operation_target_kwarg = "animal_id"

    @property
    def verb(self) -> str:
        return "available" if self.available else "unavailable"

    @extend_schema(request=None, responses={200: AnimalOutput})
    def post(self, request, animal_id: int):
        animal = animal_services.animal_set_availability(animal_id=animal_id, actor=request.user,
                                                         available=self.available)
        return Response(AnimalOutput(animal).data)


class AnimalUpdateListCreateApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class Input(serializers.Serializer):
        update_type = serializers.ChoiceField(choices=AnimalUpdate.Type.choices, default=AnimalUpdate.Type.TEXT)
        content = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
        # At most 255 characters: Django's URL check refuses a host over 253, so a longer limit would let the
        # schema promise URLs the server refuses (the column holds 500).
        media_url = serializers.URLField(required=False, allow_blank=True, max_length=255, default="")

    @extend_schema(responses={200: AnimalUpdateOutput(many=True)})
    def get(self, request, animal_id: int):
        _get_or_404(selectors.animal_get(animal_id=animal_id), _("Animal not found."))
        return paginate(request, selectors.animal_update_feed(animal_id=animal_id), AnimalUpdateOutput)

    @extend_schema(request=Input, responses={201: AnimalUpdateOutput})
    def post(self, request, animal_id: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        update = animal_services.animal_update_post(animal_id=animal_id, author=request.user, **data.validated_data)
        return Response(AnimalUpdateOutput(update).data, status=status.HTTP_201_CREATED)


class ClaimedAnimalsFeedApi(APIView):
    @extend_schema(responses={200: AnimalUpdateOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.claimed_animals_feed(user=request.user), AnimalUpdateOutput)


class ClaimListApi(APIView):
    @extend_schema(parameters=filter_parameters(selectors.ClaimFilter), responses={200: ClaimOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.claim_list(user=request.user, filters=request.query_params), ClaimOutput)


class ClaimCancelApi(StaffOperationApi, APIView):
    """Its farm, or staff (then a staff operation, as the admin action)."""

    operation = "community:cancel_claim"
    operation_target_type = "animalclaim"
    operation_target_kwarg = "claim_id"

    class Input(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    @extend_schema(request=Input, responses={200: ClaimOutput})
    def post(self, request, claim_id: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = animal_services.claim_cancel(claim_id=claim_id, actor=request.user, **data.validated_data)
        return Response(ClaimOutput(claim, context={"request": request}).data)


class ClaimAgreementApi(APIView):
    """The claim's agreement document as an HTML page: for its claimant, its farm and staff, or anyone
    holding the signed link that the claim's `agreement_url` carries."""

    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The agreement page.")})
    def get(self, request, claim_id: int):
        claim = selectors.claim_for_reader(claim_id=claim_id, user=request.user)
        signature = request.query_params.get("sig", "")
        if claim is None and signature and constant_time_compare(
            signature, selectors.agreement_signature(claim_id=claim_id)
        ):
            claim = (
                AnimalClaim.objects.select_related("user", "animal", "animal__merchant").filter(pk=claim_id).first()
            )
        if claim is None:
            if not request.user.is_authenticated and not signature:
                raise NotAuthenticated(_("Log in or use the agreement link."))
            raise NotFound(_("Agreement not found."))
        context = {
            "claim": claim, "animal": claim.animal, "merchant": claim.animal.merchant,
            "agreement_no": f"AC{claim.claimed_at:%Y%m%d}{claim.pk:06d}", "claim_days": settings.CLAIM_DAYS,
            "display_time_zone": settings.DISPLAY_TIME_ZONE,
        }
        return render(request._request, "community/animal_claim_agreement.html", context)


# --- activities ------------------------------------------------------------------------------------------


class ActivityListCreateApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=100)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        activity_type = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
        start_time = serializers.DateTimeField()
        end_time = serializers.DateTimeField()
        location = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
        fee = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False, default=0)
        max_participants = serializers.IntegerField(min_value=1, max_value=100000)

    @extend_schema(parameters=filter_parameters(selectors.ActivityFilter), responses={200: ActivityOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.activity_list(filters=request.query_params), ActivityOutput)

    @extend_schema(request=Input, responses={201: ActivityOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        activity = activity_services.activity_create(user=request.user, **data.validated_data)
        return Response(ActivityOutput(selectors.activity_get(activity_id=activity.pk)).data,
                        status=status.HTTP_201_CREATED)


class ActivityDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: ActivityOutput})
    def get(self, request, activity_id: int):
        activity = _get_or_404(selectors.activity_get(activity_id=activity_id), _("Activity not found."))
        return Response(ActivityOutput(activity).data)


class ActivityRegisterApi(APIView):
    @extend_schema(request=None, responses={201: RegistrationOutput})
    def post(self, request, activity_id: int):
        registration = activity_services.activity_register(activity_id=activity_id, user=request.user)
        return Response(RegistrationOutput(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RegistrationOutput})
    def delete(self, request, activity_id: int):
        registration = activity_services.registration_cancel(activity_id=activity_id, user=request.user)
        return Response(RegistrationOutput(registration).data)


class ActivityCancelApi(APIView):
    @extend_schema(request=None, responses={200: ActivityOutput})
    def post(self, request, activity_id: int):
        activity = activity_services.activity_cancel(activity_id=activity_id, actor=request.user)
        return Response(ActivityOutput(activity).data)


class ActivityCancelRegistrationApi(APIView):
    @extend_schema(request=None, responses={200: RegistrationOutput})
    def post(self, request, activity_id: int):
        registration = activity_services.registration_cancel(activity_id=activity_id, user=request.user)
        return Response(RegistrationOutput(registration).data)


class ActivityRegistrationListApi(APIView):
    """An activity's registrations, for its organizer (and staff)."""

    @extend_schema(parameters=filter_parameters(selectors.RegistrationFilter),
                   responses={200: RegistrationOutput(many=True)})
    def get(self, request, activity_id: int):
        activity = _get_or_404(selectors.activity_get(activity_id=activity_id), _("Activity not found."))
        if not (activity.merchant.user_id == request.user.pk or has_staff_perm(request.user, "community:manage")):
            raise PermissionDenied(_("Only the organizer can see the registrations."))
        qs = selectors.registration_list_for_activity(activity=activity, filters=request.query_params)
        return paginate(request, qs, RegistrationOutput)


class MyRegistrationListApi(APIView):
    @extend_schema(operation_id="v1_activities_my_registrations_list",
                   parameters=filter_parameters(selectors.RegistrationFilter),
                   responses={200: RegistrationOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.registration_list_for_user(user=request.user, filters=request.query_params),
                        RegistrationOutput)


urlpatterns = [
    path("animals", AnimalListCreateApi.as_view(), name="animals"),
    path("animals/claims", ClaimListApi.as_view(), name="animal-claims"),
    path("animals/claims/<int:claim_id>/cancel", ClaimCancelApi.as_view(), name="animal-claim-cancel"),
    path("animals/claims/<int:claim_id>/agreement", ClaimAgreementApi.as_view(), name="animal-claim-agreement"),
    path("animals/feed", ClaimedAnimalsFeedApi.as_view(), name="animal-feed"),
    path("animals/<int:animal_id>", AnimalDetailApi.as_view(), name="animal-detail"),
    path("animals/<int:animal_id>/claim", AnimalClaimApi.as_view(), name="animal-claim"),
    path("animals/<int:animal_id>/updates", AnimalUpdateListCreateApi.as_view(), name="animal-updates"),
    path("animals/<int:animal_id>/unavailable", AnimalAvailabilityApi.as_view(available=False),
         name="animal-unavailable"),
    path("animals/<int:animal_id>/available", AnimalAvailabilityApi.as_view(available=True), name="animal-available"),
    path("activities", ActivityListCreateApi.as_view(), name="activities"),
    path("activities/registrations", MyRegistrationListApi.as_view(), name="activity-my-registrations"),
    path("activities/<int:activity_id>", ActivityDetailApi.as_view(), name="activity-detail"),
    path("activities/<int:activity_id>/register", ActivityRegisterApi.as_view(), name="activity-register"),
    path("activities/<int:activity_id>/cancel", ActivityCancelApi.as_view(), name="activity-cancel"),
    path("activities/<int:activity_id>/cancel-registration", ActivityCancelRegistrationApi.as_view(),
         name="activity-cancel-registration"),
    path("activities/<int:activity_id>/registrations", ActivityRegistrationListApi.as_view(),
         name="activity-registrations"),
]
