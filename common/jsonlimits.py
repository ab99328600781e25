"""Limits on every JSON door (DESIGN §9 "Input limits"): REST bodies (the DRF parser below), JSON-RPC, the
socket's frames and payment callbacks parse with `json_loads_limited`. Deeper than JSON_MAX_DEPTH, larger
than JSON_MAX_BYTES, or holding a NUL or a lone surrogate (PostgreSQL refuses both) is a `JSONLimitError`
(a ValueError), answered 400 / an error frame instead of a RecursionError or a DataError (500)."""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


class JSONLimitError(ValueError):
    pass


def json_check(value, *, max_depth: int | None = None) -> None:
    """Walk `value` without recursion: refuse nesting deeper than `max_depth` and NUL/lone surrogates in
    any string (keys included)."""
    max_depth = settings.JSON_MAX_DEPTH if max_depth is None else max_depth
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if _BAD_CHARS.search(node):
                raise JSONLimitError(_("Text may not contain NUL characters or lone surrogates."))
        elif isinstance(node, (dict, list)):
            if depth > max_depth:
                raise JSONLimitError(_("JSON nested deeper than %(max)d levels.") % {"max": max_depth})
            if isinstance(node, dict):
                stack.extend((key, depth) for key in node)
                stack.extend((item, depth + 1) for item in node.values())
            else:
                stack.extend((item, depth + 1) for item in node)


def json_loads_limited(raw: bytes | str, *, max_bytes: int | None = None):
    """`json.loads` within the limits; raises JSONLimitError (or ValueError for malformed JSON)."""
    max_bytes = settings.JSON_MAX_BYTES if max_bytes is None else max_bytes
    if len(raw) > max_bytes:
        raise JSONLimitError(_("JSON body larger than %(max)d bytes.") % {"max": max_bytes})
    try:
        value = json.loads(raw)
    except RecursionError:
        raise JSONLimitError(_("JSON nested too deeply.")) from None
    json_check(value)
    return value


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser with the limits: a violation is a 400 ParseError (the envelope's `code` 400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(settings.JSON_MAX_BYTES + 1) if stream is not None else b""
        if not raw:
            raise ParseError(_("JSON parse error - empty body."))
        try:
            return json_loads_limited(raw)
        except JSONLimitError as exc:
            raise ParseError(str(exc)) from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
