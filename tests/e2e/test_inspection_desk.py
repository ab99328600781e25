"""Issue 14 point 2 in a real browser: the demo `inspector` (underwrite operator + reviewer) runs an
inspection in /admin/ — finds today's inspection by the plan-time filter, fills it (place, operator,
certificates, two problems, a photo upload, a note), submits "passed": the order is underwritten and the
buyer's open notification page gets the notice over the socket. A second context holding the form it read
before the fill gets "changed meanwhile" with the current value, and nothing is overwritten. Screenshots at
1280 px."""

import struct
import zlib
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import OperationLog
from orders.models import Order
from tests.e2e.conftest import WIDE, log_in, off_loop, screenshot, wait_live
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.staff import staff_user
from tests.factories.underwrite import PlanOrderFactory
from underwrite import services
from underwrite.models import Underwrite
from underwrite.permissions import OPERATOR_GROUP, REVIEWER_GROUP

pytestmark = pytest.mark.e2e

LIST = "/admin/underwrite/underwrite/"


def png_bytes() -> bytes:
    """A valid 2×2 PNG (the photo check reads the content, not the name)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _row in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_inspector_fills_and_passes_todays_inspection_in_the_admin(e2e):
    # The roles with their permissions (another transactional test may have flushed the seeded groups).
    inspector = staff_user(OPERATOR_GROUP, REVIEWER_GROUP, username="inspector", nickname="验车员")
    buyer = UserFactory(username="owen", nickname="Owen")
    order = PlanOrderFactory(buyer=buyer)
    later = PlanOrderFactory()
    today = off_loop(services.underwrite_create, actor=inspector, oid=order.order_no, plan_time=timezone.now(),
                     validate_place="东方银座")
    off_loop(services.underwrite_create, actor=inspector, oid=later.order_no,
             plan_time=timezone.now() + timedelta(days=3), validate_place="国贸")

    buyer_page = e2e.page()
    log_in(buyer_page, "owen", TEST_PASSWORD)
    buyer_page.goto("/notifications/")
    wait_live(buyer_page)

    desk = e2e.context().new_page()
    desk.set_viewport_size(WIDE)
    log_in(desk, "inspector", TEST_PASSWORD)
    desk.goto(LIST)
    desk.locator('a[href="?plan=today"]').first.click()  # the plan-time filter, in any language
    rows = desk.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(order.order_no)
    screenshot(desk, "issue14-desk-list-1280")

    # A second inspector's browser opens the same form now, before the fill: it will be stale.
    stale = e2e.context().new_page()
    stale.set_viewport_size(WIDE)
    log_in(stale, "inspector", TEST_PASSWORD)
    stale.goto(f"{LIST}{today.pk}/desk/")

    rows.first.get_by_role("link", name="Inspect").click()
    form = desk.locator("form#desk-fill")
    form.get_by_label("Inspection place").fill("东直门")
    form.get_by_label("Certificate state").select_option(str(Underwrite.CertificateState.ALL))
    form.get_by_label("Operator").select_option(label="inspector")
    form.get_by_label("Note").fill("Front bumper scratched; tyres fine.")
    form.locator("[name=problems-0-type]").fill("剐蹭")
    form.locator("[name=problems-0-description]").fill("前保险杠")
    form.locator("[name=problems-1-type]").fill("漆面")
    form.locator("[name=problems-1-description]").fill("左前门")
    form.locator("[name=photos-0-file]").set_input_files(
        files=[{"name": "front.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    screenshot(desk, "issue14-desk-fill-1280")
    form.get_by_role("button", name="Save inspection").click()
    expect(desk.locator(".messagelist")).to_contain_text("Inspection saved")
    expect(desk.get_by_test_id("desk-problems")).to_contain_text("剐蹭")
    expect(desk.get_by_test_id("desk-problems")).to_contain_text("漆面")
    expect(desk.locator("[data-testid=desk-photos] img")).to_have_count(1)

    desk.get_by_role("button", name="Submit result: passed").click()
    expect(desk.locator(".messagelist")).to_contain_text("passed")
    expect(desk.get_by_test_id("desk-state")).to_have_text("passed")
    screenshot(desk, "issue14-desk-passed-1280")

    expect(buyer_page.locator("#notices-live")).to_contain_text("passed underwriting")
    assert Order.objects.get(pk=order.pk).state == Order.S.UNDERWRITTEN

    # The stale form: the fill it read is gone; it is told, shown the current value, and changes nothing.
    stale_form = stale.locator("form#desk-fill")
    stale_form.get_by_label("Inspection place").fill("somewhere else")
    stale_form.get_by_label("Note").fill("overwritten?")
    stale_form.get_by_role("button", name="Save inspection").click()
    expect(stale.locator(".messagelist")).to_contain_text("changed meanwhile")
    expect(stale.locator(".messagelist")).to_contain_text("东直门")
    expect(stale.get_by_test_id("desk-real-place")).to_have_text("东直门")
    screenshot(stale, "issue14-desk-stale-1280")

    underwrite = Underwrite.objects.get(pk=today.pk)
    assert underwrite.state == Underwrite.S.PASSED
    assert underwrite.real_place == "东直门" and underwrite.note == "Front bumper scratched; tyres fine."
    assert underwrite.certificate_state == Underwrite.CertificateState.ALL
    assert sorted(underwrite.problems.values_list("type", flat=True)) == ["剐蹭", "漆面"]
    assert underwrite.photos.filter(file__startswith="underwrite/").count() == 1
    logged = OperationLog.objects.filter(admin=inspector, target_id=str(today.pk))
    assert set(logged.values_list("operation", "status")) >= {
        ("underwrite:fill", "success"), ("underwrite:submit_result", "success"), ("underwrite:fill", "failed"),
    }
