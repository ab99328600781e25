from marketplace.models.items import Item, ItemEvent, ItemImage
from marketplace.models.trades import Trade, TradeEvent

__all__ = ["Item", "ItemEvent", "ItemImage", "Trade", "TradeEvent"]
