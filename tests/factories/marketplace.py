"""Factories for items and trades. Trades made here skip the services: use them to set up a state, and the
services (or the API) to test a change."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.conf import settings
from django.utils import timezone

from marketplace.models import Item, Trade
from tests.factories import UserFactory


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    seller = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Item {n}")
    category = "books"
    price = Decimal("10.00")
    depreciation = "90%"
    note = "A fine thing."


class TradeFactory(factory.django.DjangoModelFactory):
    """A pending trade with its accept deadline running."""

    class Meta:
        model = Trade

    item = factory.SubFactory(ItemFactory)
    buyer = factory.SubFactory(UserFactory)
    seller = factory.LazyAttribute(lambda o: o.item.seller)
    deadline_at = factory.LazyFunction(
        lambda: timezone.now() + timedelta(seconds=settings.TRADE_SELLER_ACCEPT_TIMEOUT)
    )
