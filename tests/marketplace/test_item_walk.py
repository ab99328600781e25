"""Every item transition through its service (issue 13): withdraw and relist write one ItemEvent each;
reserve and sell are its trades' transitions (tests/marketplace/test_trade_walk.py). A withdrawal tells the
buyers whose pending trades it cancels."""

import pytest

from marketplace.models import Item, ItemEvent
from marketplace.services import items as services
from marketplace.services import trades as trade_services
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory
from tests.walk import walk_step

pytestmark = pytest.mark.django_db


def test_item_walk_withdraw_relist(django_capture_on_commit_callbacks):
    item = ItemFactory()
    buyer = UserFactory()
    trade_services.trade_start(item_id=item.pk, buyer=buyer)
    events = ItemEvent.objects.filter(item=item)
    walk_step(django_capture_on_commit_callbacks, events=events, type="withdrawn", told=buyer.pk,
              run=lambda: services.item_withdraw(item_id=item.pk, actor=item.seller))
    item.refresh_from_db()
    assert item.state == Item.State.WITHDRAWN
    walk_step(django_capture_on_commit_callbacks, events=events, type="relisted",
              run=lambda: services.item_relist(item_id=item.pk, actor=item.seller))
    item.refresh_from_db()
    assert item.state == Item.State.ON_SALE
