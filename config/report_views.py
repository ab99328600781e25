"""The staff reports page /admin/reports/ (data:view) and its CSV exports (data:export); the figures come
from config.reports, the charts from config.report_charts."""

import csv

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.oplog import staff_operation
from accounts.permissions import has_staff_perm
from common.csv_cells import csv_row
from config.report_charts import bar_chart
from config.reports import MAX_DAYS, build_reports, default_period, report_keys


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(_("Choose at most %(days)d days.") % {"days": MAX_DAYS})
        return data


def _period(request) -> tuple[PeriodForm, tuple]:
    """The period asked for, or the last 30 days when none (or an invalid one) is given."""
    start, end = default_period()
    if "start" not in request.GET and "end" not in request.GET:
        return PeriodForm(initial={"start": start, "end": end}), (start, end)
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, (form.cleaned_data["start"], form.cleaned_data["end"])
    return form, (start, end)


def reports_view(request):
    if not has_staff_perm(request.user, "data:view"):
        raise PermissionDenied
    form, (start, end) = _period(request)
    reports = build_reports(start, end)
    context = {
        **admin.site.each_context(request),
        "title": _("Operational reports"),
        "form": form,
        "start": start,
        "end": end,
        "can_export": has_staff_perm(request.user, "data:export"),
        "reports": [{"report": report, "chart": bar_chart(report)} for report in reports],
    }
    return TemplateResponse(request, "admin/reports.html", context)


def report_csv_view(request, key: str):
    # An export is a sensitive read: one operation-log row (`data:export`), failed when it is refused.
    with staff_operation(actor=request.user, request=request, operation="data:export", target_type="report",
                         target_id=key):
        return _report_csv(request, key)


def _report_csv(request, key: str) -> HttpResponse:
    if not has_staff_perm(request.user, "data:export"):
        raise PermissionDenied
    if key not in report_keys():
        raise Http404
    _form, (start, end) = _period(request)
    report = next(report for report in build_reports(start, end) if report.key == key)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(csv_row(["date", *[series_key for series_key, _label in report.series]]))
    for day, values in report.rows():
        writer.writerow(csv_row([day.isoformat(), *values]))
    return response


urlpatterns = [
    path("", admin.site.admin_view(reports_view), name="admin-reports"),
    path("csv/<slug:key>/", admin.site.admin_view(report_csv_view), name="admin-reports-csv"),
]
