"""What a message may be about (an order, an item) and who may talk about it.

The apps that own those things register their rules here in their `AppConfig.ready` (orders, marketplace),
so chat, a lower layer, never imports them (DESIGN §1)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.errors import NotFound


@dataclass(frozen=True)
class Subject:
    # between(ref, sender_id=…, recipient_id=…) → the row both people may talk about; raises NotFound (or
    # ValidationFailed for a malformed ref) otherwise.
    between: Callable[..., object]
    # of_user(ref, user_id=…) → the id of a row the user is party to, or None (history filters).
    of_user: Callable[..., object] | None = None


_SUBJECTS: dict[str, Subject] = {}


def subject_register(kind: str, subject: Subject) -> None:
    _SUBJECTS[kind] = subject


def _subject(kind: str) -> Subject:
    try:
        return _SUBJECTS[kind]
    except KeyError:
        raise NotFound(_("Not found.")) from None


def subject_between(kind: str, ref, *, sender_id: int, recipient_id: int):
    """The `kind` row named by `ref` that both people are party to; else 404 (nobody learns anything)."""
    return _subject(kind).between(ref, sender_id=sender_id, recipient_id=recipient_id)


def subject_id_of_user(kind: str, ref, *, user_id: int):
    """The id of the `kind` row named by `ref` that `user_id` is party to, or None."""
    of_user = _subject(kind).of_user
    return of_user(ref, user_id=user_id) if of_user else None
