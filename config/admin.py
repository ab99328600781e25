"""Admin pages of the top layer: the staff dashboard."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.admin_oplog import OperationLogAdminMixin
from accounts.models import Dashboard
from accounts.permissions import RBACAdminMixin
from config.dashboard import dashboard_counts


@admin.register(Dashboard)
class DashboardAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    """The staff dashboard (data:view): counts instead of a changelist."""

    rbac_view = "data:view"
    rbac_change = rbac_add = rbac_delete = False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Dashboard"),
            "counts": dashboard_counts(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/dashboard.html", context)


# /admin/ shows what needs the signed-in staff member now (config.staff_cards), above the model list.
admin.site.index_template = "admin/tradepost_index.html"
