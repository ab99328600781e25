"""Community detail pages (issue 16, seed 004): an animal with its updates feed and a claim that asks for
confirmation (price, period, agreement) and then links the agreement; an activity with its registration."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page
from community import selectors
from community.forms import AnimalForm, AnimalUpdateForm
from community.models import ActivityRegistration, Animal
from community.services.animals import animal_claim as claim_service
from community.services.animals import animal_create, animal_set_availability, animal_update_post

UPDATES_SHOWN = 30


def agreement_url(claim) -> str:
    return reverse("animal-claim-agreement", args=[claim.pk])


def _animal(animal_id, user=None):
    """A public animal; its own farm also reaches it while withdrawn (to restore it)."""
    animal = selectors.animal_list().select_related("merchant").filter(pk=animal_id).first()
    if animal is None and user is not None and user.is_authenticated:
        animal = selectors.animal_list(filters={"status": Animal.Status.UNAVAILABLE}).select_related("merchant").filter(
            pk=animal_id, merchant__user=user).first()
    if animal is None:
        raise NotFound(_("Animal not found."))
    return animal


@domain_error_page
def animal_detail(request, animal_id: int):
    animal = _animal(animal_id, request.user)
    my_claim = None
    if request.user.is_authenticated:
        my_claim = selectors.claim_list(user=request.user).filter(animal=animal).first()
    is_farm = request.user.is_authenticated and animal.merchant.user_id == request.user.pk
    update_form = AnimalUpdateForm(request.POST or None) if is_farm else None
    if is_farm and request.method == "POST" and update_form.is_valid():
        ok, _update = call_service(request, animal_update_post, form=update_form, animal_id=animal.pk,
                                   author=request.user, success=_("Update posted."), **update_form.cleaned_data)
        if ok:
            return redirect("animal-detail", animal_id=animal.pk)
    return render(request, "community/animal_detail.html", {
        "animal": animal, "updates": selectors.animal_update_feed(animal_id=animal.pk)[:UPDATES_SHOWN],
        "my_claim": my_claim, "agreement_url": agreement_url(my_claim) if my_claim else None,
        "is_farm": is_farm, "update_form": update_form,
    })


@login_required
@require_POST
@domain_error_page
def animal_availability(request, animal_id: int, action: str):
    """The owning farm withdraws an available animal or restores a withdrawn one (the service checks both)."""
    animal = _animal(animal_id, request.user)
    available = action == "restore"
    call_service(request, animal_set_availability, animal_id=animal.pk, actor=request.user, available=available,
                 success=_("The animal is available again.") if available else _("The animal is withdrawn."))
    return redirect("animal-detail", animal_id=animal.pk)


MY_ANIMALS_PAGE_SIZE = 50


@login_required
def my_animals(request):
    """The farm's own animals in every state, so a withdrawn one (in no public list) can be restored."""
    page = Paginator(selectors.animal_list_for_farm(user=request.user), MY_ANIMALS_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "community/my_animals.html", {"page": page, "animals": page.object_list})


@login_required
def animal_create_page(request):
    """A farm lists a new animal for claiming (only approved farm owners may: the service says so)."""
    form = AnimalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, animal = call_service(request, animal_create, form=form, user=request.user,
                                  success=_("Animal listed."), **form.cleaned_data)
        if ok:
            return redirect("animal-detail", animal_id=animal.pk)
    return render(request, "community/animal_form.html", {"form": form})


@login_required
@domain_error_page
def animal_claim_confirm(request, animal_id: int):
    """GET: what claiming means (price, period, the agreement's terms); POST with `agree`: claim it."""
    animal = _animal(animal_id)
    if request.method == "POST":
        if request.POST.get("agree") != "on":
            messages.error(request, _("Tick the box to accept the claim agreement."))
        else:
            ok, _claim = call_service(request, claim_service, animal_id=animal.pk, user=request.user,
                                      price_paid=_price(request.POST.get("price_paid")),
                                      success=_("Claimed! Your agreement is linked below."))
            if ok:
                return redirect("animal-detail", animal_id=animal.pk)
    start = timezone.localdate()
    return render(request, "community/animal_claim_confirm.html", {
        "animal": animal, "claim_days": settings.CLAIM_DAYS, "starts": start,
        "ends": start + timedelta(days=settings.CLAIM_DAYS),
    })


def _price(value) -> Decimal:
    """The price the confirmation page showed (a changed price since is refused by the service)."""
    try:
        return Decimal(value or "")
    except InvalidOperation:
        return Decimal("-1")


@domain_error_page
def activity_detail(request, activity_id: int):
    activity = selectors.activity_list().select_related("merchant").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("Activity not found."))
    registered = request.user.is_authenticated and selectors.registration_list_for_user(user=request.user).filter(
        activity=activity, status__in=ActivityRegistration.HOLDING).exists()
    return render(request, "community/activity_detail.html", {"activity": activity, "registered": registered})
