import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from common.pagination import count_cache_clear
from common.tokens import token_pair
from tests.factories import UserFactory


@pytest.fixture(scope="session", autouse=True)
def _close_db_pool_before_teardown(django_db_setup, django_db_blocker):
    """Connections opened by worker threads (sockets, sync_to_async) would keep the test database busy at
    teardown; end them so the test database can be dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    if getattr(connection, "pool", None) is not None:
        connection.close_pool()


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    # The site defaults to Simplified Chinese and ships a full zh_Hans catalog; tests assert the English
    # source strings, so a request without Accept-Language (and code outside a request) gets English here.
    # Tests about Chinese ask for it (Accept-Language: zh-hans, or settings.LANGUAGE_CODE).
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (tested in tests/accounts); tests that create many users use MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _clear_cache_namespace():
    """Clear only this run's keys: Redis may be shared by xdist workers and other checkouts."""
    backend = cache._cache if hasattr(cache, "_cache") else None
    if backend is not None and hasattr(backend, "get_client"):
        client = backend.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _clean_cache():
    _clear_cache_namespace()
    count_cache_clear()  # the large lists' totals kept in this process (common.pagination)
    yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def api():
    return APIClient()


def access_token_for(user) -> str:
    return token_pair(user)["access"]


@pytest.fixture
def client_for():
    """`client_for(user)` → an APIClient sending that user's Bearer token."""

    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
        return client

    return make


@pytest.fixture
def user_api(client_for, user):
    return client_for(user)


@pytest.fixture
def fake_cache():
    """The order cache on a private fakeredis server (no Redis needed); keys are namespaced as in production."""
    import fakeredis

    from orders import cache as order_cache

    client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    order_cache.use_client(client)
    yield client
    order_cache.use_client(None)


@pytest.fixture
def order_cache(settings, request):
    """The order cache's Redis client: the real one when REDIS_URL is set, else `fake_cache`."""
    from orders import cache as order_cache_module

    if settings.REDIS_URL:
        yield order_cache_module.client()
    else:
        yield request.getfixturevalue("fake_cache")
