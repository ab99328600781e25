"""Deploy checks (DESIGN §9 "Payments in production"): with DEBUG off, the sandbox gateway on, an empty or
default payment secret, or the development SECRET_KEY is an error, so `check --deploy --fail-level ERROR`
(the Procfile's release and web start) refuses such a deploy."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_secrets_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    if getattr(settings, "PAYMENT_SANDBOX", False):
        errors.append(Error(
            "The sandbox payment gateway is on without DEBUG.",
            hint="Unset PAYMENT_SANDBOX (it is for development and tests only).", id="tradepost.E001",
        ))
    secret = getattr(settings, "PAYMENT_SANDBOX_SECRET", "")
    if not secret or secret == getattr(settings, "PAYMENT_SANDBOX_SECRET_DEFAULT", None):
        errors.append(Error(
            "PAYMENT_SANDBOX_SECRET is empty or the public default.",
            hint="Set PAYMENT_SANDBOX_SECRET to a long random value.", id="tradepost.E002",
        ))
    if settings.SECRET_KEY == getattr(settings, "DEV_SECRET_KEY", None):
        errors.append(Error(
            "SECRET_KEY is the public development key.", hint="Set SECRET_KEY.", id="tradepost.E003",
        ))
    return errors
