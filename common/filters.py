"""The one way lists filter (issue 13 item 8): a django-filter `FilterSet` in the app's selectors, applied by
`filtered()`, which answers bad input with the 400 envelope; `filter_parameters()` documents a FilterSet's
query parameters in the OpenAPI schema for the plain APIViews.

`AnyOf`: a filter whose repeated parameters (`?state=a&state=b`) or comma-separated values (`?state=a,b`)
mean "any of"."""

import re

import django_filters
from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter

from common.errors import ValidationFailed
from common.query import check_value, not_a_choice, query_values, refused


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet that builds its form class once per FilterSet class: django-filter builds it,
    and every filter's form field and translated label, on every request (a third of a filtered list request's
    Python time, issue 19). The filters here are static (no per-request choices); form instances still copy
    their fields, as Django's forms do."""

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_static_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._static_form_class = form_class
        return form_class


class AnyOfWidget(django_filters.widgets.CSVWidget):
    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        raw = raw if isinstance(raw, list | tuple) else [raw]
        values = [part.strip() for value in raw if value for part in str(value).split(",") if part.strip()]
        return values or None


class AnyOf(django_filters.BaseInFilter, django_filters.CharFilter):
    """Any of the given values: `?x=a&x=b` or `?x=a,b`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        super().__init__(*args, **kwargs)


class AnyOfChoice(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Any of the given `choices` (repeated or comma-separated); an unknown value is a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        super().__init__(*args, **kwargs)


MAX_ID = 2**63 - 1  # bigint: a larger id is a 400, not a database error


class IdFilter(django_filters.NumberFilter):
    """A whole number (an id) within bigint: "1.5", "x", "0" or 2**63 is a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def choice_list_pattern(choices) -> str:
    """The pattern of a comma-separated list of one or more of `choices` (each a word: no regex syntax)."""
    words = [str(choice) for choice in choices]
    assert all(re.fullmatch(r"[\w-]+", word) for word in words), words
    alternatives = "|".join(words)
    return rf"^(?:{alternatives})(?:,(?:{alternatives}))*$"


def _choices(flt) -> list[str]:
    return [str(choice[0]) for choice in flt.extra.get("choices") or ()]


def value_schema(flt) -> dict:
    """The JSON schema of one filter's value as query text, with every rule the server applies to it
    (common.query): an id's bounds (`seller=0` is a 400: `minimum: 1`), a choice's enum, a list filter's pattern.
    A list filter is one text of comma-separated values (repeating the parameter also works, as "any of", which
    OpenAPI cannot say of a text): an array would make every text a one-item array, so a schema-driven client could
    not tell a valid free-text value from an invalid one."""
    if isinstance(flt, AnyOfChoice):
        return {"type": "string", "pattern": choice_list_pattern(_choices(flt))}
    if isinstance(flt, AnyOf):
        return {"type": "string"}
    if isinstance(flt, django_filters.ChoiceFilter):
        return {"type": "string", "enum": _choices(flt)}
    if isinstance(flt, IdFilter):
        schema = {"type": "integer"}
    elif isinstance(flt, django_filters.NumberFilter):
        schema = {"type": "number"}
    elif isinstance(flt, django_filters.UUIDFilter):
        return {"type": "string", "format": "uuid"}
    else:
        schema = {"type": "string"}
        if flt.extra.get("max_length") is not None:
            schema["maxLength"] = flt.extra["max_length"]
        return schema
    for key, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
        if flt.extra.get(key) is not None:
            schema[keyword] = flt.extra[key]
    return schema


def _value_schemas(filterset_class) -> dict[str, dict]:
    """Every filter's `value_schema`, built once per FilterSet class (like its form class): the filters are
    static, and `check_query` runs on every filtered list request."""
    schemas = filterset_class.__dict__.get("_static_value_schemas")
    if schemas is None:
        schemas = {name: value_schema(flt) for name, flt in filterset_class.base_filters.items()}
        filterset_class._static_value_schemas = schemas
    return schemas


def check_query(filterset_class, params) -> None:
    """The query rule (common.query) for a FilterSet's parameters: one value each (a list filter may repeat), an
    empty value is not given, any other is valid for `value_schema`; else the 400 naming the parameter."""
    schemas = _value_schemas(filterset_class)
    for name, flt in filterset_class.base_filters.items():
        values = query_values(params, name)
        if len(values) > 1 and not isinstance(flt, AnyOf | AnyOfChoice):
            raise refused(name, _("Give this parameter once."))
        for value in values:
            if value == "":
                continue
            if isinstance(flt, AnyOfChoice):
                allowed = _choices(flt)
                unknown = [part for part in value.split(",") if part not in allowed]
                if unknown:
                    raise refused(name, not_a_choice(",".join(unknown) or '""'))
            else:
                check_value(name, value, schemas[name])


def filtered(filterset_class, params, queryset, **kwargs):
    """`queryset` narrowed by `params` (query parameters) through `filterset_class`; 400 on bad filters (the query
    rule of common.query first, then the FilterSet's form). A request naming none of the filters skips building
    the form (the hot lists' first page), unless one of them is required (then its absence is the 400)."""
    named = any(name in params for name in filterset_class.base_filters)
    if not named and not any(flt.extra.get("required") for flt in filterset_class.base_filters.values()):
        return queryset
    check_query(filterset_class, params)
    filterset = filterset_class(params, queryset=queryset, **kwargs)
    if not filterset.is_valid():
        errors = {k: [str(e) for e in v] for k, v in filterset.errors.items()}
        raise ValidationFailed(next(iter(errors.values()))[0], data=errors)
    return filterset.qs


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """The FilterSet's query parameters for `extend_schema(parameters=...)`, each with its `value_schema`. An
    empty value is no filter, which the envelope hook documents as `allowEmptyValue`."""
    params = []
    for name, flt in filterset_class.base_filters.items():
        description = str(flt.label or "")
        if isinstance(flt, AnyOfChoice):
            description += f" One or more of {', '.join(_choices(flt))}, separated by commas (or the parameter " \
                           "repeated): any of."
        elif isinstance(flt, AnyOf):
            description += " One or more, separated by commas (or the parameter repeated): any of."
        params.append(OpenApiParameter(name, value_schema(flt), required=bool(flt.extra.get("required")),
                                       description=description.strip()))
    return params
