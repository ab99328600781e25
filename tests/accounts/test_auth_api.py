import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher

pytestmark = pytest.mark.django_db


def test_register_token_profile_refresh_logout_flow(api):
    response = api.post(
        "/api/v1/auth/register",
        {"username": "carol", "password": "s3cret-pass-phrase", "email": "carol@example.com", "nickname": "Carol"},
        format="json",
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) >= {"access", "refresh", "user"}
    assert data["user"]["username"] == "carol" and data["user"]["nickname"] == "Carol"
    assert isinstance(data["user"]["id"], int)

    response = api.post("/api/v1/auth/token", {"username": "carol", "password": "s3cret-pass-phrase"}, format="json")
    assert response.status_code == 200
    tokens = response.json()["data"]

    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    profile = api.get("/api/v1/users/profile").json()["data"]
    assert profile["username"] == "carol"
    assert set(profile) >= {"id", "openid", "nickname", "avatar", "gender", "birthday", "phone", "email"}

    response = api.put(
        "/api/v1/users/profile",
        {"nickname": "新昵称", "gender": "female", "birthday": "1995-01-01", "phone": "13900139000"},
        format="json",
    )
    assert response.status_code == 200
    user = get_user_model().objects.get(username="carol")
    assert (user.nickname, user.gender, str(user.birthday), user.phone) == ("新昵称", "female", "1995-01-01", "13900139000")

    api.credentials()
    refreshed = api.post("/api/v1/auth/token/refresh", {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200
    new_tokens = refreshed.json()["data"]
    assert "access" in new_tokens

    # rotation blacklisted the old refresh token
    assert api.post("/api/v1/auth/token/refresh", {"refresh": tokens["refresh"]}, format="json").status_code == 401

    assert api.post("/api/v1/auth/logout", {"refresh": new_tokens["refresh"]}, format="json").status_code == 200
    response = api.post("/api/v1/auth/token/refresh", {"refresh": new_tokens["refresh"]}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == 401


def test_wrong_password_is_401(api, user):
    response = api.post("/api/v1/auth/token", {"username": user.username, "password": "nope"}, format="json")
    assert response.status_code == 401


def test_register_refuses_duplicates_and_weak_passwords(api, user):
    response = api.post("/api/v1/auth/register", {"username": user.username, "password": "s3cret-pass-phrase"}, format="json")
    assert response.status_code == 400
    response = api.post("/api/v1/auth/register", {"username": "newbie", "password": "123"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["data"]
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_profile_update_refuses_taken_phone(user_api, other_user, user):
    other_user.phone = "13800138000"
    other_user.save()
    response = user_api.put("/api/v1/users/profile", {"phone": "13800138000"}, format="json")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.phone is None


def test_profile_update_refuses_bad_types(user_api, user):
    response = user_api.put("/api/v1/users/profile", {"birthday": "not-a-date", "gender": "robot"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["data"]) == {"birthday", "gender"}


def test_logout_with_garbage_token_is_401_like_refresh(api):
    """An invalid refresh token is a bad credential: 401, as auth/token/refresh answers (it was a 400, which the
    fuzzer's positive-data check reads as a schema-valid request rejected)."""
    assert api.post("/api/v1/auth/logout", {"refresh": "garbage"}, format="json").status_code == 401


def test_production_hasher_is_strong(settings):
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = get_user_model().objects.create_user("hashy", password="s3cret-pass-phrase")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_optional_unique_fields_store_null(db):
    User = get_user_model()
    a = User.objects.create_user("a1", password="x", phone="", email="", openid="")
    b = User.objects.create_user("b1", password="x", phone="", email="", openid="")
    assert a.phone is None and b.email is None and b.openid is None
