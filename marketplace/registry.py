"""What the market declares to the lower layers at start-up (called from MarketplaceConfig.ready)."""

from chat.subjects import Subject, subject_register
from marketplace.models import Item
from marketplace.selectors.items import item_between
from merchants.moderation import ContentKind, content_kind_register


def register() -> None:
    # Staff take items down through the one moderation service (merchants.moderation).
    content_kind_register("item", ContentKind(Item, lambda item: item.seller_id, links_item=True))
    # Chat messages about an item: between its seller and someone else.
    subject_register("item", Subject(between=item_between))
