"""Merchant and website-content reads."""

from marketplace.models import Merchant, MerchantApplication, SuccessCase


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
