"""The seed-002 order cache: per-user sorted sets + `order-entities`, written after commit on every order event,
rebuilt on a miss, and equal to the database answer after any sequence of changes. Runs on the real Redis when
REDIS_URL is set (CI), else on fakeredis."""

import json
import random
from decimal import Decimal

import pytest
from django.db import transaction

from common.errors import ApplicationError
from orders import cache, selectors, services
from orders.payments import GATEWAYS
from orders.shapes import label_localized, order_row
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db


def db_page(user_id, offset=0, size=100):
    rows = list(selectors.order_list_for_user_id(user_id=user_id))
    return [order_row(o) for o in rows[offset:offset + size]], len(rows)


def test_cache_equals_database_after_random_changes(order_cache, django_capture_on_commit_callbacks, client_for):
    rng = random.Random(20261121)
    users = [UserFactory() for _ in range(3)]
    merchants = [ApprovedMerchantFactory(user=users[0]), ApprovedMerchantFactory()]
    products = [ProductFactory(merchant=m, price=Decimal("7.25")) for m in merchants]
    orders = []

    def step():
        choice = rng.choice(["product", "exchange", "pay", "cancel", "confirm", "refund", "amount", "userpay"])
        if choice == "product" or not orders:
            product = rng.choice(products)
            buyer = rng.choice([u for u in users if u.pk != product.merchant.user_id])
            orders.append(services.product_order_place(
                buyer=buyer, items=[{"product": product.pk, "quantity": rng.randint(1, 3)}]))
            return
        if choice == "exchange":
            merchant = rng.choice(merchants)
            buyer = rng.choice([u for u in users if u.pk != merchant.user_id])
            orders.append(services.exchange_order_place(buyer=buyer, merchant_id=merchant.pk, direction="buy",
                                                        amount=Decimal(rng.randint(1, 99)), rate=Decimal("1.5")))
            return
        order = rng.choice(orders)
        order.refresh_from_db()
        try:
            if choice == "pay":
                payment = services.payment_start(order_id=order.pk, actor=order.buyer)
                body, headers = GATEWAYS["sandbox"].callback_body(reference=payment.reference, paid=True,
                                                                  amount=payment.amount)
                services.payment_callback_handle(gateway="sandbox", body=body, headers=headers)
            elif choice == "cancel":
                services.order_cancel(order_id=order.pk, actor=order.buyer)
            elif choice == "confirm":
                services.product_order_confirm(order_id=order.pk, actor=order.buyer)
            elif choice == "refund":
                services.product_order_refund(order_id=order.pk, actor=order.merchant.user)
            elif choice == "amount":
                services.exchange_amount_change(order_id=order.pk, actor=order.buyer, amount=Decimal(rng.randint(1, 99)))
            elif choice == "userpay":
                services.exchange_step(order_id=order.pk, actor=order.buyer, step="userpay")
        except ApplicationError:
            pass  # refused in this state: nothing changes, in the database or the cache

    for _ in range(60):
        with django_capture_on_commit_callbacks(execute=True):
            step()
    for user in users:
        for offset, size in ((0, 100), (0, 3), (2, 4)):
            assert cache.order_list_cached(user_id=user.pk, offset=offset, size=size) == db_page(user.pk, offset, size)
    # the API answers from the cache the same list the database gives
    answer = client_for(users[1]).get("/api/v1/orders?size=100", HTTP_ACCEPT_LANGUAGE="en").json()["data"]
    # REST labels follow Accept-Language (DESIGN §9 "Labels"); the cache keeps the seed's Chinese label
    assert answer["list"] == [label_localized(row) for row in db_page(users[1].pk)[0]] and answer["pagination"]["total"] == db_page(users[1].pk)[1]
    assert order_cache.zcard(cache.key("orders")) == len(orders)


def test_writes_after_commit_only_and_rebuilds_on_a_miss(order_cache, django_capture_on_commit_callbacks, user):
    product = ProductFactory(price=Decimal("3.00"))
    with django_capture_on_commit_callbacks(execute=True):
        order = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    entity = json.loads(order_cache.hget(cache.key("order-entities"), str(order.pk)))
    assert entity["state"] == "pending_payment"
    # per-user sets start with a read (a whole rebuild), then follow every event
    assert cache.order_list_cached(user_id=user.pk, offset=0, size=10)[1] == 1
    assert cache.order_list_cached(user_id=product.merchant.user_id, offset=0, size=10)[1] == 1
    with django_capture_on_commit_callbacks(execute=True):
        second = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 2}])
    assert order_cache.zscore(cache.user_key(user.pk), str(second.pk)) is not None
    assert order_cache.zscore(cache.user_key(product.merchant.user_id), str(second.pk)) is not None
    # a change that rolls back never reaches the cache
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.order_cancel(order_id=order.pk, actor=user)
        raise RuntimeError("roll back")
    assert json.loads(order_cache.hget(cache.key("order-entities"), str(order.pk)))["state"] == "pending_payment"
    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(order_id=order.pk, actor=user)
    assert json.loads(order_cache.hget(cache.key("order-entities"), str(order.pk)))["state"] == "cancelled"
    # lost keys are rebuilt from the database on read
    order_cache.delete(cache.user_key(user.pk), cache.key("order-entities"))
    assert cache.order_list_cached(user_id=user.pk, offset=0, size=10) == db_page(user.pk, 0, 10)
    assert order_cache.exists(cache.user_key(user.pk))


def test_seed_key_names_are_namespaced(order_cache, django_capture_on_commit_callbacks, settings, user, seed_catalog):
    with django_capture_on_commit_callbacks(execute=True):
        order = services.driver_order_place(buyer=user, vid=str(seed_catalog["vehicle"].pk),
                                            dids=[str(seed_catalog["drivers"][0].pk)], summary=1, payment=1)
    assert order_cache.zscore(f"{settings.NAMESPACE}:driver-orders", str(order.pk)) is not None
    assert order_cache.zscore(f"{settings.NAMESPACE}:orders", str(order.pk)) is not None
    cache.order_list_cached(user_id=user.pk, offset=0, size=10)
    assert order_cache.zscore(f"{settings.NAMESPACE}:orders-{user.pk}", str(order.pk)) is not None
    # effective drivers are cached per vehicle and dropped when a driver order changes
    vid = str(seed_catalog["vehicle"].pk)
    assert selectors.effective_driver_rows(vehicle_id=vid) == []
    assert order_cache.hget(f"{settings.NAMESPACE}:order-driver-entities", vid) == b"[]"
    staff = staff_user("admin")
    with django_capture_on_commit_callbacks(execute=True):
        services.order_state_update(actor=staff, order_ref=order.pk, state_code=2)
        services.order_state_update(actor=staff, order_ref=order.pk, state_code=5)
    assert [d["id"] for d in selectors.effective_driver_rows(vehicle_id=vid)] == [str(seed_catalog["drivers"][0].pk)]


def test_a_cold_user_set_is_rebuilt_whole_not_started_by_one_event(order_cache, django_capture_on_commit_callbacks,
                                                                   user):
    product = ProductFactory(price=Decimal("3.00"))
    older = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])  # no cache write
    with django_capture_on_commit_callbacks(execute=True):
        newer = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    rows, total = cache.order_list_cached(user_id=user.pk, offset=0, size=10)
    assert total == 2 and [r["id"] for r in rows] == [str(newer.pk), str(older.pk)]


def test_events_written_by_other_apps_refresh_the_cache(order_cache, django_capture_on_commit_callbacks, user):
    """Other apps (underwrite) move orders through the one transition service; the cache follows them."""
    from django.db import transaction

    from orders.models import Order

    product = ProductFactory(price=Decimal("3.00"))
    with django_capture_on_commit_callbacks(execute=True):
        order = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    Order.objects.filter(pk=order.pk).update(delivery_address="moved by another app")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.order_transition(order=services.order_lock(order.pk), transition="cancel", actor=None)
    entity = json.loads(order_cache.hget(cache.key("order-entities"), str(order.pk)))
    assert entity["delivery_address"] == "moved by another app" and entity["state"] == "cancelled"
