"""Security settings (production headers, auth tokens, DRF, login lockout, CSP, input limits): imported by
`config.settings`; every value comes from the environment through the same helpers."""

from datetime import timedelta

from csp.constants import NONE, SELF, UNSAFE_INLINE

from config.settings.env import env_bool, env_int, env_list, env_str

# --- Security (production values when DEBUG is off; `check --deploy` is clean with HTTPS=1) ----------------
HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", HTTPS) else None
SECURE_SSL_REDIRECT = HTTPS
# Production review: the proxy's / orchestrator's plain-HTTP health probe must not be redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Production review: explicit (Django's defaults) so a later edit has to change them on purpose.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A CSRF refusal under /api/ answers the envelope's 403, not Django's HTML page (issue 17, the fuzzer's ST105).
CSRF_FAILURE_VIEW = "common.views.csrf_failure"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Trusted reverse proxies whose X-Forwarded-For is believed (operation log IPs); empty = use REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# --- DRF / JWT / schema ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # JWT first, so a missing/invalid credential answers 401 with WWW-Authenticate (DESIGN §4).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "common.tokens.VersionedJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["common.api.EnvelopeJSONRenderer"],
    # JSON only; the views that take files (items' images, underwrite photos) add multipart themselves. A form
    # cannot say null, a nested list or an object, so a form-encoded body for a JSON-shaped input was refused
    # while the schema offered it (issue 17, the fuzzer's "schema-valid request rejected").
    "DEFAULT_PARSER_CLASSES": ["common.jsonlimits.LimitedJSONParser"],
    "DEFAULT_PAGINATION_CLASSES": None,
    "DEFAULT_PAGINATION_CLASS": "common.pagination.PageSizePagination",
    "PAGE_SIZE": 10,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "common.schema.ProjectAutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "auth": env_str("THROTTLE_AUTH", "20/min"),
        "apply": env_str("THROTTLE_APPLY", "10/hour"),
        "want": env_str("THROTTLE_WANT", "60/min"),
        "chat": env_str("THROTTLE_CHAT", "120/min"),
    },
    "NUM_PROXIES": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "COERCE_DECIMAL_TO_STRING": True,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env_int("JWT_ACCESS_SECONDS", 15 * 60)),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=env_int("JWT_REFRESH_SECONDS", 7 * 24 * 3600)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "AUTH_HEADER_TYPES": ("Bearer",),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tradepost API",
    "DESCRIPTION": "Every response is wrapped in the envelope {code, message, data}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from the project, no CDN (DESIGN §9 "Site"; drf-spectacular-sidecar).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.envelope_schema_hook",
        "common.schema.path_pattern_hook",
        "common.jsonrpc_schema.jsonrpc_schema_hook",
    ],
}


# --- Input limits (DESIGN §9): JSON bodies and frames, JSON-RPC batches, images ------------------------------
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 64)
JSON_MAX_BYTES = env_int("JSON_MAX_BYTES", 1024 * 1024)
JSONRPC_MAX_CALLS = env_int("JSONRPC_MAX_CALLS", 50)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)

# --- Idempotency-Key on order creation and pay (DESIGN §9) ----------------------------------------------------
IDEMPOTENCY_TTL = env_int("IDEMPOTENCY_TTL", 24 * 3600)

# --- Content-Security-Policy (django-csp) on every page: the site, the admin, Swagger UI and ReDoc -----------
# No inline script and no eval anywhere; inline styles stay allowed (the admin's and ReDoc's style elements).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Failed-login lockout: django-axes, one backend for the API token, the admin and /accounts/login/ ---------
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_USERNAME_CALLABLE = "accounts.lockout.username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_LOCKOUT_PARAMETERS = ["username"]  # per account name: guessing from many addresses does not help
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # in the database: works with Redis down
AXES_VERBOSE = False
# By design per account name (seed 004); each address is limited by the `auth` throttle instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
