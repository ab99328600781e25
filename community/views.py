"""Community pages (seed 004): animals to claim, activities to join (details and the claim: community/pages.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page
from community import selectors
from community.models import ActivityRegistration
from community.services.activities import activity_register, registration_cancel

COMMUNITY_PAGE_SIZE = 24


@domain_error_page
def animals(request):
    animals = selectors.animal_list(filters=request.GET).select_related("merchant")
    page = Paginator(animals, COMMUNITY_PAGE_SIZE).get_page(request.GET.get("page"))
    claims = []
    if request.user.is_authenticated:
        claims = selectors.claim_list(user=request.user)[:50]
    return render(request, "marketplace/animals.html", {"page": page, "animals": page.object_list, "claims": claims,
                                                       "claim_days": settings.CLAIM_DAYS})


@domain_error_page
def activities(request):
    activities = selectors.activity_list(filters={"activity_type": request.GET.get("type", "")}).select_related(
        "merchant")
    page = Paginator(activities, COMMUNITY_PAGE_SIZE).get_page(request.GET.get("page"))
    mine = set()
    if request.user.is_authenticated:
        mine = set(selectors.registration_list_for_user(user=request.user).filter(
            status__in=ActivityRegistration.HOLDING).values_list("activity_id", flat=True))
    return render(request, "marketplace/activities.html", {
        "page": page, "activities": page.object_list, "mine": mine,
    })


@require_POST
@login_required
def activity_action(request, activity_id: int, action: str):
    service, success = {
        "register": (activity_register, _("You are registered.")),
        "cancel": (registration_cancel, _("Registration cancelled.")),
    }.get(action, (None, None))
    if service is None:
        return render(request, "error.html", {"error": NotFound()}, status=404)
    ok, registration = call_service(request, service, activity_id=activity_id, user=request.user, success=success)
    if ok and action == "register" and registration.order_id:
        # A fee: the place is held while its order waits for payment; pay from the order's page.
        messages.info(request, _("Pay the fee to confirm your place."))
        return redirect("order-detail", order_id=registration.order_id)
    return redirect("activities")
