"""Sign up, log in, log out, profile — and the layout rules every page follows (CSRF, language, errors)."""

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_the_user_and_logs_them_in(client):
    response = client.post("/accounts/signup/", {
        "username": "carol", "nickname": "Carol", "email": "carol@example.com",
        "password": "a-long-passphrase-1", "password2": "a-long-passphrase-1",
    })
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="carol")
    assert user.nickname == "Carol" and user.check_password("a-long-passphrase-1")
    assert client.get("/accounts/profile/").status_code == 200  # the session is theirs


def test_signup_errors_appear_next_to_the_field_and_create_nothing(client):
    UserFactory(username="taken")
    response = client.post("/accounts/signup/", {
        "username": "taken", "password": "12345678", "password2": "12345678",
    }, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    form = response.context["form"]
    # the service's "username taken" lands on the username field, not as a generic page error
    assert form.errors["username"] == ["Already in use."]
    html = response.content.decode()
    assert 'id="id_username_error"' in html
    assert User.objects.filter(username="taken").count() == 1


def test_signup_password_mismatch_is_a_field_error(client):
    response = client.post("/accounts/signup/", {"username": "dave", "password": "a-long-passphrase-1",
                                                 "password2": "other-passphrase-2"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["password2"] == ["The two passwords differ."]
    assert not User.objects.filter(username="dave").exists()


def test_login_and_logout(client):
    user = UserFactory(username="erin")
    response = client.post("/accounts/login/", {"username": "erin", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_with_a_wrong_password_says_so(client):
    UserFactory(username="frank")
    response = client.post("/accounts/login/", {"username": "frank", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Wrong username or password." in response.content.decode()


def test_logout_is_post_only(client, user):
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session


def test_profile_update_and_unique_phone_error(client, user, other_user):
    other_user.phone = "13800000000"
    other_user.save()
    client.force_login(user)
    response = client.post("/accounts/profile/", {"nickname": "Zed", "phone": "13800000000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == ["Already in use."]
    user.refresh_from_db()
    assert user.nickname != "Zed"  # nothing changed
    response = client.post("/accounts/profile/", {"nickname": "Zed", "phone": "13900000000", "gender": "female"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.nickname, user.phone, user.gender) == ("Zed", "13900000000", "female")


def test_profile_needs_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_every_form_needs_csrf(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.post("/accounts/profile/", {"nickname": "x"}).status_code == 403
    page = browser.get("/accounts/profile/").content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 3  # profile form, logout, language switcher


def test_pages_speak_chinese_by_default_and_english_on_request(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"  # the real default (tests run in English otherwise)
    assert "登录" in client.get("/accounts/login/").content.decode()
    assert "Log in" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_language_switcher_sets_the_language(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert "登录" in client.get("/accounts/login/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert "Log in" in client.get("/accounts/login/").content.decode()


def test_our_own_strings_are_translated_into_chinese(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "二手市场" in page and "Second-hand market" not in page
    assert "Second-hand market" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
