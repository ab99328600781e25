"""API module; its urlpatterns are included by config/urls.py."""

urlpatterns = []
