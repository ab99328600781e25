"""ASGI entry point: HTTP through Django, `/ws/…` through Channels, on one port."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddleware  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.sessions import CookieMiddleware, SessionMiddleware  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402

# The consumer checks Origin itself (DESIGN §8): a browser socket must come from an allowed host; a client
# without Origin must authenticate with a token frame.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": CookieMiddleware(SessionMiddleware(AuthMiddleware(URLRouter(websocket_urlpatterns)))),
    }
)
