from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from django.db.models.signals import post_save

        from marketplace.services.activities import order_saved

        # Activity fee registrations follow their product order (paid, cancelled, refunded).
        post_save.connect(order_saved, sender="orders.Order", dispatch_uid="marketplace.activity_fee_order_saved")
