from drf_spectacular.openapi import AutoSchema


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
