from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from common.fields import NOT_BLANK, decimal_bounds, decimal_pattern


class ProjectAutoSchema(AutoSchema):
    """Name nested serializers (`RegisterApi.Input`) by their qualified name, so the house-style
    `Input`/`Output` classes of different views never collide as schema components."""

    def _get_serializer_name(self, serializer, direction, bypass_extensions=False):
        name = super()._get_serializer_name(serializer, direction, bypass_extensions)
        cls = serializer if isinstance(serializer, type) else serializer.__class__
        qualname = getattr(cls, "__qualname__", "")
        if "." in qualname and "<locals>" not in qualname and name.startswith(cls.__name__):
            name = qualname.replace(".", "") + name[len(cls.__name__):]
        return name

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """The input constraints the fields enforce, said in the schema (issue 17: the fuzzer's "schema-valid
        request rejected"): a decimal's digits are required (drf-spectacular's pattern admits "" and "-") and
        its sign only when it may be negative, and a JSON number within its bounds is taken too
        (common.fields); a required text that is trimmed must hold a non-space."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or not isinstance(schema, dict):
            return schema
        if isinstance(field, serializers.DecimalField) and schema.get("format") == "decimal":
            schema = decimal_request_schema(field, schema)
        elif (type(field) is serializers.CharField and not field.allow_blank and field.trim_whitespace
              and "pattern" not in schema and schema.get("type") == "string"):
            schema["pattern"] = NOT_BLANK
        return schema

    def _get_request_for_media_type(self, serializer, direction="request"):
        """House style: a PATCH body is partial only where the view validates it with `partial=True` and says so
        with `extend_schema(request=Input(partial=True))`. The other PATCH views (underwrite note, places,
        result; exchange amount, rate) validate the whole body, so their required fields are documented
        required, not made optional the way drf-spectacular does for every PATCH."""
        if self.method == "PATCH" and not getattr(serializer, "partial", False):
            self.method = "PUT"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

    def _get_paginator(self):
        # House style: plain APIViews answer lists through common.api.paginate() → {"list", "pagination"}
        # (DESIGN §4), so a list response is documented paginated unless the view says otherwise
        # (`pagination_class = None` on a view that answers a bare array).
        if not hasattr(self.view, "pagination_class"):
            from common.pagination import PageSizePagination

            return PageSizePagination()
        return super()._get_paginator()

    def get_operation_id(self):
        """Keep path parameters in the id (`v1_trades_by_trade_id_by_action_create`): routes such as
        `trades/{id}/{action}` must not collide with `trades`."""
        import re

        method = self.method.lower()
        if method == "get":
            action = "retrieve" if self._is_list_view() is False else "list"
        else:
            action = self.method_mapping[method]
        path = re.sub(r"^/api/", "", self.path)
        path = re.sub(r"\{(\w+)\}", r"by_\1", path)
        tokens = [token for token in re.split(r"[^A-Za-z0-9_]+", path) if token]
        return "_".join([*tokens, action])


def path_pattern_hook(result, generator, request, public):
    """drf-spectacular copies a route's group regex as is: `(?P<action>pay|cancel)` becomes the pattern
    `^pay|cancel$`, which any value ending in "cancel" matches. Group the alternatives."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else ():
                schema = parameter.get("schema", {})
                pattern = schema.get("pattern", "")
                if parameter.get("in") == "path" and "|" in pattern and pattern.startswith("^") and pattern.endswith("$"):
                    inner = pattern[1:-1]
                    if not (inner.startswith("(") and inner.endswith(")")):
                        schema["pattern"] = f"^(?:{inner})$"
    return result


def decimal_request_schema(field, schema: dict) -> dict:
    """A decimal input: its exact text, or a JSON number within its bounds (common.fields parses both)."""
    text = {"type": "string", "format": "decimal", "pattern": decimal_pattern(field)}
    number = {"type": "number"}
    low, high = decimal_bounds(field)
    if low is not None:
        number["minimum"] = float(low)
    if high is not None:
        number["maximum"] = float(high)
    kept = {key: value for key, value in schema.items() if key not in {"type", "format", "pattern", "minimum", "maximum"}}
    return {**kept, "oneOf": [text, number]}
