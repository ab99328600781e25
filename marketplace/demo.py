"""Demo data of the marketplace (idempotent): alice's items and a couple of wants by bob."""

from decimal import Decimal

from accounts.demo import demo_user
from common.demo_images import demo_picture
from marketplace.models import Item, ItemImage, Trade
from marketplace.services.trades import trade_start

DEMO_ITEMS = [
    {"title": "二手自行车 Bicycle", "category": "sports", "price": Decimal("120.00"), "depreciation": "八成新",
     "note": "骑了一年，刹车新换。"},
    {"title": "高数教材 Calculus textbook", "category": "books", "price": Decimal("15.50"), "depreciation": "九成新",
     "note": "有少量笔记。"},
    {"title": "台灯 Desk lamp", "category": "home", "price": Decimal("30.00"), "depreciation": "全新",
     "note": "LED, three brightness levels."},
    {"title": "机械键盘 Mechanical keyboard", "category": "electronics", "price": Decimal("199.00"),
     "depreciation": "七成新", "note": "Brown switches."},
]
BOB_WANTS = ["二手自行车 Bicycle", "台灯 Desk lamp"]


def load_items(*, stdout) -> None:
    alice, bob = demo_user("alice"), demo_user("bob")
    items = {}
    for fields in DEMO_ITEMS:
        item, _created = Item.objects.get_or_create(seller=alice, title=fields["title"], defaults=fields)
        if not item.images.exists():
            ItemImage.objects.create(item=item, image=demo_picture(item.title))
        items[item.title] = item
    for title in BOB_WANTS:
        item = items[title]
        has_trade = Trade.objects.filter(item=item, buyer=bob).exists()
        if not has_trade and item.state == Item.State.ON_SALE:
            trade_start(item_id=item.pk, buyer=bob)
    stdout.write(f"Items: {len(DEMO_ITEMS)} by alice; bob wants {len(BOB_WANTS)}")


def load(*, password: str, stdout) -> None:
    load_items(stdout=stdout)
