"""Issue 13 item 8: `GET messages` filters through MessageFilter in chat's selectors (`with`, `order`,
`before`), documented in the schema; bad values are a 400 envelope naming the parameter, an unknown user or
order a 404; filtering by an id adds no query."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from merchants.models import Merchant
from orders.models import Order
from tests.factories import UserFactory
from tests.factories.chat import MessageFactory
from tests.lists import assert_bad_filter, assert_filters_add_no_query, ids

pytestmark = pytest.mark.django_db


def test_with_order_and_before_combine(user_api, user, other_user):
    merchant = Merchant.objects.create(user=other_user, business_name="shop")
    order = Order.objects.create(order_no="ORD202612040001", kind="exchange", buyer=user, merchant=merchant)
    first = MessageFactory(sender=user, recipient=other_user, order=order)
    second = MessageFactory(sender=other_user, recipient=user, order=order)
    plain = MessageFactory(sender=user, recipient=other_user)
    elsewhere = MessageFactory(sender=UserFactory(), recipient=user)
    assert ids(user_api, "/api/v1/messages") == sorted([first.pk, second.pk, plain.pk, elsewhere.pk])
    assert ids(user_api, f"/api/v1/messages?with={other_user.pk}") == sorted([first.pk, second.pk, plain.pk])
    assert ids(user_api, f"/api/v1/messages?with={other_user.pk}&order={order.order_no}") == sorted(
        [first.pk, second.pk])
    assert ids(user_api, f"/api/v1/messages?with={other_user.pk}&order={order.pk}&before={second.pk}") == [first.pk]
    assert ids(user_api, f"/api/v1/messages?with={elsewhere.sender_id}&order={order.pk}") == []
    assert_filters_add_no_query(user_api, "/api/v1/messages", f"with={other_user.pk}&before={plain.pk}")


@pytest.mark.parametrize("query, param", [("before=0", "before"), ("before=1.5", "before"),
                                          ("with=" + "u" * 151, "with"), ("order=" + "9" * 37, "order")])
def test_bad_message_filters(user_api, query, param):
    assert_bad_filter(user_api, f"/api/v1/messages?{query}", param)


def test_unknown_user_or_order_is_a_404_naming_it(user_api):
    for query, param in (("with=nobody-here", "with"), ("order=ORD-NONE", "order")):
        response = user_api.get(f"/api/v1/messages?{query}")
        assert response.status_code == 404 and param in response.json()["data"]


def test_message_filters_are_in_the_schema():
    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/messages"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert {"with", "order", "before", "page", "size"} <= set(params)
    assert params["before"]["schema"]["type"] == "integer"
