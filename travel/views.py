"""Travel partner pages (seed 004): my plans, a plan's matches with invitations, answering invitations.
Thin: reads through travel.selectors, writes through travel.services."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page
from travel import selectors, services
from travel.forms import InviteForm, TravelPlanForm

MATCHES_SHOWN = 20


@login_required
def travel_home(request):
    form = TravelPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, plan = call_service(request, services.travel_plan_create, form=form, user=request.user,
                                success=_("Travel plan saved. Here are people going your way."), **form.cleaned_data)
        if ok:
            return redirect("travel-plan", plan_id=plan.pk)
    return render(request, "travel/home.html", {
        "form": form,
        "plans": selectors.plan_list_for_user(user=request.user),
        "invitations": selectors.invitation_list_for_user(user=request.user).select_related(
            "plan", "matched_plan")[:50],
        "companions": selectors.companion_list(user=request.user),
    })


@login_required
@domain_error_page
def travel_plan(request, plan_id: int):
    plan = selectors.plan_visible_to(user=request.user, plan_id=plan_id)
    if plan is None or plan.user_id != request.user.pk:
        raise NotFound(_("Travel plan not found."))
    matches = selectors.plan_matches(plan=plan)[:MATCHES_SHOWN]
    people = get_user_model().objects.in_bulk({row["user_id"] for row in matches})
    states = selectors.invitation_states_for_plan(plan=plan)
    for row in matches:
        row["user"] = people.get(row["user_id"])
        row["invitation"] = states.get(row["id"])
        row["percent"] = round(row["match_score"] * 100)
    return render(request, "travel/plan.html", {"plan": plan, "matches": matches})


@require_POST
@login_required
def travel_invite(request, plan_id: int):
    form = InviteForm(request.POST)
    if form.is_valid():
        call_service(request, services.invitation_send, inviter=request.user, plan_id=plan_id,
                     matched_plan_id=form.cleaned_data["matched_plan"], message=form.cleaned_data["message"],
                     success=_("Invitation sent."))
    return redirect("travel-plan", plan_id=plan_id)


@require_POST
@login_required
def travel_answer(request, invitation_id: int, answer: str):
    service = {"accept": services.invitation_accept, "decline": services.invitation_decline}.get(answer)
    if service is None:
        return render(request, "error.html", {"error": NotFound()}, status=404)
    call_service(request, service, invitation_id=invitation_id, user=request.user,
                 success=_("You are now travel companions.") if answer == "accept" else _("Invitation declined."))
    return redirect("travel")
