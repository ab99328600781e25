"""Helpers shared by the community services: who may act for a merchant."""

from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import PermissionDenied
from marketplace.models import Merchant


def approved_merchant_for(*, user: User, merchant_type: str | None = None) -> Merchant:
    """The user's merchant profile if it may sell now (approved), optionally of one type; else 403."""
    merchant = Merchant.objects.filter(user=user).first()
    if merchant is None or not merchant.can_sell:
        raise PermissionDenied(_("Only approved merchants can do this."))
    if merchant_type is not None and merchant.merchant_type != merchant_type:
        raise PermissionDenied(
            _("Only %(type)s merchants can do this.") % {"type": Merchant.Type(merchant_type).label}
        )
    return merchant


def acts_for_merchant(*, user: User, merchant_id: int) -> bool:
    """True for the merchant's own user and for staff."""
    if user.is_staff:
        return True
    return Merchant.objects.filter(pk=merchant_id, user=user).exists()
