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
from marketplace.models.merchants import Merchant, MerchantEvent, Product
from marketplace.models.trades import Trade, TradeEvent
from marketplace.models.website import MerchantApplication, MerchantApplicationEvent, SuccessCase, SuccessCaseEvent

__all__ = [
    "Item", "ItemImage", "Merchant", "MerchantApplication", "MerchantApplicationEvent", "MerchantEvent", "Product",
    "SuccessCase", "SuccessCaseEvent", "Trade", "TradeEvent",
]
