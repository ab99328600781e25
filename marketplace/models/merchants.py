from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase


class Merchant(FSMModelMixin, models.Model):
    """A merchant profile (seed 004 `merchants`); a user has at most one. DESIGN §3.5."""

    class Type(models.TextChoices):
        FLOWER_SHOP = "flower_shop", _("flower shop")
        ACTIVITY_ORGANIZER = "activity_organizer", _("activity organizer")
        FARM_OWNER = "farm_owner", _("farm owner")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant", verbose_name=_("user")
    )
    merchant_type = models.CharField(_("merchant type"), max_length=30, choices=Type.choices)
    business_name = models.CharField(_("business name"), max_length=100)
    business_license = models.CharField(_("business license URL"), max_length=255, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = FSMField(_("status"), default=Status.PENDING, choices=Status.choices, protected=True)
    reject_reason = models.CharField(_("reject reason"), max_length=255, blank=True)
    rating_avg = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(_("rating count"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["status", "merchant_type"], name="merchant_status_type")]

    def __str__(self):
        return self.business_name

    @property
    def can_sell(self) -> bool:
        return self.status == self.Status.APPROVED

    # Transitions (DESIGN §3.5): pending → approved | rejected, approved ⇄ suspended; a rejected
    # applicant may register again with corrected details (rejected → pending).
    @transition(field=status, source=Status.PENDING, target=Status.APPROVED)
    def approve(self):
        self.reject_reason = ""

    @transition(field=status, source=Status.PENDING, target=Status.REJECTED)
    def reject(self, *, reason: str):
        self.reject_reason = reason

    @transition(field=status, source=Status.APPROVED, target=Status.SUSPENDED)
    def suspend(self):
        pass

    @transition(field=status, source=Status.SUSPENDED, target=Status.APPROVED)
    def reinstate(self):
        pass

    @transition(field=status, source=Status.REJECTED, target=Status.PENDING)
    def resubmit(self):
        self.reject_reason = ""


class MerchantEvent(EventBase):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="events", verbose_name=_("merchant"))

    class Meta(EventBase.Meta):
        verbose_name = _("merchant event")
        verbose_name_plural = _("merchant events")


class Product(models.Model):
    """A merchant's product or service (seed 004 `products`)."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("available")
        UNAVAILABLE = "unavailable", _("unavailable")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="products", verbose_name=_("merchant"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    image_url = models.CharField(_("image URL"), max_length=255, blank=True)
    category = models.CharField(_("category"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE)
    hidden = models.BooleanField(_("hidden by staff"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["merchant", "status"], name="product_merchant_status")]

    def __str__(self):
        return self.name
