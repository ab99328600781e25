"""The app split (issue 13) moves models between apps without touching their tables: a database made before
the move keeps every row, foreign key, content type and role permission after `migrate` (PostgreSQL)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Migrating every app down and up again takes ~45 s alone, minutes on a loaded machine.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]

# Every app's head just before the split; merchants and community did not exist.
BEFORE = [
    ("accounts", "0003_seed_roles"), ("chat", "0002_message_sync_indexes"), ("marketplace", "0003_community"),
    ("orders", "0003_item_position"), ("underwrite", "0001_underwrite"), ("travel", "0001_travel"),
    ("merchants", None), ("community", None),
]
MOVED = {
    "merchant": "merchants", "product": "merchants", "merchantapplication": "merchants", "successcase": "merchants",
    "animal": "community", "animalclaim": "community", "activity": "community",
    "activityregistration": "community", "review": "orders",
}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _heads():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_rows(apps) -> dict:
    """Rows of every moved model (and the market's), made with the models as they were before the split."""
    now = timezone.now()
    User = apps.get_model("accounts", "User")
    seller = User.objects.create(username="old-seller", email="s@example.com", phone="100")
    buyer = User.objects.create(username="old-buyer", email="b@example.com", phone="101")
    m = "marketplace"
    merchant = apps.get_model(m, "Merchant").objects.create(
        user=seller, merchant_type="farm_owner", business_name="Old farm", contact_person="A", contact_phone="1",
        status="approved")
    product = apps.get_model(m, "Product").objects.create(merchant=merchant, name="Milk", price=Decimal("3.00"))
    application = apps.get_model(m, "MerchantApplication").objects.create(
        business_name="Applicant", contact_person="B", contact_phone="2")
    case = apps.get_model(m, "SuccessCase").objects.create(title="Story", merchant=merchant)
    animal = apps.get_model(m, "Animal").objects.create(
        merchant=merchant, name="Alpaca", species="alpaca", price=Decimal("100.00"))
    claim = apps.get_model(m, "AnimalClaim").objects.create(
        user=buyer, animal=animal, price_paid=Decimal("100.00"), claimed_at=now, ends_at=now + timedelta(days=30))
    order = apps.get_model("orders", "Order").objects.create(
        order_no="ORD202612040001", kind="product", buyer=buyer, merchant=merchant, state="completed",
        summary=Decimal("3.00"), payment=Decimal("3.00"))
    order_item = apps.get_model("orders", "OrderItem").objects.create(
        order=order, product=product, quantity=1, unit_price=Decimal("3.00"), price=Decimal("3.00"))
    activity = apps.get_model(m, "Activity").objects.create(
        merchant=merchant, title="Walk", start_time=now, end_time=now + timedelta(hours=2), max_participants=5,
        product=product)
    registration = apps.get_model(m, "ActivityRegistration").objects.create(activity=activity, user=buyer, order=order)
    review = apps.get_model(m, "Review").objects.create(user=buyer, merchant=merchant, order=order, rating=5)
    item = apps.get_model(m, "Item").objects.create(seller=seller, title="Lamp", price=Decimal("9.00"))
    trade = apps.get_model(m, "Trade").objects.create(item=item, buyer=buyer, seller=seller)
    return {
        "merchant": merchant.pk, "product": product.pk, "application": application.pk, "case": case.pk,
        "animal": animal.pk, "claim": claim.pk, "order": order.pk, "order_item": order_item.pk,
        "activity": activity.pk, "registration": registration.pk, "review": review.pk, "item": item.pk,
        "trade": trade.pk, "seller": seller.pk, "buyer": buyer.pk,
    }


def test_rows_foreign_keys_and_role_permissions_survive_the_split():
    old_apps = _migrate(BEFORE)
    try:
        ContentType = old_apps.get_model("contenttypes", "ContentType")
        Permission = old_apps.get_model("auth", "Permission")
        Group = old_apps.get_model("auth", "Group")
        # The roles as an old database had them: a group holding permissions of models that move.
        role, _ = Group.objects.get_or_create(name="split_test_role")
        for model in MOVED:
            content_type, _ = ContentType.objects.get_or_create(app_label="marketplace", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"change_{model}", defaults={"name": f"Can change {model}"})
            role.permissions.add(permission)
        ids = _old_rows(old_apps)
    finally:
        _migrate(_heads())

    from django.contrib.auth.models import Group as NewGroup

    from community.models import Activity, ActivityRegistration, Animal, AnimalClaim
    from marketplace.models import Item, Trade
    from merchants.models import Merchant, MerchantApplication, Product, SuccessCase
    from orders.models import Order, OrderItem, Review

    merchant = Merchant.objects.get(pk=ids["merchant"])
    assert merchant.user_id == ids["seller"] and merchant.status == "approved"
    assert Product.objects.get(pk=ids["product"]).merchant_id == merchant.pk
    assert MerchantApplication.objects.filter(pk=ids["application"]).exists()
    assert SuccessCase.objects.get(pk=ids["case"]).merchant_id == merchant.pk
    assert Animal.objects.get(pk=ids["animal"]).merchant_id == merchant.pk
    assert AnimalClaim.objects.get(pk=ids["claim"]).animal_id == ids["animal"]
    order = Order.objects.get(pk=ids["order"])
    assert order.merchant_id == merchant.pk and order.merchant.business_name == "Old farm"
    assert OrderItem.objects.get(pk=ids["order_item"]).product.name == "Milk"
    activity = Activity.objects.get(pk=ids["activity"])
    assert activity.product_id == ids["product"] and activity.merchant_id == merchant.pk
    registration = ActivityRegistration.objects.get(pk=ids["registration"])
    assert registration.activity_id == activity.pk and registration.order_id == order.pk
    review = Review.objects.get(pk=ids["review"])
    assert review.order_id == order.pk and review.merchant_id == merchant.pk
    assert Trade.objects.get(pk=ids["trade"]).item_id == Item.objects.get(pk=ids["item"]).pk
    # Reverse relations across the new apps resolve too.
    assert list(merchant.reviews.values_list("pk", flat=True)) == [review.pk]
    assert list(merchant.animals.values_list("pk", flat=True)) == [ids["animal"]]

    role = NewGroup.objects.get(name="split_test_role")
    held = set(role.permissions.values_list("content_type__app_label", "codename"))
    assert held == {(app, f"change_{model}") for model, app in MOVED.items()}
