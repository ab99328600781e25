"""The one way lists filter (issue 13 item 8): a django-filter `FilterSet` in the app's selectors, applied by
`filtered()`, which answers bad input with the 400 envelope; `filter_parameters()` documents a FilterSet's
query parameters in the OpenAPI schema for the plain APIViews.

`AnyOf`: a filter whose repeated parameters (`?state=a&state=b`) or comma-separated values (`?state=a,b`)
mean "any of"."""

import django_filters
from django import forms
from drf_spectacular.utils import OpenApiParameter

from common.errors import ValidationFailed


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


def filtered(filterset_class, params, queryset, **kwargs):
    """`queryset` narrowed by `params` (query parameters) through `filterset_class`; 400 on bad filters.
    A request naming none of the filters skips building the form (the hot lists' first page), unless one of
    them is required (then its absence is the 400)."""
    named = any(name in params for name in filterset_class.base_filters)
    if not named and not any(flt.extra.get("required") for flt in filterset_class.base_filters.values()):
        return queryset
    filterset = filterset_class(params, queryset=queryset, **kwargs)
    if not filterset.is_valid():
        errors = {k: [str(e) for e in v] for k, v in filterset.errors.items()}
        raise ValidationFailed(next(iter(errors.values()))[0], data=errors)
    return filterset.qs


def _value_schema(flt) -> dict:
    """The JSON schema of one filter's value, with the bounds its form field enforces (a 400 outside them), so
    the schema says what the list accepts (`seller=0` is a 400: `minimum: 1`)."""
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


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """The FilterSet's query parameters for `extend_schema(parameters=...)`. An empty value is no filter
    (django-filter), which the envelope hook documents as `allowEmptyValue`."""
    params = []
    for name, flt in filterset_class.base_filters.items():
        many = isinstance(flt, AnyOf | AnyOfChoice)
        choices = flt.extra.get("choices") if isinstance(flt, django_filters.ChoiceFilter) else None
        kind = str if many or choices else _value_schema(flt)
        params.append(OpenApiParameter(
            name, kind, many=many or None, explode=True if many else None,
            required=bool(flt.extra.get("required")),
            enum=[c[0] for c in choices] if choices else None,
            description=str(flt.label or "") + (" Repeat or separate by commas: any of." if many else ""),
        ))
    return params
