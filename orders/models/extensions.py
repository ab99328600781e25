"""Kind-specific order fields in one-to-one extension tables (seed 002 `*_order_ext`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models.catalog import Driver, Plan, Promotion, Quotation
from orders.models.orders import ExchangeDirection, Order


class PlanOrderExt(models.Model):
    order = models.OneToOneField(Order, primary_key=True, on_delete=models.CASCADE, related_name="plan_ext")
    quotation = models.ForeignKey(Quotation, on_delete=models.PROTECT, related_name="+", verbose_name=_("quotation"))
    promotion = models.ForeignKey(
        Promotion, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("promotion")
    )
    plans = models.ManyToManyField(Plan, related_name="+", verbose_name=_("plans"))
    service_ratio = models.DecimalField(_("service ratio"), max_digits=6, decimal_places=4, default=0)
    v_value = models.DecimalField(_("vehicle value"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("plan order details")
        verbose_name_plural = _("plan order details")

    def __str__(self):
        return str(self.order_id)


class DriverOrderExt(models.Model):
    order = models.OneToOneField(Order, primary_key=True, on_delete=models.CASCADE, related_name="driver_ext")
    drivers = models.ManyToManyField(Driver, related_name="order_exts", verbose_name=_("drivers"))

    class Meta:
        verbose_name = _("driver order details")
        verbose_name_plural = _("driver order details")

    def __str__(self):
        return str(self.order_id)


class SaleOrderExt(models.Model):
    order = models.OneToOneField(Order, primary_key=True, on_delete=models.CASCADE, related_name="sale_ext")
    quotation = models.ForeignKey(Quotation, on_delete=models.PROTECT, related_name="+", verbose_name=_("quotation"))
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("plan")
    )

    class Meta:
        verbose_name = _("sale order details")
        verbose_name_plural = _("sale order details")

    def __str__(self):
        return str(self.order_id)


class ExchangeOrderExt(models.Model):
    """Seed 001: a user buys or sells credit ("vc") from a merchant at a rate."""

    Direction = ExchangeDirection

    order = models.OneToOneField(Order, primary_key=True, on_delete=models.CASCADE, related_name="exchange_ext")
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    rate = models.DecimalField(_("rate"), max_digits=12, decimal_places=6)

    class Meta:
        verbose_name = _("exchange order details")
        verbose_name_plural = _("exchange order details")

    def __str__(self):
        return str(self.order_id)
