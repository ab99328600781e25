from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnderwriteConfig(AppConfig):
    name = "underwrite"
    verbose_name = _("Underwriting")

    def ready(self):
        from orders.page_sections import order_section_register
        from underwrite.pages import order_inspection_section

        order_section_register(order_inspection_section)
