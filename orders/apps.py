from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _order_event_saved(sender, instance, created, **kwargs):
    # Every order event refreshes the seed-002 cache after commit — also the events other apps write
    # (underwrite), so no writer can leave the cache behind. Nothing is sent before commit.
    if created:
        from orders import cache

        cache.orders_refresh_on_commit([instance.order_id])


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from orders.models import OrderEvent

        post_save.connect(_order_event_saved, sender=OrderEvent, dispatch_uid="orders.cache.order_event_saved")
