import pytest

from orders import cache


@pytest.fixture
def fake_cache():
    """The order cache on a private fakeredis server (no Redis needed); keys are namespaced as in production."""
    import fakeredis

    client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    cache.use_client(client)
    yield client
    cache.use_client(None)
