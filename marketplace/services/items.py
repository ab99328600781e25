"""Item writes (DESIGN §3.1): create, edit, images, withdraw, relist. Only the seller acts on an item."""

from decimal import Decimal
from typing import Annotated

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from common.errors import ValidationFailed, transition_not_allowed
from common.uploads import image_upload_check
from marketplace import events
from marketplace.lock_objects import item_open_trades_lock, item_seller_lock
from marketplace.models import Item, ItemImage
from marketplace.services.trade_changes import TradeChanges
from marketplace.services.trades import item_trades_withdraw

User = get_user_model()

MAX_IMAGES_PER_ITEM = 9
EDITABLE_FIELDS = ("title", "category", "price", "depreciation", "note", "image_url")


def item_image_validate(upload) -> None:
    """Refuse anything that is not a real image of an allowed format within UPLOAD_MAX_BYTES."""
    image_upload_check(upload, field="images")


def _images_add(item: Item, images) -> None:
    images = list(images or [])
    if not images:
        return
    if item.images.count() + len(images) > MAX_IMAGES_PER_ITEM:
        raise ValidationFailed(_("An item has at most %(n)d images.") % {"n": MAX_IMAGES_PER_ITEM},
                               data={"images": [_("Too many images.")]})
    for upload in images:
        item_image_validate(upload)
    for upload in images:
        ItemImage.objects.create(item=item, image=upload)


def item_create(
    *, seller: Annotated[User, "seller"], title: str, price: Decimal, category: str = "", depreciation: str = "",
    note: str = "", image_url: str = "", images=None,
) -> Item:
    """Put a new item on sale."""
    if images:
        for upload in images:  # validate before anything is written
            item_image_validate(upload)
    with transaction.atomic():
        item = Item.objects.create(seller=seller, title=title, category=category, price=price,
                                   depreciation=depreciation, note=note, image_url=image_url)
        _images_add(item, images)
    return item


def item_update(*, item_id: int, actor: Annotated[User, "seller"], data: dict, images=None) -> Item:
    """Edit an item's details (not while it is reserved or sold)."""
    with transaction.atomic():
        item = item_seller_lock(item_id, actor)
        if item.state not in (Item.State.ON_SALE, Item.State.WITHDRAWN):
            raise transition_not_allowed(item, _("edit"))
        fields = [f for f in EDITABLE_FIELDS if f in data]
        for name in fields:
            setattr(item, name, data[name])
        if fields:
            item.save(update_fields=[*fields, "updated_at"])
        _images_add(item, images)
    return item


def item_withdraw(*, item_id: int, actor: Annotated[User, "seller"], staff: bool = False) -> Item:
    """Take an on-sale item off the market; its pending trades are cancelled (`item_withdrawn`)."""
    if staff:
        require_perm(actor, "content:review")  # staff act for the seller only with the right (DESIGN §9)
    with transaction.atomic():
        item = item_seller_lock(item_id, actor, staff=staff)
        if item.state != Item.State.ON_SALE:
            raise transition_not_allowed(item, _("withdraw"))
        ch = TradeChanges(timezone.now())
        item.withdraw()
        ch.item(item)
        item_trades_withdraw(ch, item=item, open_trades=item_open_trades_lock(item.pk), actor_id=actor.pk)
        ch.save()
        events.item_withdrawn_event(item=item, actor_id=actor.pk, at=ch.at)
    return item


def item_relist(*, item_id: int, actor: Annotated[User, "seller"], staff: bool = False) -> Item:
    """Put a withdrawn item on sale again."""
    if staff:
        require_perm(actor, "content:review")  # staff act for the seller only with the right (DESIGN §9)
    with transaction.atomic():
        item = item_seller_lock(item_id, actor, staff=staff)
        if item.state != Item.State.WITHDRAWN:
            raise transition_not_allowed(item, _("relist"))
        ch = TradeChanges(timezone.now())
        item.relist()
        ch.item(item)
        ch.save()
        events.item_relisted_event(item=item, actor_id=actor.pk, at=ch.at)
    return item
