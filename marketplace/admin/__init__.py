"""Admin registrations, one module per area."""
from marketplace.admin import community, items, merchants  # noqa: F401
