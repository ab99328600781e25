"""Demo catalog (DESIGN §4): bob's vehicle with a quotation covering two plans with items, a promotion, a
driver. Idempotent: rows are found by their natural keys."""

from decimal import Decimal

from accounts.demo import demo_user
from orders.models import Driver, Plan, PlanItem, Promotion, Quotation, Vehicle

PLANS = {
    "基础保障 Basic cover": [("第三者责任 Third-party liability", "1000.00"), ("车损 Vehicle damage", "2000.00")],
    "增值服务 Extras": [("道路救援 Roadside assistance", "300.00"), ("代驾 Designated driver", "200.00")],
}


def load(*, password: str, stdout) -> None:
    bob = demo_user("bob")
    vehicle, _ = Vehicle.objects.get_or_create(
        plate_no="京A12345", defaults={"owner": bob, "vin": "LDEMO000000000001", "value": Decimal("100000.00")}
    )
    plans = []
    for name, items in PLANS.items():
        plan, _ = Plan.objects.get_or_create(name=name)
        for item_name, price in items:
            PlanItem.objects.get_or_create(plan=plan, name=item_name, defaults={"price": Decimal(price)})
        plans.append(plan)
    total = sum(Decimal(price) for items in PLANS.values() for _name, price in items)
    quotation = Quotation.objects.filter(vehicle=vehicle).first()
    if quotation is None:
        quotation = Quotation.objects.create(vehicle=vehicle, total=total)
    quotation.plans.set(plans)
    Promotion.objects.get_or_create(code="WELCOME500", defaults={"discount": Decimal("500.00")})
    Driver.objects.get_or_create(owner=bob, license_no="110101199001010011",
                                 defaults={"name": "Bob", "phone": "13800138000"})
    stdout.write(f"Orders catalog: vehicle {vehicle.plate_no}, {len(plans)} plans, promotion WELCOME500")
