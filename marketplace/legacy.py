"""Seed-000 compatibility routes (form data with `token`, answers {"status", "data"})."""

urlpatterns = []
