"""`Idempotency-Key` for POST endpoints that create or pay (DESIGN §9): the same key from the same user within
IDEMPOTENCY_TTL answers the first result (header `Idempotent-Replayed: true`), even when both requests arrive
at once — the second waits on the record's unique index until the first commits, then replays its answer."""

import functools
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response

from common.errors import Conflict, ValidationFailed
from common.models import IdempotencyRecord

HEADER = "Idempotency-Key"


def _key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > 255 or not key.isprintable():
        raise ValidationFailed(_("Idempotency-Key must be 1 to 255 printable characters."),
                               data={HEADER: [_("Invalid key.")]})
    return key


def idempotent(view_method):
    """Decorate an APIView's `post`: with an Idempotency-Key, the view runs in one transaction with the
    record of its answer; a repeat replays that answer, a key reused for another path is a 409."""

    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = _key(request)
        if key is None or not request.user.is_authenticated:
            return view_method(self, request, *args, **kwargs)
        scope = f"{request.method} {request.path}"[:255]
        with transaction.atomic():
            IdempotencyRecord.objects.filter(
                user_id=request.user.pk, key=key,
                created_at__lt=timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_TTL),
            ).delete()
            record, created = IdempotencyRecord.objects.get_or_create(
                user_id=request.user.pk, key=key, defaults={"scope": scope})
            if not created:
                if record.scope != scope:
                    raise Conflict(_("This Idempotency-Key was used for another request."),
                                   data={HEADER: [_("Already used.")]})
                return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})
            response = view_method(self, request, *args, **kwargs)
            if response.status_code < 500:
                record.status_code, record.body = response.status_code, response.data
                record.save(update_fields=["status_code", "body"])
            return response

    return wrapper
