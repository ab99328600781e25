"""Serializer fields shared by every app, and the project's rule for JSON text.

DRF's `CharField` quietly turns a JSON number into text (`"phone": 0` → "0"), while the schema it generates says
`type: string`. The API follows its schema: a text field takes a JSON string and answers 400 "Not a valid
string." to anything else (`strict_text`, installed once by `CommonConfig.ready`, so every `CharField` and its
subclasses — email, URL, regex, slug, the ones ModelSerializer builds — follow it). Form and multipart data are
strings already. A field that takes an id *or* a name on purpose (seed examples send both) says so with
`IdOrText`, which keeps the number and documents `oneOf: [integer, string]`.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

_lenient_to_internal_value = serializers.CharField.to_internal_value


def _strict_to_internal_value(self, data):
    if not isinstance(data, str) and not getattr(self, "accepts_numbers", False):
        self.fail("invalid")
    return _lenient_to_internal_value(self, data)


def strict_text() -> None:
    serializers.CharField.to_internal_value = _strict_to_internal_value


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
                                {"type": "string", "minLength": 1}]})
class IdOrText(serializers.CharField):
    """A reference by numeric id or by name/code: a JSON integer or a string (kept as text)."""

    accepts_numbers = True

    def to_internal_value(self, data):
        if isinstance(data, float) or (isinstance(data, int) and not 1 <= data <= 2**63 - 1):
            self.fail("invalid")
        return super().to_internal_value(data)
