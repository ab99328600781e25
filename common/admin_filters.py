"""Admin list filters shared by the apps' back-office pages."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def deadline_filter(queryset, which: str | None, *, window: timedelta, now=None, field: str = "deadline_at"):
    """Rows whose stored deadline (DESIGN §6) passes within `window` from now (`soon`) or has passed
    (`overdue`); anything else leaves `queryset` as it is."""
    now = now or timezone.now()
    if which == "soon":
        return queryset.filter(**{f"{field}__gt": now, f"{field}__lte": now + window})
    if which == "overdue":
        return queryset.filter(**{f"{field}__lte": now})
    return queryset


def deadline_list_filter(window: timedelta, running: Q | None = None):
    """A changelist filter `?deadline=soon|overdue` over `deadline_at` with the model's "soon" window, among
    the rows matching `running` (those whose deadline still counts, e.g. open trades)."""

    class DeadlineFilter(admin.SimpleListFilter):
        title = _("deadline")
        parameter_name = "deadline"

        def lookups(self, request, model_admin):
            return (("soon", _("Close to the deadline")), ("overdue", _("Deadline passed")))

        def queryset(self, request, queryset):
            if self.value() in ("soon", "overdue") and running is not None:
                queryset = queryset.filter(running)
            return deadline_filter(queryset, self.value(), window=window)

    return DeadlineFilter
