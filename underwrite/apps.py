from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnderwriteConfig(AppConfig):
    name = "underwrite"
    verbose_name = _("Underwriting")
