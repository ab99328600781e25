"""One error family (STYLE rule 9): services raise these; the API handler and the pages render them."""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A domain error with an HTTP-like status, a human message and optional data (field errors…)."""

    status = 400
    default_message = _("Invalid request.")

    def __init__(self, message=None, *, data=None):
        self.message = message if message is not None else self.default_message
        self.data = data
        super().__init__(str(self.message))


class ValidationFailed(ApplicationError):
    status = 400
    default_message = _("Invalid input.")


class NotAuthenticated(ApplicationError):
    status = 401
    default_message = _("Authentication credentials were not provided.")


class PermissionDenied(ApplicationError):
    status = 403
    default_message = _("You do not have permission to perform this action.")


class NotFound(ApplicationError):
    status = 404
    default_message = _("Not found.")


class Conflict(ApplicationError):
    status = 409
    default_message = _("The request conflicts with the current state.")


class TransitionNotAllowed(Conflict):
    """A state machine transition that the current state does not allow."""

    default_message = _("This action is not allowed in the current state.")


class Stale(Conflict):
    """A write based on a value the client has not seen (optimistic concurrency)."""

    default_message = _("This record was changed by someone else; reload and try again.")


class RateLimited(ApplicationError):
    status = 429
    default_message = _("Too many requests; slow down.")


class BadGateway(ApplicationError):
    status = 502
    default_message = _("An upstream service failed.")


def transition_not_allowed(obj, action: str, field: str = "state") -> TransitionNotAllowed:
    """Build the 409 for `action` on `obj`, naming its current state (DESIGN §3)."""
    state = getattr(obj, field)
    return TransitionNotAllowed(
        _("Cannot %(action)s: %(model)s is %(state)s.")
        % {"action": action, "model": obj._meta.verbose_name, "state": state},
        data={"state": state, "action": action},
    )
