"""Every product transition through its service (issue 13): available ⇄ unavailable moves only through the
machine (the field is protected) and writes one ProductEvent per step."""

from decimal import Decimal

import pytest

from merchants.models import Product, ProductEvent
from merchants.services import products as services
from tests.factories.community import MerchantFactory
from tests.walk import walk_step

pytestmark = pytest.mark.django_db


def test_product_walk(django_capture_on_commit_callbacks):
    owner = MerchantFactory().user
    product = walk_step(django_capture_on_commit_callbacks, events=ProductEvent.objects.all(), type="created",
                        run=lambda: services.product_create(user=owner, name="蜂蜜", price=Decimal("30")))
    events = ProductEvent.objects.filter(product=product)
    walk_step(django_capture_on_commit_callbacks, events=events, type="unpublished",
              run=lambda: services.product_update(product_id=product.pk, user=owner, data={"status": "unavailable"}))
    walk_step(django_capture_on_commit_callbacks, events=events, type="published",
              run=lambda: services.product_update(product_id=product.pk, user=owner, data={"status": "available"}))
    walk_step(django_capture_on_commit_callbacks, events=events, type="unpublished",
              run=lambda: services.product_unpublish(product_id=product.pk, user=owner))
    product.refresh_from_db()
    assert product.status == Product.Status.UNAVAILABLE
    with pytest.raises(AttributeError):
        product.status = Product.Status.AVAILABLE  # protected: only the transitions move it
