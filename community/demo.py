"""Community demo data (DESIGN §4 "Demo data", §8 "Demo merchants"): animals and products for `farm`, an
activity for `fun`. Idempotent. The merchants themselves come from the staff demo; without an approved
merchant profile nothing is created for that user."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from common.demo_images import demo_picture_url
from community.models import Activity, Animal
from merchants.models import Merchant, Product

ANIMALS = [
    {"name": "小羊驼", "species": "羊驼", "breed": "苏利羊驼", "birth_date": date(2020, 1, 1), "personality": "温顺可爱",
     "price": Decimal("1000.00")},
    {"name": "棉花糖", "species": "羊驼", "breed": "华卡约羊驼", "birth_date": date(2021, 5, 20), "personality": "好奇，爱吃胡萝卜",
     "price": Decimal("1200.00")},
    {"name": "小花", "species": "奶牛", "breed": "荷斯坦", "birth_date": date(2019, 3, 8), "personality": "安静",
     "price": Decimal("2000.00")},
]
PRODUCTS = [
    {"name": "羊驼认领体验", "description": "提供一个月的羊驼认领体验服务", "price": Decimal("1000.00"),
     "category": "animal_claim"},
    {"name": "农场鲜奶 (1L)", "description": "当天现挤", "price": Decimal("25.00"), "category": "food"},
]


def load(*, password: str, stdout) -> None:
    farm = Merchant.objects.filter(user__username="farm", status=Merchant.Status.APPROVED).first()
    if farm is not None:
        for fields in ANIMALS:
            Animal.objects.get_or_create(merchant=farm, name=fields["name"],
                                         defaults={**fields, "farm_location": farm.address or "快乐农场"})
        for fields in PRODUCTS:
            product, _created = Product.objects.get_or_create(merchant=farm, name=fields["name"], defaults=fields)
            if not product.image_url.startswith(settings.MEDIA_URL):  # a picture of our own, not a remote one
                product.image_url = demo_picture_url(product.name, folder="demo")
                product.save(update_fields=["image_url"])
    fun = Merchant.objects.filter(user__username="fun", status=Merchant.Status.APPROVED).first()
    if fun is not None and not Activity.objects.filter(merchant=fun, title="周末羊驼亲子游").exists():
        start = (timezone.now() + timedelta(days=14)).replace(hour=2, minute=0, second=0, microsecond=0)
        Activity.objects.create(
            merchant=fun, title="周末羊驼亲子游", description="和羊驼一起散步、喂食，适合亲子。", activity_type="family",
            start_time=start, end_time=start + timedelta(hours=4), location="快乐农场", fee=Decimal("0.00"),
            max_participants=20,
        )
    stdout.write(
        "Community: "
        + (f"{len(ANIMALS)} animals and {len(PRODUCTS)} products for farm" if farm else "no approved 'farm' merchant")
        + ("; an activity for fun" if fun else "; no approved 'fun' merchant")
    )
