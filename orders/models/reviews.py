"""A buyer's review of a merchant after a completed order (seed 004 `reviews`); it needs its order."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Review(models.Model):
    """A buyer's review of a completed order (seed 004 `reviews`): one per order, rating 1–5."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("user")
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("merchant")
    )
    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="review", verbose_name=_("order")
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "marketplace_review"  # kept from before the app split
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["merchant", "-created_at"], name="review_merchant_created")]

    def __str__(self):
        return f"{self.merchant}: {self.rating}"
