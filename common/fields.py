"""Serializer fields shared by every app, and the project's rule for JSON text.

DRF's `CharField` quietly turns a JSON number into text (`"phone": 0` → "0"), while the schema it generates says
`type: string`. The API follows its schema: a text field takes a JSON string and answers 400 "Not a valid
string." to anything else, and its `maxLength` counts the text as sent, before trimming (`strict_text`,
installed once by `CommonConfig.ready`, so every `CharField` and its subclasses — email, URL, regex, slug, the
ones ModelSerializer builds — follow it). Form and multipart data are
strings already. A field that takes an id *or* a name on purpose (seed examples send both) says so with
`IdOrText`, which keeps the number and documents `oneOf: [integer, string]`.
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

_lenient_to_internal_value = serializers.CharField.to_internal_value


def _strict_to_internal_value(self, data):
    if not isinstance(data, str) and not getattr(self, "accepts_numbers", False):
        self.fail("invalid")
    # `maxLength` is the length of the text as sent; DRF would measure it after trimming, and so take
    # " " * 5 + a full-length value that the schema calls too long.
    if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
        self.fail("max_length", max_length=self.max_length)
    return _lenient_to_internal_value(self, data)


def strict_text() -> None:
    serializers.CharField.to_internal_value = _strict_to_internal_value


# "Holds a character str.strip() keeps": the characters spelled out, since `\S` differs between Python (the
# server, the fuzzer's generator: \x1c-\x1f and \x85 are space) and the schema validators (\ufeff is space).
NOT_BLANK = r"[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
                                {"type": "string", "minLength": 1, "pattern": NOT_BLANK}]})
class IdOrText(serializers.CharField):
    """A reference by numeric id or by name/code: a JSON integer or a string (kept as text)."""

    accepts_numbers = True

    def to_internal_value(self, data):
        if isinstance(data, float) or (isinstance(data, int) and not 1 <= data <= 2**63 - 1):
            self.fail("invalid")
        return super().to_internal_value(data)


# --- Decimals ------------------------------------------------------------------------------------------------
# Money and rates are exact decimal text on the wire, and a JSON number is accepted too (DESIGN §8: seeds send
# numbers). The text must be plain decimal digits — no exponent, no spaces — with the field's digits and sign:
# the pattern the schema documents is the one the server applies. A JSON number is a binary float, so it is read
# as the nearest value on the field's grid (ROUND_HALF_UP) once it is inside the field's bounds; the bounds are
# checked on the number as sent, so a number just below a minimum is refused rather than rounded up into range.


def decimal_bounds(field: serializers.DecimalField) -> tuple[Decimal | None, Decimal | None]:
    """The smallest and largest value the field takes (its min/max, or what its digits allow)."""
    largest = None
    if field.max_whole_digits is not None:
        largest = Decimal(10) ** field.max_whole_digits - _unit(field)
    high = field.max_value if field.max_value is not None else largest
    low = field.min_value if field.min_value is not None else (-largest if largest is not None else None)
    return low, high


def _unit(field: serializers.DecimalField) -> Decimal:
    return Decimal(1).scaleb(-(field.decimal_places or 0))


def decimal_pattern(field: serializers.DecimalField) -> str:
    """The decimal text the field takes: its sign only when it may be negative, at least one non-zero digit when
    its minimum is positive (a minimum of one unit: 0.01 for cents), the whole and fractional digits it holds."""
    return _decimal_pattern(field.max_whole_digits, field.decimal_places or 0, field.min_value).pattern


@functools.lru_cache(maxsize=64)
def _decimal_pattern(whole: int | None, places: int, minimum: Decimal | None) -> re.Pattern:
    """Built once per shape of field: every decimal input of every request is matched against it."""
    return re.compile(_decimal_pattern_text(whole, places, minimum))


def _decimal_pattern_text(whole: int | None, places: int, minimum: Decimal | None) -> str:
    digits = rf"\d{{1,{whole}}}" if whole else (r"\d+" if whole is None else "0?")
    if minimum is not None and minimum > 0 and minimum <= Decimal(1).scaleb(-places) and whole != 0:
        # Positive: a non-zero whole part, or a zero whole part with a non-zero fraction.
        nonzero_whole = rf"0{{0,{whole}}}[1-9]\d{{0,{whole - 1}}}" if whole else r"0*[1-9]\d*"
        fraction = "|".join(rf"0{{{k}}}[1-9]\d{{0,{places - 1 - k}}}" for k in range(places))
        body = rf"{nonzero_whole}(?:\.\d{{0,{places}}})?"
        if places:
            zero = rf"0{{0,{whole}}}" if whole else "0*"
            body += rf"|{zero}\.(?:{fraction})"
        return rf"^(?:{body})$"
    sign = "" if minimum is not None and minimum >= 0 else "-?"
    number = rf"{digits}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}}" if places else digits
    return rf"^{sign}(?:{number})$"


_lenient_decimal = serializers.DecimalField.to_internal_value


def _strict_decimal(self, data):
    if isinstance(data, bool):
        self.fail("invalid")
    if isinstance(data, (int, float)):
        value = Decimal(repr(data)) if isinstance(data, float) else Decimal(data)
        if not value.is_finite():
            self.fail("invalid")
        low, high = decimal_bounds(self)
        if low is not None and value < low:
            self.fail("min_value", min_value=low)
        if high is not None and value > high:
            self.fail("max_value", max_value=high)
        data = str(value.quantize(_unit(self), rounding=ROUND_HALF_UP))
    elif isinstance(data, str) and not _decimal_pattern(self.max_whole_digits, self.decimal_places or 0,
                                                         self.min_value).fullmatch(data):
        self.fail("invalid")
    return _lenient_decimal(self, data)


def strict_decimals() -> None:
    serializers.DecimalField.to_internal_value = _strict_decimal
