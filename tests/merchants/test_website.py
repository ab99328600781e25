"""Website (seed 004 官网): anonymous merchant applications converted by staff, success cases through
draft → in_review → published, and taking content down."""

import pytest

from accounts.models import User
from chat.models import Message
from marketplace.models import Item
from merchants.models import Merchant, MerchantApplication, MerchantEvent, Product, SuccessCase
from tests.factories import UserFactory
from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, SuccessCaseFactory, staff_user

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _configured_throttle_rates(monkeypatch, settings):
    """DRF binds throttle rates at import; use the configured ones even if another test left others behind."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]))


SEED_APPLY = {
    "business_name": "XX农场",
    "contact_person": "张三",
    "contact_phone": "13800138000",
    "email": "zhangsan@example.com",
    "description": "专业养殖羊驼的农场",
}


def test_apply_anonymously_answers_the_seed_shape(api):
    response = api.post("/api/v1/website/merchant/apply", SEED_APPLY, format="json", REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 200
    data = response.json()["data"]
    assert {k: data[k] for k in SEED_APPLY} == SEED_APPLY
    assert data["status"] == "pending" and {"id", "created_at"} <= set(data)
    application = MerchantApplication.objects.get()
    assert application.ip_address == "198.51.100.3"
    assert list(application.events.values_list("type", flat=True)) == ["submitted"]


def test_apply_rejects_bad_input_and_is_throttled(api, settings):
    # The `apply` throttle is counted by the service (every door), so a refused form does not count.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "apply": "2/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    response = api.post("/api/v1/website/merchant/apply", {**SEED_APPLY, "email": "nope", "contact_phone": "x"},
                        format="json")
    assert response.status_code == 400
    assert {"email", "contact_phone"} <= set(response.json()["data"])
    assert not MerchantApplication.objects.exists()
    codes = [api.post("/api/v1/website/merchant/apply", SEED_APPLY, format="json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert MerchantApplication.objects.count() == 2


def test_convert_creates_an_approved_merchant_for_a_new_account_and_tells_them(client_for):
    application = MerchantApplicationFactory(email="owner@example.com", merchant_type="")
    reviewer = client_for(staff_user("merchant_reviewer"))
    url = f"/api/v1/admin/applications/{application.pk}/convert"
    response = reviewer.post(url, {}, format="json")
    assert response.status_code == 400 and "merchant_type" in response.json()["data"]
    assert not Merchant.objects.exists()

    response = reviewer.post(url, {"merchant_type": "flower_shop"}, format="json")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "converted"
    merchant = Merchant.objects.select_related("user").get(pk=data["merchant_id"])
    assert (merchant.status, merchant.merchant_type, merchant.business_name) == (
        "approved", "flower_shop", application.business_name)
    owner = merchant.user
    assert owner.email == "owner@example.com" and owner.phone == application.contact_phone
    assert not owner.has_usable_password()
    assert list(MerchantEvent.objects.filter(merchant=merchant).values_list("type", flat=True)) == [
        "registered", "approved"]
    assert Message.objects.filter(recipient=owner, data__event="merchant_approved").count() == 1
    assert reviewer.post(url, {"merchant_type": "flower_shop"}, format="json").status_code == 409
    assert User.objects.filter(email="owner@example.com").count() == 1


def test_convert_reuses_the_account_with_the_applicants_email_or_a_named_user(client_for):
    existing = UserFactory(email="known@example.com")
    reviewer = client_for(staff_user("admin"))
    first = MerchantApplicationFactory(email="known@example.com")
    assert reviewer.post(f"/api/v1/admin/applications/{first.pk}/convert").status_code == 200
    assert Merchant.objects.get(user=existing).status == "approved"
    # A user already owning a merchant cannot get a second one.
    second = MerchantApplicationFactory()
    response = reviewer.post(f"/api/v1/admin/applications/{second.pk}/convert", {"username": existing.username},
                             format="json")
    assert response.status_code == 409
    second.refresh_from_db()
    assert second.status == "pending"
    response = reviewer.post(f"/api/v1/admin/applications/{second.pk}/convert", {"username": "ghost"},
                             format="json")
    assert response.status_code == 400


def test_reject_application(client_for):
    application = MerchantApplicationFactory()
    reviewer = client_for(staff_user("merchant_reviewer"))
    assert reviewer.post(f"/api/v1/admin/applications/{application.pk}/reject").status_code == 400
    response = reviewer.post(f"/api/v1/admin/applications/{application.pk}/reject", {"reason": "spam"},
                             format="json")
    assert response.json()["data"]["status"] == "rejected"
    response = reviewer.post(f"/api/v1/admin/applications/{application.pk}/convert")
    assert response.status_code == 409 and "rejected" in response.json()["message"]
    listing = reviewer.get("/api/v1/admin/applications?status=rejected").json()["data"]
    assert [a["id"] for a in listing["list"]] == [application.pk]


# --- Success cases ------------------------------------------------------------------------------------------

def test_case_goes_draft_review_published_and_only_then_is_public(api, client_for):
    editor = client_for(staff_user("content_manager"))
    response = editor.post("/api/v1/admin/cases", {"title": "XX农场成功入驻案例", "description": "数字化转型",
                                                   "image_url": "https://example.com/case1.jpg"}, format="json")
    assert response.status_code == 201
    case_id = response.json()["data"]["id"]
    assert response.json()["data"]["state"] == "draft"
    assert api.get("/api/v1/website/cases").json()["data"]["pagination"]["total"] == 0
    assert editor.post(f"/api/v1/admin/cases/{case_id}/publish").status_code == 409  # must be reviewed first
    assert editor.post(f"/api/v1/admin/cases/{case_id}/submit").json()["data"]["state"] == "in_review"
    assert api.get("/api/v1/website/cases").json()["data"]["list"] == []
    published = editor.post(f"/api/v1/admin/cases/{case_id}/publish").json()["data"]
    assert published["state"] == "published" and published["published_at"]

    body = api.get("/api/v1/website/cases?page=1&size=10").json()
    assert body["code"] == 0
    assert body["data"]["pagination"] == {"page": 1, "size": 10, "total": 1}
    assert body["data"]["list"] == [{
        "id": case_id, "title": "XX农场成功入驻案例", "description": "数字化转型",
        "image_url": "https://example.com/case1.jpg", "created_at": body["data"]["list"][0]["created_at"],
    }]
    events = list(SuccessCase.objects.get(pk=case_id).events.values_list("type", "to_state"))
    assert events == [("created", "draft"), ("submitted", "in_review"), ("published", "published")]


def test_public_case_list_query_count(api, django_assert_num_queries):
    for _ in range(5):
        SuccessCaseFactory(state="published")
    SuccessCaseFactory(state="published", hidden=True)
    SuccessCaseFactory(state="in_review")
    with django_assert_num_queries(2):  # count + page
        data = api.get("/api/v1/website/cases").json()["data"]
    assert data["pagination"]["total"] == 5


# --- Taking content down ------------------------------------------------------------------------------------

def test_take_down_hides_an_item_and_tells_the_seller(client_for):
    seller = UserFactory()
    item = Item.objects.create(seller=seller, title="Bike", price="10.00")
    moderator = client_for(staff_user("content_manager"))
    response = moderator.post(f"/api/v1/admin/content/item/{item.pk}/take-down", {"reason": "counterfeit"},
                              format="json")
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.hidden
    notice = Message.objects.get(recipient=seller, data__event="content_taken_down")
    assert notice.item_id == item.pk and "counterfeit" in notice.content
    assert moderator.post(f"/api/v1/admin/content/item/{item.pk}/take-down", {"reason": "x"},
                          format="json").status_code == 409
    assert moderator.post(f"/api/v1/admin/content/item/{item.pk}/restore").status_code == 200
    item.refresh_from_db()
    assert not item.hidden


def test_take_down_a_product_and_a_case(api, client_for):
    merchant = MerchantFactory(status="approved")
    product = Product.objects.create(merchant=merchant, name="羊驼认领体验", price="1000.00")
    case = SuccessCaseFactory(state="published", merchant=merchant)
    moderator = client_for(staff_user("admin"))
    assert api.get("/api/v1/website/cases").json()["data"]["pagination"]["total"] == 1
    for kind, pk in (("product", product.pk), ("case", case.pk)):
        assert moderator.post(f"/api/v1/admin/content/{kind}/{pk}/take-down", {"reason": "违规"},
                              format="json").status_code == 200
    product.refresh_from_db()
    assert product.hidden
    assert api.get("/api/v1/website/cases").json()["data"]["pagination"]["total"] == 0
    assert Message.objects.filter(recipient=merchant.user, data__event="content_taken_down").count() == 2
    assert moderator.post("/api/v1/admin/content/animal/1/take-down", {"reason": "x"},
                          format="json").status_code == 400
    assert moderator.post("/api/v1/admin/content/item/999999/take-down", {"reason": "x"},
                          format="json").status_code == 404


# --- End to end ---------------------------------------------------------------------------------------------

def test_onboarding_end_to_end_apply_convert_then_register_approve_suspend_reinstate(api, client_for):
    reviewer = client_for(staff_user("merchant_reviewer"))
    app_id = api.post("/api/v1/website/merchant/apply", {**SEED_APPLY, "merchant_type": "farm_owner"},
                      format="json").json()["data"]["id"]
    merchant_id = reviewer.post(f"/api/v1/admin/applications/{app_id}/convert").json()["data"]["merchant_id"]
    assert Merchant.objects.get(pk=merchant_id).can_sell

    applicant = UserFactory()
    client = client_for(applicant)
    mid = client.post("/api/v1/merchants/register", {**SEED_APPLY, "merchant_type": "activity_organizer"},
                      format="json").json()["data"]["id"]
    for action, status in (("approve", "approved"), ("suspend", "suspended"), ("reinstate", "approved")):
        assert reviewer.post(f"/api/v1/admin/merchants/{mid}/{action}").json()["data"]["status"] == status
    assert client.get("/api/v1/merchants/me").json()["data"]["status"] == "approved"
    events = list(Message.objects.filter(recipient=applicant).order_by("id").values_list("data__event", flat=True))
    assert events == ["merchant_registered", "merchant_approved", "merchant_suspended", "merchant_reinstated"]


def test_demo_merchants_are_approved_and_loading_twice_changes_nothing():
    import io

    from accounts import demo as accounts_demo
    from merchants import demo as demo_merchants

    accounts_demo.load(password="tradepost-demo", stdout=io.StringIO())
    demo_merchants.load(password="tradepost-demo", stdout=io.StringIO())
    demo_merchants.load(password="tradepost-demo", stdout=io.StringIO())
    farm = Merchant.objects.get(user__username="farm")
    fun = Merchant.objects.get(user__username="fun")
    assert (farm.merchant_type, farm.status) == ("farm_owner", "approved")
    assert (fun.merchant_type, fun.status) == ("activity_organizer", "approved")
    assert MerchantEvent.objects.filter(merchant__in=[farm, fun]).count() == 4
    inspector = User.objects.get(username="inspector")
    assert set(inspector.groups.values_list("name", flat=True)) == {
        "underwrite_operator", "underwrite_reviewer", "merchant_reviewer"}
    assert inspector.has_perm("accounts.merchant:review")
