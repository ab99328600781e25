"""Taking down content (seed 004 违规内容处理, DESIGN §8): staff with content:review hide an item, a
product or a success case; the owner is told. Restoring makes it visible again."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_perm
from chat.services import system_notice_send
from common.errors import Conflict, NotFound, ValidationFailed
from marketplace.models import Item, Product, SuccessCase

MODERATION_PERMISSION = "content:review"
KINDS = {"item": Item, "product": Product, "case": SuccessCase}


def _owner_id(kind: str, obj) -> int | None:
    if kind == "item":
        return obj.seller_id
    if kind == "product":
        return obj.merchant.user_id
    return obj.merchant.user_id if obj.merchant_id else obj.created_by_id


def _lock(kind: str, target_id):
    model = KINDS.get(kind)
    if model is None:
        raise ValidationFailed(_("Unknown content kind."), data={"kind": [", ".join(KINDS)]})
    related = {"product": ["merchant"], "case": ["merchant"]}.get(kind, [])
    try:
        # `of=("self",)` locks only the content row, never the merchant joined in to find the owner.
        queryset = model.objects.select_related(*related)
        if related:
            return queryset.select_for_update(of=("self",)).get(pk=target_id)
        return queryset.select_for_update().get(pk=target_id)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found.")) from None


@transaction.atomic
def content_take_down(*, kind: str, target_id: int, actor: User, reason: str):
    """Hide an item, product or case from everyone but its owner and staff, and tell the owner why."""
    require_perm(actor, MODERATION_PERMISSION)
    obj = _lock(kind, target_id)
    if obj.hidden:
        raise Conflict(_("This content is already taken down."), data={"hidden": True})
    obj.hidden = True
    obj.save(update_fields=["hidden", "updated_at"])
    owner_id = _owner_id(kind, obj)
    if owner_id:
        system_notice_send(
            recipient_id=owner_id,
            content=_("Your %(kind)s \"%(title)s\" was taken down by staff: %(reason)s")
            % {"kind": obj._meta.verbose_name, "title": str(obj), "reason": reason},
            data={"event": "content_taken_down", "kind": kind, "id": obj.pk, "reason": reason},
            item_id=obj.pk if kind == "item" else None,
        )
    return obj


@transaction.atomic
def content_restore(*, kind: str, target_id: int, actor: User):
    """Make taken-down content visible again and tell the owner."""
    require_perm(actor, MODERATION_PERMISSION)
    obj = _lock(kind, target_id)
    if not obj.hidden:
        raise Conflict(_("This content is not taken down."), data={"hidden": False})
    obj.hidden = False
    obj.save(update_fields=["hidden", "updated_at"])
    owner_id = _owner_id(kind, obj)
    if owner_id:
        system_notice_send(
            recipient_id=owner_id,
            content=_("Your %(kind)s \"%(title)s\" is visible again.") % {"kind": obj._meta.verbose_name, "title": str(obj)},
            data={"event": "content_restored", "kind": kind, "id": obj.pk},
            item_id=obj.pk if kind == "item" else None,
        )
    return obj
