"""The seed-002 catalog: vehicles, plans and their items, quotations, promotions, drivers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Vehicle(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vehicles", verbose_name=_("owner")
    )
    plate_no = models.CharField(_("plate number"), max_length=20, unique=True)
    vin = models.CharField(_("VIN"), max_length=32, unique=True)
    value = models.DecimalField(_("vehicle value"), max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ("plate_no",)

    def __str__(self):
        return self.plate_no


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ("name",)

    def __str__(self):
        return self.name


class PlanItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=100)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ("plan", "name")

    def __str__(self):
        return f"{self.plan.name}: {self.name}"


class Quotation(models.Model):
    """A quote for a vehicle covering some plans; `total` is the sum of their items' prices."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="quotations", verbose_name=_("vehicle"))
    plans = models.ManyToManyField(Plan, related_name="quotations", verbose_name=_("plans"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")
        ordering = ("-created_at",)

    def __str__(self):
        return f"{self.vehicle.plate_no}: {self.total}"


class Promotion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=32, unique=True)
    discount = models.DecimalField(_("discount"), max_digits=12, decimal_places=2)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ("code",)

    def __str__(self):
        return self.code


class Driver(models.Model):
    """A person who may drive a vehicle (seed 002 `person`); effective through driver orders."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drivers", verbose_name=_("owner")
    )
    vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.SET_NULL, related_name="drivers", verbose_name=_("vehicle")
    )
    name = models.CharField(_("name"), max_length=50)
    license_no = models.CharField(_("licence number"), max_length=32)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        ordering = ("name",)

    def __str__(self):
        return self.name


# --- seed 002 `*_order_ext`: one-to-one extension rows per kind -----------------------------------------
