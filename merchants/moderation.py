"""Taking down content (seed 004 违规内容处理, DESIGN §8): staff with content:review hide an item, a
product or a success case; the owner is told. Restoring makes it visible again."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.permissions import require_perm
from chat.notices import notice_text
from chat.services import system_notice_send
from common.errors import Conflict, NotFound, ValidationFailed
from merchants.models import Product, SuccessCase

MODERATION_PERMISSION = "content:review"


@dataclass(frozen=True)
class ContentKind:
    """A kind of content staff can take down: its model, who owns a row, what to join to find the owner,
    and whether the owner's notice links the row as an item (seed 000 items)."""

    model: type[models.Model]
    owner_id: Callable[[models.Model], int | None]
    related: tuple[str, ...] = ()
    links_item: bool = False


# Filled by each owning app: products and cases here, items by marketplace (its AppConfig.ready), so this
# lower layer never imports the market.
KINDS: dict[str, ContentKind] = {}


def content_kind_register(name: str, kind: ContentKind) -> None:
    KINDS[name] = kind


content_kind_register("product", ContentKind(Product, lambda product: product.merchant.user_id, ("merchant",)))
content_kind_register("case", ContentKind(
    SuccessCase, lambda case: case.merchant.user_id if case.merchant_id else case.created_by_id, ("merchant",)))


def _lock(kind: str, target_id) -> tuple[ContentKind, models.Model]:
    spec = KINDS.get(kind)
    if spec is None:
        raise ValidationFailed(_("Unknown content kind."), data={"kind": [", ".join(KINDS)]})
    try:
        # `of=("self",)` locks only the content row, never the merchant joined in to find the owner.
        queryset = spec.model.objects.select_related(*spec.related)
        return spec, queryset.select_for_update(of=("self",)).get(pk=target_id)
    except (spec.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found.")) from None


@transaction.atomic
def content_take_down(*, kind: str, target_id: int, actor: User, reason: str):
    """Hide an item, product or case from everyone but its owner and staff, and tell the owner why."""
    require_perm(actor, MODERATION_PERMISSION)
    spec, obj = _lock(kind, target_id)
    if obj.hidden:
        raise Conflict(_("This content is already taken down."), data={"hidden": True})
    obj.hidden = True
    obj.save(update_fields=["hidden", "updated_at"])
    owner_id = spec.owner_id(obj)
    if owner_id:
        system_notice_send(
            recipient_id=owner_id,
            content=notice_text(gettext_noop("Your %(kind)s \"%(title)s\" was taken down by staff: %(reason)s"), kind=obj._meta.verbose_name, title=str(obj), reason=reason),
            data={"event": "content_taken_down", "kind": kind, "id": obj.pk, "reason": reason},
            item_id=obj.pk if spec.links_item else None,
        )
    return obj


@transaction.atomic
def content_restore(*, kind: str, target_id: int, actor: User):
    """Make taken-down content visible again and tell the owner."""
    require_perm(actor, MODERATION_PERMISSION)
    spec, obj = _lock(kind, target_id)
    if not obj.hidden:
        raise Conflict(_("This content is not taken down."), data={"hidden": False})
    obj.hidden = False
    obj.save(update_fields=["hidden", "updated_at"])
    owner_id = spec.owner_id(obj)
    if owner_id:
        system_notice_send(
            recipient_id=owner_id,
            content=notice_text(gettext_noop("Your %(kind)s \"%(title)s\" is visible again."), kind=obj._meta.verbose_name, title=str(obj)),
            data={"event": "content_restored", "kind": kind, "id": obj.pk},
            item_id=obj.pk if spec.links_item else None,
        )
    return obj
