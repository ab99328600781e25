"""Seed 004 section 2 (API design), transcribed: every request example and its response example.

Money appears as numbers in the seed and as decimal strings here (DESIGN §8); "key by key" means every
key of the seed's example is present, recursively (DESIGN §8)."""

USER_LOGIN = {
    "request": {"code": "微信登录凭证"},
    "response": {"code": 0, "message": "success", "data": {
        "token": "用户token", "user": {"id": 1, "openid": "openid", "nickname": "用户昵称", "avatar": "头像URL"}}},
}
USER_PROFILE_GET = {
    "response": {"code": 0, "message": "success", "data": {
        "id": 1, "openid": "openid", "nickname": "用户昵称", "avatar": "头像URL", "gender": "male",
        "birthday": "1990-01-01", "phone": "13800138000", "email": "user@example.com"}},
}
USER_PROFILE_PUT = {
    "request": {"nickname": "新昵称", "gender": "female", "birthday": "1995-01-01", "phone": "13900139000",
                "email": "new@example.com"},
    "response": {"code": 0, "message": "success", "data": {}},
}
PLAN = {"id": 1, "user_id": 1, "destination": "目的地", "start_date": "2023-10-01", "end_date": "2023-10-07",
        "budget": 5000.00, "interests": "徒步,摄影", "visibility": "public", "created_at": "2023-09-01T12:00:00Z"}
TRAVEL_PLAN_CREATE = {
    "request": {"destination": "目的地", "start_date": "2023-10-01", "end_date": "2023-10-07", "budget": 5000.00,
                "interests": "徒步,摄影", "visibility": "public"},
    "response": {"code": 0, "message": "success", "data": PLAN},
}
TRAVEL_PLAN_LIST = {
    "query": "page=1&size=10&visibility=public",
    "response": {"code": 0, "message": "success", "data": {
        "list": [PLAN], "pagination": {"page": 1, "size": 10, "total": 1}}},
}
TRAVEL_MATCHES = {
    "query": "plan_id=1&page=1&size=10",
    "response": {"code": 0, "message": "success", "data": {
        "list": [{"id": 2, "user_id": 2, "destination": "目的地", "start_date": "2023-10-02", "end_date": "2023-10-08",
                  "budget": 4500.00, "interests": "徒步,美食", "match_score": 0.85}],
        "pagination": {"page": 1, "size": 10, "total": 1}}},
}
ANIMAL_LIST = {
    "query": "page=1&size=10&species=羊驼",
    "response": {"code": 0, "message": "success", "data": {
        "list": [{"id": 1, "merchant_id": 1, "name": "小羊驼", "species": "羊驼", "breed": "苏利羊驼",
                  "birth_date": "2020-01-01", "personality": "温顺可爱", "farm_location": "XX农场", "price": 1000.00,
                  "status": "available"}],
        "pagination": {"page": 1, "size": 10, "total": 1}}},
}
ANIMAL_CLAIM = {
    "request": {"price_paid": 1000.00},
    "response": {"code": 0, "message": "success", "data": {
        "id": 1, "user_id": 1, "animal_id": 1, "price_paid": 1000.00, "agreement_url": "https://example.com/agreement.pdf",
        "status": "active", "claimed_at": "2023-09-01T12:00:00Z"}},
}
ANIMAL_CLAIMS = {
    "query": "page=1&size=10&status=active",
    "response": {"code": 0, "message": "success", "data": {
        "list": [{"id": 1, "user_id": 1, "animal_id": 1, "animal_name": "小羊驼", "price_paid": 1000.00,
                  "status": "active", "claimed_at": "2023-09-01T12:00:00Z"}],
        "pagination": {"page": 1, "size": 10, "total": 1}}},
}
MERCHANT_REGISTER = {
    "request": {"merchant_type": "farm_owner", "business_name": "XX农场", "business_license": "https://example.com/license.jpg",
                "contact_person": "张三", "contact_phone": "13800138000", "address": "北京市朝阳区XX路XX号",
                "description": "专业养殖羊驼的农场"},
    "response": {"code": 0, "message": "success", "data": {
        "id": 1, "user_id": 1, "merchant_type": "farm_owner", "business_name": "XX农场",
        "business_license": "https://example.com/license.jpg", "contact_person": "张三", "contact_phone": "13800138000",
        "address": "北京市朝阳区XX路XX号", "description": "专业养殖羊驼的农场", "status": "pending",
        "created_at": "2023-09-01T12:00:00Z"}},
}
MERCHANT_PRODUCT_CREATE = {
    "request": {"name": "羊驼认领体验", "description": "提供一个月的羊驼认领体验服务", "price": 1000.00,
                "image_url": "https://example.com/product.jpg", "category": "animal_claim", "status": "available"},
    "response": {"code": 0, "message": "success", "data": {
        "id": 1, "merchant_id": 1, "name": "羊驼认领体验", "description": "提供一个月的羊驼认领体验服务", "price": 1000.00,
        "image_url": "https://example.com/product.jpg", "category": "animal_claim", "status": "available",
        "created_at": "2023-09-01T12:00:00Z"}},
}
MERCHANT_ORDERS = {
    "query": "page=1&size=10&status=paid",
    "response": {"code": 0, "message": "success", "data": {
        "list": [{"id": 1, "user_id": 2, "order_number": "ORD202309010001", "total_amount": 1000.00, "status": "paid",
                  "ordered_at": "2023-09-01T12:00:00Z"}],
        "pagination": {"page": 1, "size": 10, "total": 1}}},
}
WEBSITE_MERCHANT_APPLY = {
    "request": {"business_name": "XX农场", "contact_person": "张三", "contact_phone": "13800138000",
                "email": "zhangsan@example.com", "description": "专业养殖羊驼的农场"},
    "response": {"code": 0, "message": "success", "data": {
        "id": 1, "business_name": "XX农场", "contact_person": "张三", "contact_phone": "13800138000",
        "email": "zhangsan@example.com", "description": "专业养殖羊驼的农场", "status": "pending",
        "created_at": "2023-09-01T12:00:00Z"}},
}
WEBSITE_CASES = {
    "query": "page=1&size=10",
    "response": {"code": 0, "message": "success", "data": {
        "list": [{"id": 1, "title": "XX农场成功入驻案例", "description": "XX农场通过平台实现了数字化转型",
                  "image_url": "https://example.com/case1.jpg", "created_at": "2023-09-01T12:00:00Z"}],
        "pagination": {"page": 1, "size": 10, "total": 1}}},
}
