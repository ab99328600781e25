"""Times in the display time zone everywhere, live ones too: a live chat bubble in a browser set to UTC shows
the same Asia/Shanghai time as the history; trade deadlines count down."""

import re
import zoneinfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

from chat.models import Message
from chat.services import chat_message_send
from marketplace.services.trades import trade_start
from tests.e2e.conftest import log_in, off_loop, wait_live
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.e2e


def test_live_bubble_and_history_use_the_display_zone_in_a_utc_browser(e2e, browser):
    reader = UserFactory(username="rita", nickname="Rita")
    writer = UserFactory(username="will", nickname="Will")
    context = browser.new_context(base_url=e2e.base_url, locale="en-US", timezone_id="UTC", bypass_csp=True)
    e2e.contexts.append(context)
    page = context.new_page()
    log_in(page, "rita", TEST_PASSWORD)
    page.goto(f"/inbox/{writer.pk}/")
    wait_live(page)
    off_loop(chat_message_send, sender_id=writer.pk, to=reader.pk, content="live hello")
    bubble = page.locator("#thread li", has_text="live hello")
    expect(bubble).to_have_count(1)
    created = Message.objects.get(content="live hello").created_at
    shown = created.astimezone(zoneinfo.ZoneInfo(settings.DISPLAY_TIME_ZONE)).strftime("%m-%d %H:%M")
    expect(bubble.locator("time")).to_have_text(shown)
    page.reload()
    expect(page.locator("#thread li", has_text="live hello").locator("time")).to_have_text(shown)


def test_a_pending_trade_counts_down_to_its_deadline(e2e):
    seller = UserFactory(username="sam", nickname="Sam")
    buyer = UserFactory(username="bea", nickname="Bea")
    item = ItemFactory(seller=seller, title="Kettle")
    off_loop(trade_start, item_id=item.pk, buyer=buyer)
    page = e2e.page()
    log_in(page, "bea", TEST_PASSWORD)
    page.goto("/trades/")
    countdown = page.get_by_test_id("countdown").locator("time")
    expect(countdown).to_have_text(re.compile(r"^(\d+d )?\d\d:\d\d:\d\d$"))
    first = countdown.text_content()
    # It ticks each second; on a loaded machine the timer may fire late, so wait for the change (up to 5 s).
    expect(countdown).not_to_have_text(first, timeout=5000)
