"""Bench-only settings: the product settings, plus the floor endpoints when BENCH_FLOORS=1.

Floors never appear in the product URLs: only a server started with DJANGO_SETTINGS_MODULE=bench.settings
and BENCH_FLOORS=1 serves them (bench/floor_urls.py).
"""

import os

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

if os.environ.get("BENCH_FLOORS") == "1":
    ROOT_URLCONF = "bench.floor_urls"

# Benchmarks send thousands of requests from one address: the product throttles would answer 429.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {scope: "1000000/min" for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
