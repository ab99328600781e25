"""Root conftest (kept for pytest's rootdir); test fixtures live in tests/conftest.py."""
