"""The public website's merchant pages (issue 16, seed 004 §2.5): apply to become a merchant without an
account, and the published success cases. Linked from the home page."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.oplog import client_ip
from common.pages import call_service
from merchants import selectors
from merchants.forms import WebsiteApplyForm
from merchants.services.website import application_submit

CASES_SHOWN = 50


def merchant_apply(request):
    form = WebsiteApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _application = call_service(request, application_submit, form=form, data=form.cleaned_data,
                                        ip_address=client_ip(request))
        if ok:
            return redirect("merchant-apply-done")
    return render(request, "marketplace/website_apply.html", {"form": form})


def merchant_apply_done(request):
    return render(request, "marketplace/website_apply_done.html", {
        "message": _("Thank you! Our team reviews applications within two working days and contacts you."),
    })


def cases(request):
    return render(request, "marketplace/website_cases.html", {"cases": selectors.case_public_list()[:CASES_SHOWN]})
