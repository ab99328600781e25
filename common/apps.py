from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.contrib import admin

        from common import checks, strict_text  # noqa: F401 - `checks` registers the deploy checks

        strict_text.install()

        admin.site.site_header = _("Tradepost administration")
        admin.site.site_title = _("Tradepost staff")
        admin.site.index_title = _("Back office")
