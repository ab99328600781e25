"""Merchant, product and website-content reads."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.errors import PermissionDenied
from merchants.models import Merchant, MerchantApplication, Product, SuccessCase


def merchant_for_user(*, user) -> Merchant | None:
    return Merchant.objects.filter(user=user).first()


def merchant_list(*, status: str | None = None, merchant_type: str | None = None):
    queryset = Merchant.objects.select_related("user").order_by("-created_at", "-id")
    if status:
        queryset = queryset.filter(status=status)
    if merchant_type:
        queryset = queryset.filter(merchant_type=merchant_type)
    return queryset


def application_list(*, status: str | None = None):
    queryset = MerchantApplication.objects.order_by("-created_at", "-id")
    return queryset.filter(status=status) if status else queryset


def case_public_list():
    """Published cases that staff have not taken down, newest publication first (seed `website/cases`)."""
    return (
        SuccessCase.objects.filter(state=SuccessCase.State.PUBLISHED, hidden=False)
        .only("id", "title", "description", "image_url", "created_at", "published_at")
        .order_by("-published_at", "-id")
    )


def product_list_for_merchant(*, merchant: Merchant, status: str | None = None) -> QuerySet[Product]:
    qs = Product.objects.filter(merchant=merchant)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")

def product_list_public(*, merchant_id: int | None = None, category: str | None = None) -> QuerySet[Product]:
    """Products anyone may buy: available, not hidden by staff, from merchants that may sell; activity fees
    are bought by registering, so they are not listed."""
    qs = Product.objects.filter(
        status=Product.Status.AVAILABLE, hidden=False, merchant__status=Merchant.Status.APPROVED
    ).exclude(category="activity")
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-created_at", "-id")


def merchant_required(*, user) -> Merchant:
    """The caller's merchant profile, or 403 for a user who has none."""
    merchant = merchant_for_user(user=user)
    if merchant is None:
        raise PermissionDenied(_("You have no merchant profile."))
    return merchant
