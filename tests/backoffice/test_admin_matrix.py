"""The back office's authorization matrix (issue 14, DESIGN §9 "Staff scoping"): EVERY admin the site
registers — its changelist, a change view and every action — for every role. Allowed where the role table
says; refused (403, or the row hidden) elsewhere; an action a role may not run is not offered and a forged
POST of it changes nothing. A newly registered admin or action fails `test_every_admin_and_action_has_a_row`
until it gets one here."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from tests.backoffice.world import build_world
from tests.factories import UserFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db

ROLES = ("none", "content_manager", "merchant_reviewer", "underwrite_operator", "underwrite_reviewer", "admin",
         "super_admin")
SUPER = {"super_admin"}
ADMINS = {"admin", "super_admin"}
CONTENT = ADMINS | {"content_manager"}
MERCHANT_REVIEW = ADMINS | {"merchant_reviewer"}
UNDERWRITE = SUPER | {"underwrite_operator", "underwrite_reviewer"}

# model → roles that may see it (DESIGN §9 "may see")
MAY_SEE = {
    "accounts.Dashboard": ADMINS, "accounts.OperationLog": ADMINS, "accounts.User": ADMINS,
    "accounts.PermissionProfile": SUPER, "auth.Group": SUPER,
    "axes.AccessAttempt": SUPER, "axes.AccessFailureLog": SUPER, "axes.AccessLog": SUPER,
    "token_blacklist.BlacklistedToken": SUPER, "token_blacklist.OutstandingToken": SUPER,
    "django_celery_beat.ClockedSchedule": SUPER, "django_celery_beat.CrontabSchedule": SUPER,
    "django_celery_beat.IntervalSchedule": SUPER, "django_celery_beat.PeriodicTask": SUPER,
    "django_celery_beat.SolarSchedule": SUPER,
    "chat.Message": ADMINS,
    "community.Activity": ADMINS, "community.ActivityEvent": ADMINS, "community.ActivityRegistration": ADMINS,
    "community.Animal": ADMINS, "community.AnimalClaim": ADMINS, "community.AnimalUpdate": ADMINS,
    "travel.TravelPlan": ADMINS, "travel.Invitation": ADMINS, "travel.Companionship": ADMINS,
    "marketplace.Item": CONTENT, "marketplace.Trade": ADMINS,
    "merchants.Merchant": MERCHANT_REVIEW, "merchants.MerchantApplication": MERCHANT_REVIEW,
    "merchants.Product": CONTENT, "merchants.SuccessCase": CONTENT, "orders.Review": CONTENT,
    "orders.Order": ADMINS | UNDERWRITE, "orders.Payment": ADMINS, "orders.Vehicle": ADMINS,
    "orders.Driver": ADMINS, "orders.Plan": ADMINS, "orders.Promotion": ADMINS, "orders.Quotation": ADMINS,
    "underwrite.Underwrite": UNDERWRITE,
}

# (model, action) → roles that may run it (DESIGN §8 "Roles → permissions", §9 "may move")
MAY_RUN = {
    ("accounts.OperationLog", "export_csv"): ADMINS,
    ("accounts.User", "suspend_users"): ADMINS, ("accounts.User", "reinstate_users"): ADMINS,
    ("auth.Group", "delete_selected"): SUPER,
    ("axes.AccessAttempt", "delete_selected"): SUPER, ("axes.AccessAttempt", "cleanup_expired_attempts"): SUPER,
    ("axes.AccessFailureLog", "delete_selected"): SUPER, ("axes.AccessLog", "delete_selected"): SUPER,
    ("token_blacklist.BlacklistedToken", "delete_selected"): SUPER,
    **{(f"django_celery_beat.{model}", "delete_selected"): SUPER
       for model in ("ClockedSchedule", "CrontabSchedule", "IntervalSchedule", "PeriodicTask", "SolarSchedule")},
    **{("django_celery_beat.PeriodicTask", name): SUPER
       for name in ("enable_tasks", "disable_tasks", "toggle_tasks", "run_tasks")},
    ("community.Activity", "cancel_activities"): ADMINS,
    ("community.ActivityRegistration", "cancel_registrations"): ADMINS,
    ("community.Animal", "mark_unavailable"): ADMINS, ("community.Animal", "mark_available"): ADMINS,
    ("community.AnimalClaim", "cancel_claims"): ADMINS,
    ("travel.Invitation", "decline_invitations"): ADMINS,
    **{("marketplace.Item", name): CONTENT for name in ("withdraw_items", "relist_items", "take_down", "restore")},
    **{("marketplace.Trade", name): ADMINS for name in ("reject_trades", "reset_trades", "sweep_timeouts")},
    **{("merchants.Merchant", name): MERCHANT_REVIEW for name in ("approve", "reject", "suspend", "reinstate")},
    **{("merchants.MerchantApplication", name): MERCHANT_REVIEW for name in ("convert", "reject")},
    **{("merchants.Product", name): CONTENT for name in ("take_down", "restore")},
    **{("merchants.SuccessCase", name): CONTENT for name in ("submit", "take_down", "restore")},
    # publishing is content:publish: the content manager (and super_admin), not admin (DESIGN §8)
    **{("merchants.SuccessCase", name): SUPER | {"content_manager"} for name in ("publish", "send_back", "unpublish")},
    **{("orders.Order", f"order_{name}"): ADMINS
       for name in ("cancel", "refund", "complete", "activate", "expire")},
    ("orders.Order", "export_csv"): ADMINS,
    ("orders.Payment", "mark_failed"): ADMINS, ("orders.Payment", "refund_orders"): ADMINS,
    **{(f"orders.{model}", "delete_selected"): SUPER for model in ("Plan", "Promotion", "Quotation")},
    ("underwrite.Underwrite", "soft_delete"): SUPER | {"underwrite_operator"},
    ("underwrite.Underwrite", "mark_passed"): SUPER | {"underwrite_reviewer"},
    ("underwrite.Underwrite", "mark_failed"): SUPER | {"underwrite_reviewer"},
}
# Checked as offered / refused, not run when allowed: run_tasks reaches a Celery broker.
NOT_RUN = {("django_celery_beat.PeriodicTask", "run_tasks")}
# The change view of these rows is chosen, not the first one: the one every reader of the model may open.
ROW_FILTER = {"orders.Order": {"kind": "plan"}}

REGISTRY = {model._meta.label: (model, model_admin) for model, model_admin in admin.site._registry.items()}


def member(role: str):
    return staff_user() if role == "none" else staff_user(role)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(model, view: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def snapshot(obj) -> dict:
    fresh = type(obj)._default_manager.filter(pk=obj.pk).values().first()
    return {key: value for key, value in (fresh or {}).items() if key not in ("updated_at", "date_changed")}


def all_actions() -> set[tuple[str, str]]:
    """Every (model, action) offered to any role (a Django superuser is not a role: it is left out)."""
    found = set()
    for role in ROLES:
        request = RequestFactory().get("/admin/")
        request.user = member(role)
        for label, (_model, model_admin) in REGISTRY.items():
            if model_admin.has_view_permission(request):
                found |= {(label, name) for name in model_admin.get_actions(request)}
    return found


def test_every_admin_and_action_has_a_row():
    assert set(REGISTRY) == set(MAY_SEE)
    assert all_actions() == set(MAY_RUN)
    for (label, _name), roles in MAY_RUN.items():
        assert roles <= MAY_SEE[label], label


@pytest.fixture
def world():
    build_world()


@pytest.mark.parametrize("label", sorted(MAY_SEE))
def test_changelist_and_change_view(world, label):
    model, _model_admin = REGISTRY[label]
    obj = model._default_manager.filter(**ROW_FILTER.get(label, {})).order_by("pk").first()
    assert obj is not None, f"the world has no {label}"
    assert Client().get(url(model, "changelist")).status_code == 302  # anonymous → login
    assert login(UserFactory()).get(url(model, "changelist")).status_code == 302  # not staff → login
    for role in ROLES:
        client = login(member(role))
        listing = client.get(url(model, "changelist"))
        change = client.get(url(model, "change", obj.pk))
        if role in MAY_SEE[label]:
            assert listing.status_code == 200, (label, role)
            assert change.status_code == 200, (label, role)
        else:
            assert listing.status_code == 403, (label, role)
            # refused, or hidden: not in the role's queryset (the admin redirects: "does not exist")
            assert change.status_code in (403, 302), (label, role, change.status_code)


def _offered(client: Client, model) -> set[str]:
    form = client.get(url(model, "changelist")).context["action_form"]
    return {name for name, _text in form.fields["action"].choices if name} if form else set()


@pytest.mark.parametrize("label", sorted({label for label, _name in MAY_RUN}))
def test_actions(world, label):
    model, _model_admin = REGISTRY[label]
    obj = model._default_manager.filter(**ROW_FILTER.get(label, {})).order_by("pk").first()
    names = sorted(name for model_label, name in MAY_RUN if model_label == label)
    clients = {role: login(member(role)) for role in ROLES}
    for role in ROLES:
        if role in MAY_SEE[label]:
            offered = _offered(clients[role], model)
            assert offered == {name for name in names if role in MAY_RUN[(label, name)]}, (label, role)
    for name in names:
        body = {"action": name, "_selected_action": [obj.pk], "apply": "1", "reason": "authorization matrix"}
        # refused roles first: the row must not change
        for role in sorted(ROLES, key=lambda r: r in MAY_RUN[(label, name)]):
            before = snapshot(obj)
            if role in MAY_RUN[(label, name)]:
                if (label, name) not in NOT_RUN:
                    answer = clients[role].post(url(model, "changelist"), body)
                    assert answer.status_code in (200, 302), (label, name, role, answer.status_code)
                continue
            answer = clients[role].post(url(model, "changelist"), body)
            # a role that sees the list but is not offered the action gets the list back ("no action selected")
            assert answer.status_code in ((200, 302) if role in MAY_SEE[label] else (403,)), (label, name, role)
            assert snapshot(obj) == before, (label, name, role)
