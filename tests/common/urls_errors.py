"""A test-only URLconf whose views raise each domain error, to pin the envelope for every status."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common import errors


def make_view(exc):
    class ErrorView(APIView):
        permission_classes = [AllowAny]

        def get(self, request):
            if exc is None:
                return Response({"hello": "world"})
            raise exc

    return ErrorView.as_view()


class Crash(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/ok", make_view(None)),
    path("api/v1/e400", make_view(errors.ValidationFailed("bad thing", data={"field": ["bad"]}))),
    path("api/v1/e403", make_view(errors.PermissionDenied())),
    path("api/v1/e404", make_view(errors.NotFound())),
    path("api/v1/e409", make_view(errors.TransitionNotAllowed("wrong state"))),
    path("api/v1/e429", make_view(errors.RateLimited())),
    path("api/v1/crash", Crash.as_view()),
]
