"""Demo merchants (DESIGN §8): `farm` is the approved farm_owner, `fun` the approved activity_organizer.
Made through the same services a person would use; safe to run again. Called by the demo loader (config)."""

from accounts.demo import demo_user
from merchants.models import Merchant
from merchants.services.merchants import merchant_approve, merchant_register

DEMO_MERCHANTS = {
    "farm": {
        "merchant_type": Merchant.Type.FARM_OWNER, "business_name": "快乐羊驼农场",
        "business_license": "https://example.com/license-farm.jpg", "contact_person": "张三",
        "contact_phone": "13800138000", "address": "北京市朝阳区XX路XX号", "description": "专业养殖羊驼的农场",
    },
    "fun": {
        "merchant_type": Merchant.Type.ACTIVITY_ORGANIZER, "business_name": "趣玩户外活动",
        "contact_person": "李四", "contact_phone": "13900139000", "address": "上海市浦东新区XX路",
        "description": "组织周末徒步与露营活动",
    },
}


def load(*, password: str, stdout) -> None:
    reviewer = demo_user("admin")
    for username, fields in DEMO_MERCHANTS.items():
        user = demo_user(username)
        merchant = Merchant.objects.filter(user=user).first()
        if merchant is None or merchant.status == Merchant.Status.REJECTED:
            merchant = merchant_register(user=user, data=fields)
        if merchant.status == Merchant.Status.PENDING:
            merchant_approve(merchant_id=merchant.pk, actor=reviewer)
    stdout.write("Merchants: " + ", ".join(f"{u} (approved)" for u in DEMO_MERCHANTS))
