from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.contrib import admin

        from common import checks  # noqa: F401 - registers the deploy checks
        from common.fields import strict_decimals, strict_text

        strict_text()  # JSON text fields take JSON strings only (common/fields.py)
        strict_decimals()  # decimal text as documented, or a JSON number within bounds

        admin.site.site_header = _("Tradepost administration")
        admin.site.site_title = _("Tradepost staff")
        admin.site.index_title = _("Back office")
