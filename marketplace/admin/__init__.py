"""Admin registrations of items and trades."""
from marketplace.admin import items  # noqa: F401
