from marketplace.models.community import (  # noqa: F401
    Activity,
    ActivityEvent,
    ActivityRegistration,
    Animal,
    AnimalClaim,
    AnimalEvent,
    AnimalUpdate,
    Review,
)
from marketplace.models.items import Item, ItemImage
from marketplace.models.merchants import Merchant, Product
from marketplace.models.trades import Trade, TradeEvent

__all__ = ["Item", "ItemImage", "Merchant", "Product", "Trade", "TradeEvent"]
