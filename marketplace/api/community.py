"""API for this area; its urlpatterns are included by marketplace.api.urls."""

urlpatterns = []
