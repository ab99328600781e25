"""Issue 16, seed 002 on the site: my vehicles and drivers (add, edit), a vehicle's quotation, the server's
plan totals with a promotion by code, placing plan and driver orders."""

from decimal import Decimal

import pytest

from orders.models import Driver, Order, Vehicle
from tests.factories import UserFactory
from tests.factories.orders import PlanFactory, PlanItemFactory, PromotionFactory, QuotationFactory, VehicleFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(user):
    vehicle = VehicleFactory(owner=user, plate_no="沪A12345")
    plan = PlanFactory(name="Third party")
    items = [PlanItemFactory(plan=plan, name="Liability", price=Decimal("1000.00")),
             PlanItemFactory(plan=plan, name="Glass", price=Decimal("200.00"))]
    quotation = QuotationFactory(vehicle=vehicle, plans=[plan], total=Decimal("1200.00"))
    promotion = PromotionFactory(code="SPRING", discount=Decimal("100.00"))
    return {"vehicle": vehicle, "items": items, "quotation": quotation, "promotion": promotion}


def test_add_and_edit_a_vehicle_and_a_driver(client, user):
    client.force_login(user)
    response = client.post("/vehicles/", {"add": "vehicle", "vehicle-plate_no": "粤b777", "vehicle-vin": "vin123",
                                          "vehicle-value": "88000"})
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(owner=user)
    assert vehicle.plate_no == "粤B777" and vehicle.vin == "VIN123"
    client.post("/vehicles/", {"add": "driver", "driver-name": "Lin", "driver-license_no": "L1", "driver-phone": ""})
    driver = Driver.objects.get(owner=user)
    assert client.post(f"/vehicles/{vehicle.pk}/edit/", {"plate_no": "粤B778", "vin": "VIN123",
                                                        "value": "80000"}).status_code == 302
    assert client.post(f"/drivers/{driver.pk}/edit/", {"name": "Lin Wei", "license_no": "L1"}).status_code == 302
    vehicle.refresh_from_db()
    driver.refresh_from_db()
    assert vehicle.plate_no == "粤B778" and vehicle.value == Decimal("80000") and driver.name == "Lin Wei"
    html = client.get("/vehicles/").content.decode()
    assert "粤B778" in html and "Lin Wei" in html


def test_a_taken_plate_is_a_field_error_and_someone_elses_vehicle_is_404(client, user):
    other = VehicleFactory(owner=UserFactory(), plate_no="OTHER1")
    client.force_login(user)
    response = client.post("/vehicles/", {"add": "vehicle", "vehicle-plate_no": "other1", "vehicle-vin": "X",
                                          "vehicle-value": "1"})
    assert response.status_code == 200 and "Already registered." in response.content.decode()
    assert client.get(f"/vehicles/{other.pk}/").status_code == 404
    assert client.post(f"/vehicles/{other.pk}/edit/", {"plate_no": "MINE", "vin": "Y", "value": "1"}).status_code == 404


def test_plan_totals_come_from_the_server_and_the_order_explains_them(client, user, catalog, settings):
    settings.PLAN_SERVICE_RATIO = "0.05"
    client.force_login(user)
    vehicle, items, quotation = catalog["vehicle"], catalog["items"], catalog["quotation"]
    url = f"/vehicles/{vehicle.pk}/plan-total/?qid={quotation.pk}&piid={items[0].pk}&piid={items[1].pk}&code=spring"
    assert client.get(url).json() == {"summary": "1200.00", "fee": "60.00", "discount": "100.00",
                                      "payment": "1160.00", "code_unknown": False}
    assert client.get(f"/vehicles/{vehicle.pk}/plan-total/?code=NOPE").json()["code_unknown"] is True
    assert "Quotation: ¥1200.00" in client.get(f"/vehicles/{vehicle.pk}/").content.decode()
    response = client.post(f"/vehicles/{vehicle.pk}/", {"place": "plan", "qid": str(quotation.pk),
                                                        "piid": [str(items[0].pk)], "code": "SPRING",
                                                        "expect_date": "2030-01-01"})
    order = Order.objects.get(buyer=user, kind="plan")
    assert response.status_code == 302 and order.payment == Decimal("950.00")
    html = client.get(f"/orders/{order.pk}/").content.decode()
    assert "Third party · Liability" in html and "Promotion SPRING" in html and "Service fee (5%)" in html


def test_a_plan_order_with_an_unknown_code_is_refused_with_a_message(client, user, catalog):
    client.force_login(user)
    vehicle, items, quotation = catalog["vehicle"], catalog["items"], catalog["quotation"]
    response = client.post(f"/vehicles/{vehicle.pk}/", {"place": "plan", "qid": str(quotation.pk),
                                                        "piid": [str(items[0].pk)], "code": "NOPE"}, follow=True)
    assert "No active promotion" in response.content.decode()
    assert not Order.objects.filter(buyer=user).exists()


def test_driver_order_from_the_vehicle_page(client, user, catalog):
    client.force_login(user)
    driver = Driver.objects.create(owner=user, name="Ann", license_no="L9")
    vehicle = catalog["vehicle"]
    response = client.post(f"/vehicles/{vehicle.pk}/", {"place": "driver", "drivers": [str(driver.pk)],
                                                        "summary": "300", "payment": "250"})
    order = Order.objects.get(buyer=user, kind="driver")
    assert response.status_code == 302 and order.payment == Decimal("250.00")
    html = client.get(f"/orders/{order.pk}/").content.decode()
    assert "Ann" in html and "Discount" in html


def test_sale_order_from_a_quotation_linked_from_the_vehicle_page(client, user, catalog):
    client.force_login(user)
    vehicle, items, quotation = catalog["vehicle"], catalog["items"], catalog["quotation"]
    url = f"/vehicles/{vehicle.pk}/buy/{quotation.pk}/"
    assert url in client.get(f"/vehicles/{vehicle.pk}/").content.decode()
    assert "Glass" in client.get(url).content.decode()
    response = client.post(url, {"piid": [str(items[0].pk), str(items[1].pk)]})
    order = Order.objects.get(buyer=user, kind="sale")
    assert response.status_code == 302 and response.url == f"/orders/{order.pk}/"
    assert order.payment == order.summary == Decimal("1200.00") and order.items.count() == 2
    response = client.post(url, {}, follow=True)
    assert "At least one plan item is required." in [str(m) for m in response.context["messages"]][-1]
    assert Order.objects.filter(kind="sale").count() == 1
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_order_page_leads_its_buyer_back_to_the_vehicle(client, user, catalog):
    """Issue 16 journey: the sale order's page ended with the vehicle's plate as plain text; its buyer (the
    owner) follows it back to the vehicle, others see the plate only."""
    vehicle, items = catalog["vehicle"], catalog["items"]
    client.force_login(user)
    client.post(f"/vehicles/{vehicle.pk}/buy/{catalog['quotation'].pk}/", {"piid": [str(items[0].pk)]})
    order = Order.objects.get(buyer=user, kind="sale")
    link = f'<a href="/vehicles/{vehicle.pk}/" data-testid="order-vehicle">沪A12345</a>'
    assert link in client.get(f"/orders/{order.pk}/").content.decode()
    client.force_login(staff_user("admin"))
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert "沪A12345" in page and f'href="/vehicles/{vehicle.pk}/"' not in page


def test_a_sale_order_with_nothing_picked_says_so_without_the_api_field_name(client, user, catalog):
    """Issue 16 zh-Hans pass: the page showed "items: 至少需要一个方案项目。" (the API's argument name)."""
    vehicle, quotation = catalog["vehicle"], catalog["quotation"]
    client.force_login(user)
    url = f"/vehicles/{vehicle.pk}/buy/{quotation.pk}/"
    response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and "Glass" in response.content.decode()
    assert [str(m) for m in response.context["messages"]] == ["至少需要一个方案项目。"]
    assert not Order.objects.filter(kind="sale").exists()
