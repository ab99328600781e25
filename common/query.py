"""The one rule of a list's query parameters (issue 17): the server refuses what the OpenAPI schema says is invalid
and accepts what it says is valid, because both read the same JSON schema of each parameter.

- A parameter is given once. Only a list filter (`common.filters.AnyOf`) may repeat: `?state=a&state=b` is "any of",
  like `?state=a,b`. `?page=1&page=2` or `?role=buyer&role=seller` is a 400.
- An empty value is "not given" (the schema says `allowEmptyValue`): `?page=&state=` is the first page of all.
- Any other value is checked as the text the schema's readers see: an integer is ASCII digits with an optional sign
  (not "1.0", " 1" or "１", which Python's int() and Django's forms would take), a number likewise with a fraction
  and an exponent; then the bounds, `maxLength`, `enum`, `pattern` and the `uuid` format.

A refusal is the 400 envelope naming the parameter: `{"code": 400, "message": "page: …", "data": {"page": […]}}`.
"""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _

from common.errors import ValidationFailed

INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def refused(name: str, message: str) -> ValidationFailed:
    """The 400 for one query parameter."""
    return ValidationFailed(f"{name}: {message}", data={name: [message]})


def query_values(params, name: str) -> list[str]:
    """Every value given for `name`: a QueryDict's list, or a plain dict's value (a list or one value)."""
    if hasattr(params, "getlist"):
        return params.getlist(name)
    if name not in params or params[name] is None:
        return []
    value = params[name]
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def query_value(params, name: str, schema: dict | None = None) -> str | None:
    """The value of the single-valued parameter `name`, checked against its `schema`; None when absent or empty.
    Given more than once, or not what `schema` says: a 400."""
    values = query_values(params, name)
    if len(values) > 1:
        raise refused(name, _("Give this parameter once."))
    if not values or values[0] == "":
        return None
    if schema is not None:
        check_value(name, values[0], schema)
    return values[0]


def check_value(name: str, value: str, schema: dict) -> None:
    """400 unless the non-empty text `value` of parameter `name` is valid for its JSON `schema`."""
    message = value_error(value, schema)
    if message is not None:
        raise refused(name, message)


def value_error(value: str, schema: dict) -> str | None:
    """Why the query text `value` is not valid for `schema` (None if it is). The messages are the project's or
    Django's forms' own, already translated."""
    kind = schema.get("type")
    if kind in ("integer", "number"):
        if kind == "integer" and not INTEGER_TEXT.fullmatch(value):
            return _("Must be an integer.")
        if kind == "number" and not NUMBER_TEXT.fullmatch(value):
            return str(forms.DecimalField.default_error_messages["invalid"])
        number = int(value) if kind == "integer" else Decimal(value)
        if "minimum" in schema and number < schema["minimum"]:
            return _("Must be at least %(min)d.") % {"min": schema["minimum"]}
        if "maximum" in schema and number > schema["maximum"]:
            return _("Must be at most %(max)d.") % {"max": schema["maximum"]}
        return None
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return _("At most %(limit)d characters.") % {"limit": schema["maxLength"]}
    if "enum" in schema and value not in schema["enum"]:
        return not_a_choice(value)
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return _("Invalid input.")
    if schema.get("format") == "uuid" and not UUID_TEXT.fullmatch(value):
        return str(forms.UUIDField.default_error_messages["invalid"])
    return None


def not_a_choice(value: str) -> str:
    """Django's "Select a valid choice. … is not one of the available choices." for `value`."""
    return str(forms.ChoiceField.default_error_messages["invalid_choice"]) % {"value": value}
