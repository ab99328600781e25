"""Issue 13 item 8: the merchants lists (staff: merchants, applications; a merchant's products; the public
products) filter through FilterSets in the selectors: each filter keeps what it names and drops the rest,
repeated values mean any of, a bad value is a 400 envelope, and filtering adds no query."""

import pytest

from merchants.models import Merchant, MerchantApplication, Product
from tests.factories.orders import ApprovedMerchantFactory
from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, staff_user
from tests.lists import assert_bad_filter, assert_filters_add_no_query, ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client_for):
    return client_for(staff_user("merchant_reviewer"))


def test_staff_merchant_filters(reviewer):
    farm = MerchantFactory(status=Merchant.Status.APPROVED, merchant_type=Merchant.Type.FARM_OWNER)
    pending_shop = MerchantFactory(merchant_type=Merchant.Type.FLOWER_SHOP)
    suspended_farm = MerchantFactory(status=Merchant.Status.SUSPENDED, merchant_type=Merchant.Type.FARM_OWNER)
    url = "/api/v1/admin/merchants"
    assert ids(reviewer, url) == sorted([farm.pk, pending_shop.pk, suspended_farm.pk])
    assert ids(reviewer, f"{url}?status=pending") == [pending_shop.pk]
    assert ids(reviewer, f"{url}?status=approved,suspended") == sorted([farm.pk, suspended_farm.pk])
    assert ids(reviewer, f"{url}?merchant_type=farm_owner") == sorted([farm.pk, suspended_farm.pk])
    assert ids(reviewer, f"{url}?merchant_type=farm_owner&status=pending") == []
    assert_filters_add_no_query(reviewer, url, "status=pending&merchant_type=flower_shop,farm_owner")


@pytest.mark.parametrize("query, param", [("status=closed", "status"), ("merchant_type=bank", "merchant_type")])
def test_staff_merchant_bad_filters(reviewer, query, param):
    assert_bad_filter(reviewer, f"/api/v1/admin/merchants?{query}", param)


def test_staff_application_filters(reviewer):
    pending = MerchantApplicationFactory()
    rejected = MerchantApplicationFactory(status=MerchantApplication.Status.REJECTED)
    url = "/api/v1/admin/applications"
    assert ids(reviewer, url) == sorted([pending.pk, rejected.pk])
    assert ids(reviewer, f"{url}?status=pending") == [pending.pk]
    assert ids(reviewer, f"{url}?status=converted") == []
    assert ids(reviewer, f"{url}?status=converted&status=rejected") == [rejected.pk]
    assert_bad_filter(reviewer, f"{url}?status=maybe", "status")
    assert_filters_add_no_query(reviewer, url, "status=pending")


def test_my_product_filters(client_for):
    merchant = ApprovedMerchantFactory()
    on_sale = Product.objects.create(merchant=merchant, name="Roses", price=5)
    withdrawn = Product.objects.create(merchant=merchant, name="Tulips", price=5, status=Product.Status.UNAVAILABLE)
    mine = client_for(merchant.user)
    url = "/api/v1/merchants/products"
    assert ids(mine, url) == sorted([on_sale.pk, withdrawn.pk])
    assert ids(mine, f"{url}?status=unavailable") == [withdrawn.pk]
    assert ids(mine, f"{url}?status=available,unavailable") == sorted([on_sale.pk, withdrawn.pk])
    assert_bad_filter(mine, f"{url}?status=sold", "status")
    assert_filters_add_no_query(mine, url, "status=available")


def test_public_product_filters(api, client):
    shop = ApprovedMerchantFactory()
    roses = Product.objects.create(merchant=shop, name="Roses", price=5, category="flowers")
    pots = Product.objects.create(merchant=shop, name="Pots", price=5, category="garden")
    seeds = Product.objects.create(merchant=ApprovedMerchantFactory(), name="Seeds", price=1, category="garden")
    url = "/api/v1/products"
    assert ids(api, url) == sorted([roses.pk, pots.pk, seeds.pk])
    assert ids(api, f"{url}?merchant_id={shop.pk}") == sorted([roses.pk, pots.pk])
    assert ids(api, f"{url}?category=garden") == sorted([pots.pk, seeds.pk])
    assert ids(api, f"{url}?category=garden&category=flowers&merchant_id={shop.pk}") == sorted([roses.pk, pots.pk])
    assert ids(api, f"{url}?category=toys") == []
    assert_bad_filter(api, f"{url}?merchant_id=shop", "merchant_id")
    assert_filters_add_no_query(api, url, f"merchant_id={shop.pk}&category=garden")
    # The shop page reads the same FilterSet.
    assert [p.pk for p in client.get("/shop/?category=flowers").context["products"]] == [roses.pk]
    assert client.get("/shop/?merchant_id=shop").status_code == 400
