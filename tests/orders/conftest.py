import pytest


def seed_uuid(n: int) -> str:
    """The seed-002 examples' ids: 00000000-0000-0000-0000-00000000000n."""
    return f"00000000-0000-0000-0000-{n:012d}"


@pytest.fixture
def seed_catalog(user):
    """The catalog the seed-002 examples assume, with their ids and prices, owned by `user`."""
    from decimal import Decimal

    from tests.factories.orders import (
        DriverFactory,
        PlanFactory,
        PlanItemFactory,
        QuotationFactory,
        VehicleFactory,
    )

    vehicle = VehicleFactory(id=seed_uuid(0), owner=user)
    plans = [PlanFactory(id=seed_uuid(0)), PlanFactory(id=seed_uuid(1))]
    items = [
        PlanItemFactory(id=seed_uuid(0), plan=plans[0], price=Decimal("1000.00")),
        PlanItemFactory(id=seed_uuid(1), plan=plans[0], price=Decimal("2000.00")),
        PlanItemFactory(id=seed_uuid(2), plan=plans[1], price=Decimal("1000.00")),
        PlanItemFactory(id=seed_uuid(3), plan=plans[1], price=Decimal("2000.00")),
    ]
    quotation = QuotationFactory(id=seed_uuid(0), vehicle=vehicle, plans=plans, total=Decimal("6000.00"))
    drivers = [DriverFactory(id=seed_uuid(n), owner=user) for n in range(4)]
    return {"vehicle": vehicle, "plans": plans, "items": items, "quotation": quotation, "drivers": drivers}


SEED_PLANS = {
    seed_uuid(0): {seed_uuid(0): 1000.00, seed_uuid(1): 2000.00},
    seed_uuid(1): {seed_uuid(2): 1000.00, seed_uuid(3): 2000.00},
}
