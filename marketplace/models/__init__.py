from marketplace.models.items import Item, ItemImage
from marketplace.models.trades import Trade, TradeEvent

__all__ = ["Item", "ItemImage", "Trade", "TradeEvent"]
