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
