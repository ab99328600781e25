"""Seed-002 users register, list and edit their own vehicles and drivers, then place a driver order with
them (issue 18.5, DESIGN §9 "Vehicles and drivers")."""

import pytest

from orders.models import Driver, Order, Vehicle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_registers_vehicle_and_drivers_then_places_a_driver_order(user, user_api):
    response = user_api.post("/api/v1/vehicles", {"plate_no": "沪A12345", "vin": "LSVAA4182E2100001",
                                                  "value": 150000}, format="json")
    assert response.status_code == 201, response.json()
    vehicle = response.json()["data"]
    assert vehicle == {"id": vehicle["id"], "owner": user.pk, "plate_no": "沪A12345", "vin": "LSVAA4182E2100001",
                       "value": "150000.00"}
    assert [v["id"] for v in user_api.get("/api/v1/vehicles").json()["data"]] == [vehicle["id"]]

    response = user_api.patch(f"/api/v1/vehicles/{vehicle['id']}", {"value": "140000.50"}, format="json")
    assert response.status_code == 200 and response.json()["data"]["value"] == "140000.50"

    dids = []
    for name in ("张三", "李四"):
        response = user_api.post("/api/v1/drivers", {"vehicle": vehicle["id"], "name": name,
                                                     "license_no": f"L-{name}", "phone": "13800000000"}, format="json")
        assert response.status_code == 201, response.json()
        driver = response.json()["data"]
        assert (driver["owner"], driver["vehicle"], driver["name"]) == (user.pk, vehicle["id"], name)
        dids.append(driver["id"])
    assert {d["id"] for d in user_api.get("/api/v1/drivers").json()["data"]} == set(dids)
    response = user_api.patch(f"/api/v1/drivers/{dids[0]}", {"phone": "13900000000"}, format="json")
    assert response.status_code == 200 and response.json()["data"]["phone"] == "13900000000"

    # seed 002: placeAnDriverOrder(vid, dids, summary, payment) with the user's own vehicle and drivers
    response = user_api.post("/api/v1/orders/driver", {"vid": vehicle["id"], "dids": dids, "summary": 200,
                                                       "payment": 200}, format="json")
    assert response.status_code == 201, response.json()
    assert Order.objects.get(pk=response.json()["data"]["id"]).driver_ext.drivers.count() == 2


def test_others_cannot_see_or_edit_my_vehicle_or_driver(user, user_api, client_for):
    vehicle = user_api.post("/api/v1/vehicles", {"plate_no": "P1", "vin": "V1"}, format="json").json()["data"]
    driver = user_api.post("/api/v1/drivers", {"name": "D", "license_no": "L"}, format="json").json()["data"]
    other = client_for(UserFactory())
    assert other.get("/api/v1/vehicles").json()["data"] == []
    assert other.get("/api/v1/drivers").json()["data"] == []
    assert other.patch(f"/api/v1/vehicles/{vehicle['id']}", {"value": 1}, format="json").status_code == 404
    assert other.patch(f"/api/v1/drivers/{driver['id']}", {"name": "X"}, format="json").status_code == 404
    # nor link their driver to my vehicle
    response = other.post("/api/v1/drivers", {"vehicle": vehicle["id"], "name": "X", "license_no": "L"}, format="json")
    assert response.status_code == 404
    assert Vehicle.objects.get(pk=vehicle["id"]).value == 0 and Driver.objects.get(pk=driver["id"]).name == "D"


def test_bad_vehicle_input_is_4xx_and_changes_nothing(user_api):
    user_api.post("/api/v1/vehicles", {"plate_no": "P1", "vin": "V1"}, format="json")
    duplicate = user_api.post("/api/v1/vehicles", {"plate_no": "P1", "vin": "V2"}, format="json")
    assert duplicate.status_code == 409 and duplicate.json()["code"] == 409
    for body in ({"vin": "V3"}, {"plate_no": "P3", "vin": "V3", "value": -1}, {"plate_no": "x" * 21, "vin": "V3"}):
        response = user_api.post("/api/v1/vehicles", body, format="json")
        assert response.status_code == 400, body
    assert Vehicle.objects.count() == 1
    assert user_api.patch("/api/v1/vehicles/not-a-uuid", {"value": 1}, format="json").status_code == 404
