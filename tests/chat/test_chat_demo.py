import pytest

from chat.models import Message

pytestmark = pytest.mark.django_db


def test_demo_conversation_loads_once():
    import io

    from accounts import demo as accounts_demo
    from chat import demo

    accounts_demo.load(password="demo-pass-123", stdout=io.StringIO())
    demo.load(password="demo-pass-123", stdout=io.StringIO())
    demo.load(password="demo-pass-123", stdout=io.StringIO())
    assert Message.objects.count() == 3
    assert Message.objects.filter(sender__username="bob", recipient__username="alice").count() == 1
