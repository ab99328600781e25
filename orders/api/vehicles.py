"""Seed-002 users' vehicles and drivers (DESIGN §4 catalog, §9 "Vehicles and drivers"): each user creates,
lists and edits their own; staff read all. `GET vehicles/{id}/drivers` stays the effective drivers."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from orders import selectors
from orders.api.outputs import EffectiveDriverOutput
from orders.services import vehicles as services
from orders.shapes import money_str


class VehicleOutput(serializers.Serializer):
    id = serializers.UUIDField()
    owner = serializers.IntegerField(source="owner_id")
    plate_no = serializers.CharField()
    vin = serializers.CharField()
    value = serializers.SerializerMethodField()

    def get_value(self, vehicle) -> str:
        return money_str(vehicle.value)


class VehicleInput(serializers.Serializer):
    plate_no = serializers.CharField(max_length=20)
    vin = serializers.CharField(max_length=32)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)


class DriverOutput(serializers.Serializer):
    id = serializers.UUIDField()
    owner = serializers.IntegerField(source="owner_id")
    vehicle = serializers.UUIDField(source="vehicle_id", allow_null=True)
    name = serializers.CharField()
    license_no = serializers.CharField()
    phone = serializers.CharField()


class DriverInput(serializers.Serializer):
    vehicle = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    name = serializers.CharField(max_length=50)
    license_no = serializers.CharField(max_length=32)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


def _render(serializer_class, row, code=status.HTTP_200_OK) -> Response:
    return Response(serializer_class(row).data, status=code)


class VehicleListApi(APIView):
    pagination_class = None  # seed 002 answers the user's vehicles as a bare array

    @extend_schema(responses={200: VehicleOutput(many=True)})
    def get(self, request):
        return Response(VehicleOutput(selectors.vehicle_list_for_user(user=request.user), many=True).data)

    @extend_schema(request=VehicleInput, responses={201: VehicleOutput})
    def post(self, request):
        data = VehicleInput(data=request.data)
        data.is_valid(raise_exception=True)
        vehicle = services.vehicle_create(owner=request.user, **data.validated_data)
        return _render(VehicleOutput, vehicle, status.HTTP_201_CREATED)


class VehicleDetailApi(APIView):
    @extend_schema(responses={200: VehicleOutput})
    def get(self, request, vehicle_id):
        return _render(VehicleOutput, selectors.vehicle_get_for_user(user=request.user, vehicle_id=vehicle_id))

    @extend_schema(request=VehicleInput(partial=True), responses={200: VehicleOutput})
    def patch(self, request, vehicle_id):
        data = VehicleInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        vehicle = services.vehicle_update(actor=request.user, vehicle_id=vehicle_id, **data.validated_data)
        return _render(VehicleOutput, vehicle)


class VehicleDriversApi(APIView):
    """`GET vehicles/{id}/drivers`: the effective drivers of a vehicle (seed 002 getDriverOrders)."""

    pagination_class = None  # a bare array, as seed 002 answers it

    @extend_schema(responses={200: EffectiveDriverOutput(many=True)})
    def get(self, request, vehicle_id):
        vehicle = selectors.vehicle_get_for_user(user=request.user, vehicle_id=vehicle_id)
        return Response(selectors.effective_driver_rows(vehicle_id=vehicle.pk))


class DriverListApi(APIView):
    pagination_class = None  # a bare array, like the vehicles

    @extend_schema(responses={200: DriverOutput(many=True)})
    def get(self, request):
        return Response(DriverOutput(selectors.drivers_visible_to(request.user).order_by("name", "id"), many=True).data)

    @extend_schema(request=DriverInput, responses={201: DriverOutput})
    def post(self, request):
        data = DriverInput(data=request.data)
        data.is_valid(raise_exception=True)
        driver = services.driver_create(owner=request.user, **data.validated_data)
        return _render(DriverOutput, driver, status.HTTP_201_CREATED)


class DriverDetailApi(APIView):
    @extend_schema(responses={200: DriverOutput})
    def get(self, request, driver_id):
        return _render(DriverOutput, selectors.driver_get_for_user(user=request.user, driver_id=driver_id))

    @extend_schema(request=DriverInput(partial=True), responses={200: DriverOutput})
    def patch(self, request, driver_id):
        data = DriverInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        driver = services.driver_update(actor=request.user, driver_id=driver_id, **data.validated_data)
        return _render(DriverOutput, driver)


urlpatterns = [
    path("vehicles", VehicleListApi.as_view(), name="vehicle-list"),
    path("vehicles/<str:vehicle_id>", VehicleDetailApi.as_view(), name="vehicle-detail"),
    path("vehicles/<str:vehicle_id>/drivers", VehicleDriversApi.as_view(), name="vehicle-drivers"),
    path("drivers", DriverListApi.as_view(), name="driver-list"),
    path("drivers/<str:driver_id>", DriverDetailApi.as_view(), name="driver-detail"),
]
